"""The privacy officer role: given by an administrator, lands on the audit log, sees no
client, and reaches no client page (the scope test tries every one)."""

from __future__ import annotations

from django.urls import reverse

from alongside.clients.access import capabilities_for, visible_to
from alongside.organizations.models import Membership, Role
from alongside.testing.personas import login


def test_an_administrator_can_make_someone_privacy_officer(client, cast):
    login(client, cast.alex)
    page = client.get(reverse("organizations:add_staff"))
    assert b'value="privacy_officer"' in page.content
    response = client.post(
        reverse("organizations:add_staff"),
        {"display_name": "Robin Rights", "email": "robin@hope.test", "role": "privacy_officer"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__email="robin@hope.test").role == Role.PRIVACY_OFFICER


def test_privacy_officers_see_no_client(cast):
    assert not visible_to(cast.pat).exists()
    for person in (cast.casey, cast.riley, cast.newcomer):
        assert capabilities_for(cast.pat, person) == frozenset()


def test_the_navigation_offers_the_log_to_reviewers_only(client, cast):
    audit = f'href="{reverse("privacy:audit")}"'.encode()
    glass = f'href="{reverse("privacy:break_glass")}"'.encode()
    for person, sees_log in ((cast.pat, True), (cast.dana, True), (cast.ana, False)):
        login(client, person)
        page = client.get(reverse("privacy:break_glass")).content
        assert (audit in page) is sees_log
        assert glass in page
