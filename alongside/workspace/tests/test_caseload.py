"""My caseload: an advocate's current clients with their last contact."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AccessEvent
from alongside.testing.personas import login, make_client, make_encounter
from alongside.testing.querycount import count_queries


def test_advocate_sees_their_caseload_with_days_since_last_contact(client, cast):
    make_encounter(cast.casey, cast.ana, when=timezone.now() - timedelta(days=3))
    login(client, cast.ana)
    response = client.get(reverse("workspace:caseload"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Casey" in body and "Jordan" in body
    assert "Riley" not in body and "Quinn" not in body
    assert "3 days ago" in body
    assert "No contact yet" in body  # Jordan


def test_caseload_sorted_by_longest_without_contact_puts_never_contacted_first(client, cast):
    make_encounter(cast.jordan, cast.ana, when=timezone.now() - timedelta(days=1))
    login(client, cast.ana)
    body = client.get(reverse("workspace:caseload"), {"sort": "contact"}).content.decode()
    assert body.index("Casey") < body.index("Jordan")


def test_caseload_shows_a_friendly_empty_state(client, cast):
    from alongside.testing.personas import make_member

    newbie = make_member(cast.org, "new@hope.test", "New Advocate", "pra", supervisor=cast.sam)
    login(client, newbie)
    response = client.get(reverse("workspace:caseload"))
    assert "No one is assigned to you yet" in response.content.decode()


def test_caseload_view_is_audited_for_every_client_shown(client, cast):
    login(client, cast.ana)
    client.get(reverse("workspace:caseload"))
    shown = set(
        AccessEvent.objects.filter(user_id=cast.ana.pk, action="view").values_list(
            "client_id", flat=True
        )
    )
    assert shown == {cast.casey.pk, cast.jordan.pk}


def test_caseload_requires_sign_in(client, cast):
    response = client.get(reverse("workspace:caseload"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_caseload_query_count_does_not_grow_with_caseload_size(client, cast):
    login(client, cast.ana)
    url = reverse("workspace:caseload")
    client.get(url)  # the first audited request creates the tenant's chain head
    for i in range(8):
        make_encounter(make_client(cast.residential, f"Small {i}", advocate=cast.ana), cast.ana)
    small = count_queries(client, url)
    for i in range(190):
        make_client(cast.residential, f"Large {i:03}", advocate=cast.ana)
    large = count_queries(client, url)
    assert small == large


def test_pages_beyond_the_first_are_reachable(client, cast, settings):
    settings.ALONGSIDE_PAGE_SIZE = 1
    login(client, cast.ana)
    body = client.get(reverse("workspace:caseload"), {"page": 2}).content.decode()
    assert "Page 2 of 2" in body
