"""The invitation lifecycle through the services: invite, supersede, revoke, expire, redeem."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from alongside.accounts.models import User
from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.clients.access import visible_to
from alongside.portal.models import Invitation, Status, format_code, normalize_code
from alongside.portal.services import (
    InvitationNotValid,
    invite_client,
    redeem_invitation,
    revoke_invitation,
)
from alongside.portal.tests.conftest import GOOD_PASSPHRASE
from alongside.testing.personas import PASSWORD

NOW = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)


def invite(cast, *, now=NOW, **address):
    address = address or {"email": "casey@example.test"}
    return invite_client(cast.ana, cast.casey, now=now, **address)


def redeem(secret, email="casey@example.test", passphrase=GOOD_PASSPHRASE, now=NOW):
    return redeem_invitation(secret, email, passphrase, now=now + timedelta(minutes=5))


# --- Inviting ------------------------------------------------------------------------------


def test_advocate_invites_a_client_and_gets_the_link_and_code_to_pass_on(cast):
    issued = invite(cast)
    invitation = Invitation.objects.get()
    assert invitation == issued.invitation
    assert invitation.client == cast.casey
    assert invitation.organization == cast.org
    assert invitation.channel == "email"
    assert invitation.sent_to == "casey@example.test"
    assert invitation.created_by == cast.ana
    assert invitation.expires_at == NOW + timedelta(hours=72)
    assert invitation.status(NOW) == Status.OPEN
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", issued.short_code)
    assert issued.url.endswith(f"/me/join/{issued.link_token}/")


def test_neither_the_link_token_nor_the_code_is_stored(cast):
    issued = invite(cast)
    stored = Invitation.objects.values().get()
    bare_code = normalize_code(issued.short_code)
    for value in stored.values():
        assert issued.link_token not in str(value)
        assert bare_code not in str(value)


def test_invitation_email_says_only_that_they_are_invited_and_links_in(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issued = invite(cast)
    [message] = mail.outbox
    assert message.to == ["casey@example.test"]
    assert message.subject == "You've been invited to Alongside"
    html = message.alternatives[0][0]
    assert issued.url in message.body and issued.url in html
    for private in ("Casey", "Hope Valley", "Residential", "Ana", "recovery", "advocate"):
        assert private not in message.subject
        assert private not in message.body
        assert private not in html


def test_invitation_email_is_in_the_clients_language(cast, django_capture_on_commit_callbacks):
    cast.casey.language = "es"
    cast.casey.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite(cast)
    [message] = mail.outbox
    assert message.subject == "Te invitaron a Alongside"
    assert "vence en 72 horas" in message.body


def test_phone_invitation_sends_nothing_the_advocate_reads_out_the_code(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issued = invite(cast, phone="(555) 010-0123")
    assert mail.outbox == []
    assert issued.invitation.channel == "phone"
    assert issued.invitation.sent_to == "(555) 010-0123"


def test_supervisor_may_invite_a_client_of_their_team(cast):
    issued = invite_client(cast.sam, cast.riley, email="riley@example.test", now=NOW)
    assert issued.invitation.created_by == cast.sam


@pytest.mark.parametrize("persona", ["cleo", "alex", "oscar", "ben"])
def test_people_who_neither_record_nor_manage_for_the_client_cannot_invite(cast, persona):
    with pytest.raises(PermissionDenied):
        invite_client(getattr(cast, persona), cast.casey, email="casey@example.test")
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("address", "field"),
    [
        ({}, "__all__"),
        ({"email": "casey@example.test", "phone": "555 010 0123"}, "__all__"),
        ({"email": "not an address"}, "email"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "call me maybe"}, "phone"),
    ],
)
def test_an_invitation_needs_one_good_address_and_bad_input_saves_nothing(cast, address, field):
    with pytest.raises(ValidationError) as caught:
        invite_client(cast.ana, cast.casey, now=NOW, **address)
    assert field in caught.value.message_dict
    assert not Invitation.objects.exists()
    assert not AccessEvent.objects.filter(object_type="invitation").exists()


def test_inviting_is_audited(cast):
    issued = invite(cast)
    event = AccessEvent.objects.get(object_type="invitation")
    assert event.action == Action.CREATE
    assert event.object_public_id == str(issued.invitation.public_id)
    assert event.client_id == cast.casey.pk
    assert event.user_id == cast.ana.pk
    assert event.role == "pra"


def test_a_new_invitation_supersedes_the_open_one(cast):
    first = invite(cast)
    second = invite(cast, now=NOW + timedelta(hours=1))
    first.invitation.refresh_from_db()
    assert first.invitation.status(NOW + timedelta(hours=1)) == Status.REVOKED
    assert second.invitation.is_open(NOW + timedelta(hours=1))
    with pytest.raises(InvitationNotValid):
        redeem(first.link_token, now=NOW + timedelta(hours=1))
    assert redeem(second.short_code, now=NOW + timedelta(hours=1)) is not None
    assert AccessEvent.objects.filter(
        object_type="invitation",
        action=Action.UPDATE,
        object_public_id=str(first.invitation.public_id),
    ).exists()


# --- Revoking ------------------------------------------------------------------------------


def test_a_revoked_invitation_no_longer_works(cast):
    issued = invite(cast)
    revoke_invitation(cast.ana, issued.invitation, now=NOW + timedelta(minutes=1))
    with pytest.raises(InvitationNotValid):
        redeem(issued.link_token)
    with pytest.raises(InvitationNotValid):
        redeem(issued.short_code)
    assert AccessEvent.objects.filter(object_type="invitation", action=Action.UPDATE).exists()


def test_an_invitation_that_is_no_longer_open_cannot_be_revoked(cast):
    issued = invite(cast)
    redeem(issued.link_token)
    with pytest.raises(ValidationError):
        revoke_invitation(cast.ana, issued.invitation, now=NOW + timedelta(hours=1))
    issued.invitation.refresh_from_db()
    assert issued.invitation.revoked_at is None


def test_the_clinician_cannot_revoke(cast):
    issued = invite(cast)
    with pytest.raises(PermissionDenied):
        revoke_invitation(cast.cleo, issued.invitation)
    issued.invitation.refresh_from_db()
    assert issued.invitation.revoked_at is None


# --- Expiry --------------------------------------------------------------------------------


def test_an_invitation_works_until_72_hours_have_passed(cast):
    issued = invite(cast)
    just_before = NOW + timedelta(hours=72) - timedelta(minutes=1)
    assert redeem_invitation(issued.link_token, "c@example.test", GOOD_PASSPHRASE, now=just_before)


@pytest.mark.parametrize("secret", ["link_token", "short_code"])
def test_an_invitation_expires_after_72_hours(cast, secret):
    issued = invite(cast)
    later = NOW + timedelta(hours=72)
    with pytest.raises(InvitationNotValid):
        redeem_invitation(getattr(issued, secret), "c@example.test", GOOD_PASSPHRASE, now=later)
    assert cast.casey.user is None


# --- Redeeming -----------------------------------------------------------------------------


def test_the_link_creates_the_clients_own_account_with_their_passphrase(cast):
    issued = invite(cast)
    user = redeem(issued.link_token, email="Casey@Example.test")
    cast.casey.refresh_from_db()
    assert cast.casey.user == user
    assert user.email == "casey@example.test"
    assert user.check_password(GOOD_PASSPHRASE)
    assert user.display_name == "Casey"
    assert user.time_zone == cast.casey.time_zone
    issued.invitation.refresh_from_db()
    assert issued.invitation.used_at is not None


def test_the_link_works_only_once(cast):
    issued = invite(cast)
    redeem(issued.link_token)
    with pytest.raises(InvitationNotValid):
        redeem(issued.link_token, email="someone@example.test")
    with pytest.raises(InvitationNotValid):
        redeem(issued.short_code, email="someone@example.test")
    assert User.objects.filter(email="someone@example.test").count() == 0


@pytest.mark.parametrize(
    "typed", [str.lower, lambda c: c.replace("-", " "), lambda c: c.replace("-", "")]
)
def test_the_code_works_however_it_is_typed(cast, typed):
    issued = invite(cast)
    assert redeem(typed(issued.short_code)) is not None


def test_letters_that_look_like_digits_are_read_as_the_digits():
    assert normalize_code("o1il-ab2c") == "0111AB2C"
    assert format_code("K7MQ2TXA") == "K7MQ-2TXA"


def test_an_unknown_code_or_token_is_not_valid(cast):
    invite(cast)
    for secret in ("ZZZZ-ZZZZ", "not-a-token", "", "x" * 43):
        with pytest.raises(InvitationNotValid):
            redeem(secret)


def test_a_new_invitation_lets_a_client_back_in_with_a_new_passphrase(cast):
    first = invite(cast)
    user = redeem(first.link_token)
    second = invite(cast, now=NOW + timedelta(days=10))
    again = redeem(
        second.link_token,
        email="casey.new@example.test",
        passphrase="a brand new passphrase for spring",
        now=NOW + timedelta(days=10),
    )
    assert again.pk == user.pk
    again.refresh_from_db()
    assert again.email == "casey.new@example.test"
    assert again.check_password("a brand new passphrase for spring")
    assert User.objects.filter(client_record__isnull=False).count() == 1


def test_an_address_with_another_account_links_nothing_and_its_owner_is_told(
    cast, django_capture_on_commit_callbacks
):
    issued = invite(cast)
    with django_capture_on_commit_callbacks(execute=True):
        result = redeem(issued.link_token, email="ana@hope.test")
    assert result is None
    cast.casey.refresh_from_db()
    assert cast.casey.user is None
    cast.ana.refresh_from_db()
    assert cast.ana.check_password(PASSWORD)
    # Used up all the same, so a second try cannot tell a known address from an unknown one.
    with pytest.raises(InvitationNotValid):
        redeem(issued.link_token, email="casey@example.test")
    message = mail.outbox[-1]
    assert message.to == ["ana@hope.test"]
    assert "already has an Alongside account" in message.body
    assert "Casey" not in message.body
    assert AccessEvent.objects.filter(
        object_type="invitation", outcome=Outcome.DENIED, role="anonymous"
    ).exists()


def test_a_successful_redemption_confirms_by_email(cast, django_capture_on_commit_callbacks):
    issued = invite(cast, phone="555 010 0123")
    with django_capture_on_commit_callbacks(execute=True):
        redeem(issued.short_code)
    [message] = mail.outbox
    assert message.to == ["casey@example.test"]
    assert message.subject == "Your Alongside account is ready"
    assert "Casey" not in message.body


@pytest.mark.parametrize(
    ("passphrase", "message"),
    [
        ("short words", "at least 15 characters"),
        ("1q2w3e4r5t6y7u8i9o0p", "too common"),
        ("casey@example.test", "too similar"),
    ],
)
def test_a_weak_passphrase_is_refused_with_a_clear_error_and_nothing_is_saved(
    cast, passphrase, message
):
    issued = invite(cast)
    with pytest.raises(ValidationError) as caught:
        redeem(issued.link_token, passphrase=passphrase)
    assert message in " ".join(caught.value.message_dict["passphrase"])
    cast.casey.refresh_from_db()
    assert cast.casey.user is None
    assert not User.objects.filter(email="casey@example.test").exists()
    issued.invitation.refresh_from_db()
    assert issued.invitation.is_open(NOW + timedelta(minutes=5))
    assert redeem(issued.link_token) is not None  # still usable


def test_a_bad_email_address_is_refused_and_the_invitation_stays_usable(cast):
    issued = invite(cast)
    with pytest.raises(ValidationError) as caught:
        redeem(issued.link_token, email="nobody-at-all")
    assert "email" in caught.value.message_dict
    assert redeem(issued.link_token) is not None


def test_redeeming_is_audited_as_the_client(cast):
    issued = invite(cast)
    user = redeem(issued.link_token)
    used = AccessEvent.objects.get(
        object_type="invitation", action=Action.UPDATE, object_public_id=issued.invitation.public_id
    )
    assert used.user_id == user.pk
    assert used.role == "client"
    account = AccessEvent.objects.get(object_type="portal_account")
    assert account.action == Action.CREATE
    assert account.object_public_id == str(user.public_id)


def test_a_clients_account_sees_no_client_through_the_staff_access_layer(cast):
    user = redeem(invite(cast).link_token)
    assert list(visible_to(user)) == []
