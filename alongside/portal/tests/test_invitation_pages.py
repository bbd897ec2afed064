"""The staff page for a client's portal access: invite (link and code shown once), revoke."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.portal.models import Invitation
from alongside.portal.services import invite_client
from alongside.testing.personas import login


def url(client):
    return reverse("invitations:manage", args=[client.public_id])


def revoke_url(client):
    return reverse("invitations:revoke", args=[client.public_id])


def by_email(address="casey@example.test"):
    return {"channel": "email", "email": address, "phone": ""}


def test_advocate_sees_the_portal_access_page(client, cast):
    login(client, cast.ana)
    response = client.get(url(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Portal access for Casey" in body
    assert "Not set up yet." in body
    assert "None sent." in body
    assert AccessEvent.objects.filter(
        user_id=cast.ana.pk, client_id=cast.casey.pk, action=Action.VIEW
    ).exists()


def test_client_profile_links_to_portal_access_for_those_who_may_invite(client, cast):
    login(client, cast.ana)
    profile = reverse("workspace:client", args=[cast.casey.public_id])
    assert url(cast.casey) in client.get(profile).content.decode()
    login(client, cast.cleo)
    assert url(cast.casey) not in client.get(profile).content.decode()


def test_advocate_invites_by_email_and_sees_the_link_and_code_once(
    client, cast, django_capture_on_commit_callbacks
):
    login(client, cast.ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(cast.casey), by_email())
    body = response.content.decode()
    assert response.status_code == 200
    assert "shown only this once" in body
    invitation = Invitation.objects.get()
    [message] = mail.outbox
    link = next(word for word in message.body.split() if "/me/join/" in word)
    assert f'value="{link}"' in body
    assert 'class="invite-code"' in body
    assert "We e-mailed the link to casey@example.test" in body
    assert invitation.created_by == cast.ana
    # Showing the page again does not show the secrets again: they were never stored.
    again = client.get(url(cast.casey)).content.decode()
    assert link not in again and "invite-code" not in again
    assert "Open" in again and "expires" in again


def test_a_phone_invitation_tells_the_advocate_to_read_out_the_code(client, cast):
    login(client, cast.ana)
    response = client.post(url(cast.casey), {"channel": "phone", "phone": "555 010 0123"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was sent. Read the code to Casey" in body
    assert mail.outbox == []
    assert Invitation.objects.get().channel == "phone"


def test_the_form_is_filled_in_with_the_clients_contact_details(client, cast):
    cast.casey.email = "casey@example.test"
    cast.casey.phone = "555 010 0123"
    cast.casey.save()
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    assert 'value="casey@example.test"' in body
    assert 'value="555 010 0123"' in body


def test_supervisor_may_invite_for_their_team(client, cast):
    login(client, cast.sam)
    assert client.post(url(cast.riley), by_email("riley@example.test")).status_code == 200
    assert Invitation.objects.get().client == cast.riley


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_portal_access_page_refuses_other_methods(client, cast, method):
    login(client, cast.ana)
    assert getattr(client, method)(url(cast.casey)).status_code == 405
    assert getattr(client, method)(revoke_url(cast.casey)).status_code == 405
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["oscar", "ben", "alex"])
def test_people_outside_the_clients_scope_get_not_found(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(cast.casey)).status_code == 404
    assert client.post(url(cast.casey), by_email()).status_code == 404
    assert client.post(revoke_url(cast.casey), {}).status_code == 404
    assert not Invitation.objects.exists()


def test_clinician_who_sees_the_client_is_refused_and_it_is_audited(client, cast):
    login(client, cast.cleo)
    assert client.get(url(cast.casey)).status_code == 403
    assert client.post(url(cast.casey), by_email()).status_code == 403
    assert client.get(revoke_url(cast.casey)).status_code == 403
    assert not Invitation.objects.exists()
    assert AccessEvent.objects.filter(
        user_id=cast.cleo.pk, client_id=cast.casey.pk, outcome=Outcome.DENIED
    ).exists()


def test_portal_access_requires_sign_in(client, cast):
    response = client.post(url(cast.casey), by_email())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"channel": "email", "email": "not-an-address"}, "Enter a valid email address."),
        ({"channel": "email", "email": ""}, "Enter the e-mail address to send the link to."),
        ({"channel": "phone", "phone": ""}, "Enter the phone number you will text or call."),
        ({"channel": "phone", "phone": "12"}, "Enter a phone number of 7 to 15 digits."),
        ({"channel": "pigeon"}, "Select a valid choice."),
        ({}, "This field is required."),
    ],
)
def test_bad_input_shows_a_clear_error_and_saves_nothing(client, cast, data, message):
    login(client, cast.ana)
    response = client.post(url(cast.casey), data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was saved." in body
    assert message in body
    assert not Invitation.objects.exists()
    assert not AccessEvent.objects.filter(action=Action.CREATE).exists()


# --- Revoking ------------------------------------------------------------------------------


def test_advocate_revokes_the_open_invitation_after_confirming(client, cast):
    issued = invite_client(cast.ana, cast.casey, email="casey@example.test")
    login(client, cast.ana)
    confirm = client.get(revoke_url(cast.casey))
    assert confirm.status_code == 200
    assert "will stop working" in confirm.content.decode()
    response = client.post(revoke_url(cast.casey), {"invitation": issued.invitation.public_id})
    assert response.status_code == 302
    assert response["Location"] == url(cast.casey)
    issued.invitation.refresh_from_db()
    assert issued.invitation.revoked_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "Invitation revoked" in page and "Revoked" in page


def test_the_status_page_offers_revoking_only_while_an_invitation_is_open(client, cast):
    login(client, cast.ana)
    assert revoke_url(cast.casey) not in client.get(url(cast.casey)).content.decode()
    invite_client(cast.ana, cast.casey, email="casey@example.test")
    assert revoke_url(cast.casey) in client.get(url(cast.casey)).content.decode()


def test_revoking_an_invitation_that_was_replaced_meanwhile_changes_nothing(client, cast):
    old = invite_client(cast.ana, cast.casey, email="casey@example.test")
    new = invite_client(cast.ana, cast.casey, email="casey@example.test")
    login(client, cast.ana)
    response = client.post(revoke_url(cast.casey), {"invitation": old.invitation.public_id})
    assert response.status_code == 422
    assert "no longer open" in response.content.decode()
    new.invitation.refresh_from_db()
    assert new.invitation.revoked_at is None


def test_revoking_without_naming_an_invitation_is_bad_input(client, cast):
    issued = invite_client(cast.ana, cast.casey, email="casey@example.test")
    login(client, cast.ana)
    assert client.post(revoke_url(cast.casey), {}).status_code == 422
    issued.invitation.refresh_from_db()
    assert issued.invitation.revoked_at is None


def test_an_invitation_of_another_client_cannot_be_revoked_through_this_one(client, cast):
    jordans = invite_client(cast.ana, cast.jordan, email="jordan@example.test")
    login(client, cast.ana)
    response = client.post(revoke_url(cast.casey), {"invitation": jordans.invitation.public_id})
    assert response.status_code == 422
    jordans.invitation.refresh_from_db()
    assert jordans.invitation.revoked_at is None
