"""An administrator signs a member of their organization's staff out everywhere."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.organizations.models import Membership
from alongside.signins.models import Session
from alongside.testing.personas import login

TODAY = "/today/"


def signed_in(user) -> Client:
    browser = Client()
    login(browser, user)
    assert browser.get(reverse("signins:list")).status_code == 200
    return browser


def sign_out_url(membership: Membership) -> str:
    return reverse("signins_staff:end_member_sessions", args=[membership.public_id])


def membership_of(user) -> Membership:
    return Membership.objects.get(user=user)


def test_the_staff_page_offers_signing_someone_out(client, cast):
    login(client, cast.alex)
    page = reverse("organizations:edit_membership", args=[membership_of(cast.ana).public_id])
    body = client.get(page).content.decode()
    assert f'action="{sign_out_url(membership_of(cast.ana))}"' in body
    assert "Sign them out everywhere" in body


def test_an_administrator_signs_an_advocate_out_everywhere(client, cast):
    phone, laptop = signed_in(cast.ana), signed_in(cast.ana)
    ben = signed_in(cast.ben)
    login(client, cast.alex)
    membership = membership_of(cast.ana)
    response = client.post(sign_out_url(membership))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "organizations:edit_membership", args=[membership.public_id]
    )
    assert not Session.objects.filter(user=cast.ana).exists()
    assert phone.get(TODAY).status_code == laptop.get(TODAY).status_code == 302
    assert ben.get(TODAY).status_code == 200
    body = client.get(response["Location"]).content.decode()
    assert "Ana Advocate is signed out everywhere (2 sessions ended)." in body


def test_signing_someone_out_is_audited_as_a_staff_change(client, cast):
    signed_in(cast.ana)
    login(client, cast.alex)
    membership = membership_of(cast.ana)
    client.post(sign_out_url(membership))
    event = AccessEvent.objects.get(object_type="sessions")
    assert event.action == Action.DELETE
    assert event.object_public_id == str(membership.public_id)
    assert event.organization_id == cast.org.pk
    assert event.user_id == cast.alex.pk and event.role == "admin"
    assert event.client_id is None


def test_an_administrator_signing_themself_out_keeps_this_session(client, cast):
    elsewhere = signed_in(cast.alex)
    login(client, cast.alex)
    client.post(sign_out_url(membership_of(cast.alex)))
    assert elsewhere.get(reverse("overview:staff")).status_code == 302
    assert client.get(reverse("overview:staff")).status_code == 200


def test_another_organizations_administrator_gets_404_and_nothing_changes(client, cast):
    oscar = signed_in(cast.oscar)
    login(client, cast.alex)
    response = client.post(sign_out_url(membership_of(cast.oscar)))
    assert response.status_code == 404
    assert oscar.get(reverse("signins:list")).status_code == 200
    assert not AccessEvent.objects.filter(object_type="sessions").exists()


def test_people_who_are_not_administrators_are_refused(client, cast):
    ana = signed_in(cast.ana)
    for user in (cast.sam, cast.dana, cast.ben):
        login(client, user)
        assert client.post(sign_out_url(membership_of(cast.ana))).status_code == 403
    assert ana.get(TODAY).status_code == 200
    assert not AccessEvent.objects.filter(object_type="sessions").exists()


def test_signing_someone_out_takes_only_post(client, cast):
    ana = signed_in(cast.ana)
    login(client, cast.alex)
    assert client.get(sign_out_url(membership_of(cast.ana))).status_code == 405
    assert ana.get(TODAY).status_code == 200


def test_an_unknown_membership_is_a_404(client, cast):
    login(client, cast.alex)
    url = reverse(
        "signins_staff:end_member_sessions", args=["00000000-0000-4000-8000-000000000000"]
    )
    assert client.post(url).status_code == 404


def test_signing_out_someone_who_is_not_signed_in_says_so(client, cast):
    login(client, cast.alex)
    response = client.post(sign_out_url(membership_of(cast.ana)), follow=True)
    assert "Ana Advocate was not signed in anywhere." in response.content.decode()
    assert AccessEvent.objects.filter(object_type="sessions").count() == 1
