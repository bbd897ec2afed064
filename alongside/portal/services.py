"""Portal accounts: inviting a client, revoking an invitation, redeeming it, the language.

Each function owns its transaction and audit rows and raises PermissionDenied or
ValidationError (by field) before changing anything. E-mails go out after the commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.audit.models import Action, Outcome
from alongside.clients.access import audit_client_event, capabilities_for, own_client
from alongside.clients.models import Client, Language
from alongside.notifications.models import Channel as ReminderChannel
from alongside.notifications.models import ReminderPreference
from alongside.portal import emails
from alongside.portal.access import INVITING
from alongside.portal.models import (
    LIFETIME,
    Channel,
    Invitation,
    format_code,
    hash_secret,
    new_link_token,
    new_short_code,
)

MAX_EMAIL = 254
PHONE_DIGITS = (7, 15)  # E.164 allows at most 15 digits


class InvitationNotValid(ValidationError):
    """The link or code matches no open invitation. One message for every reason (unknown,
    mistyped, expired, used, revoked): it says nothing about any person."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This invitation is not valid. It may be mistyped, expired or already used: "
                "ask your advocate for a new one."
            ),
            code="invitation_not_valid",
        )


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation with its secrets, to show the advocate once; they are not stored."""

    invitation: Invitation
    link_token: str
    short_code: str  # grouped for reading aloud, "K7MQ-2TXA"
    url: str


def _require_inviter(actor: Any, client: Client) -> None:
    if not INVITING & capabilities_for(actor, client):
        raise PermissionDenied


def _address(email: str | None, phone: str | None) -> tuple[str, str]:
    """Return (channel, address) for exactly one of EMAIL and PHONE; ValidationError otherwise."""
    email, phone = (email or "").strip(), (phone or "").strip()
    if email and phone:
        raise ValidationError(
            {NON_FIELD_ERRORS: "Give an e-mail address or a phone number, not both."}
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": "Enter a valid e-mail address."}) from None
        if len(email) > MAX_EMAIL:
            raise ValidationError({"email": f"Use at most {MAX_EMAIL} characters."})
        return Channel.EMAIL, email
    if phone:
        digits = re.sub(r"\D", "", phone)
        low, high = PHONE_DIGITS
        if re.search(r"[^0-9 +().-]", phone) or not low <= len(digits) <= high:
            raise ValidationError({"phone": f"Enter a phone number of {low} to {high} digits."})
        return Channel.PHONE, phone
    raise ValidationError({NON_FIELD_ERRORS: "Give an e-mail address or a phone number."})


def _unused_code() -> str:
    """Return a new short code no invitation has had (a clash is about one in a trillion)."""
    for _attempt in range(5):
        code = new_short_code()
        if not Invitation.objects.filter(code_hash=hash_secret(code)).exists():
            return code
    raise RuntimeError("could not find an unused invitation code")


def invite_client(
    actor: Any,
    client: Client,
    *,
    email: str | None = None,
    phone: str | None = None,
    now: datetime | None = None,
) -> IssuedInvitation:
    """Invite CLIENT to the portal by EMAIL or PHONE; return the invitation and its secrets.

    Any open invitation of CLIENT stops working (superseded). An e-mail invitation is sent
    after the commit; a phone invitation is not sent: the advocate reads out the code or texts
    the link. Raises PermissionDenied unless ACTOR may record for or manage CLIENT, and
    ValidationError for a missing or malformed address (nothing saved).
    """
    _require_inviter(actor, client)
    channel, sent_to = _address(email, phone)
    now = now or timezone.now()
    token, code = new_link_token(), _unused_code()
    with transaction.atomic():
        # One open invitation per client: the client row serializes concurrent invitations.
        Client.objects.select_for_update().filter(pk=client.pk).first()
        for earlier in Invitation.objects.select_for_update().filter(client=client).open(now):
            earlier.revoked_at = now
            earlier.save(update_fields=["revoked_at"])
            audit_client_event(actor, client, Action.UPDATE, earlier, object_type="invitation")
        invitation = Invitation.objects.create(
            organization_id=client.organization_id,
            client=client,
            channel=channel,
            sent_to=sent_to,
            token_hash=hash_secret(token),
            code_hash=hash_secret(code),
            created_by=actor,
            created_at=now,
            expires_at=now + LIFETIME,
        )
        audit_client_event(actor, client, Action.CREATE, invitation, object_type="invitation")
        if channel == Channel.EMAIL:
            language = client.language
            transaction.on_commit(lambda: emails.send_invitation(sent_to, token, language))
    return IssuedInvitation(invitation, token, format_code(code), emails.join_url(token))


def revoke_invitation(actor: Any, invitation: Invitation, *, now: datetime | None = None) -> None:
    """Stop INVITATION from working. ValidationError if it is no longer open."""
    _require_inviter(actor, invitation.client)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_open(now):
            raise ValidationError(
                {NON_FIELD_ERRORS: "This invitation is no longer open, so nothing was changed."}
            )
        locked.revoked_at = invitation.revoked_at = now
        locked.save(update_fields=["revoked_at"])
        audit_client_event(
            actor, invitation.client, Action.UPDATE, invitation, object_type="invitation"
        )


def find_open_invitation(secret: str, *, now: datetime | None = None) -> Invitation | None:
    """Return the open invitation whose link token or short code is SECRET; None otherwise."""
    return Invitation.objects.matching(secret).open(now or timezone.now()).first()


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if len(email) > MAX_EMAIL:
        raise ValidationError({"email": _("This e-mail address is too long.")})
    return email


def redeem_invitation(
    token_or_code: str, email: str, passphrase: str, *, now: datetime | None = None
) -> Any:
    """Use an invitation: give its client a portal account signed in with EMAIL + PASSPHRASE.

    Creates the client's account, or updates the one they have (a new invitation is how a
    client who lost access gets back in). Returns that account — or None when EMAIL already
    belongs to a different account: that account is left alone, the invitation is used up all
    the same and the address's owner is told by e-mail, so that neither the response nor a
    second try reveals whether an address is known (DESIGN.md §4.5).

    Raises InvitationNotValid for an unknown, expired, used or revoked invitation, and
    ValidationError by field for a bad e-mail address or passphrase; then nothing is saved and
    the invitation stays usable.
    """
    now = now or timezone.now()
    language = translation.get_language() or Language.ENGLISH
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().matching(token_or_code).open(now).first()
        )
        if invitation is None:
            raise InvitationNotValid
        client = (
            Client.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=invitation.client_id)
        )
        invitation.client = client
        email = _clean_email(email)
        User = get_user_model()
        # Judge the passphrase against the person's details, never against another account's.
        candidate = User(email=email, display_name=client.preferred_name)
        try:
            password_validation.validate_password(passphrase, candidate)
        except ValidationError as error:
            raise ValidationError({"passphrase": error.messages}) from None

        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        user = _link_account(client, email, passphrase)
        if user is None:
            make_password(passphrase)  # the same hashing work as a success, so timing tells nothing
            audit_client_event(
                None,
                client,
                Action.UPDATE,
                invitation,
                object_type="invitation",
                outcome=Outcome.DENIED,
                role="anonymous",
            )
            transaction.on_commit(lambda: emails.send_address_in_use(email, language))
            return None
        audit_client_event(user, client, Action.UPDATE, invitation, object_type="invitation")
        transaction.on_commit(lambda: emails.send_account_ready(email, language))
    return user


def _link_account(client: Client, email: str, passphrase: str) -> Any:
    """Give CLIENT an account with EMAIL and PASSPHRASE; None if EMAIL is someone else's."""
    User = get_user_model()
    owner = User.objects.filter(email__iexact=email).first()
    user = client.user
    if owner is not None and owner != user:
        return None
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email,
                    password=passphrase,
                    display_name=client.preferred_name,
                    time_zone=client.time_zone,
                )
        except IntegrityError:
            return None  # the address was taken between the check and the insert
        client.user = user
        client.save(update_fields=["user"])
        audit_client_event(user, client, Action.CREATE, user, object_type="portal_account")
        return user
    user.email = email
    user.set_password(passphrase)
    user.save(update_fields=["email", "password"])
    audit_client_event(user, client, Action.UPDATE, user, object_type="portal_account")
    return user


def set_portal_language(actor: Any, client: Client, language: str) -> None:
    """Set the language CLIENT reads the portal in; only the client may change it."""
    if client.user_id is None or getattr(actor, "pk", None) != client.user_id:
        raise PermissionDenied
    if language not in Language.values:
        raise ValidationError({"language": _("Choose English or Spanish.")})
    with transaction.atomic():
        Client.objects.filter(pk=client.pk).update(language=language)
        client.language = language
        audit_client_event(actor, client, Action.UPDATE)


# --- Check-in reminders ----------------------------------------------------------------------

DEFAULT_REMINDER_TIME = time(9, 0)


def _reminder_address(client: Client, channel: str) -> str:
    return client.email if channel == ReminderChannel.EMAIL else client.phone


def save_reminder_preference(
    actor: Any, client: Client, *, enabled: bool, local_time: time | None, channel: str | None
) -> ReminderPreference:
    """Save CLIENT's check-in reminder: on or off, at LOCAL_TIME (theirs) by CHANNEL.

    ACTOR is the client themself. Turning reminders on needs a time and a channel the client
    record has an address for; turning them off keeps the earlier time and channel for next
    time. Raises ValidationError (by field) before saving anything; audited as a create or
    an update of the "reminder_preference".
    """
    own = own_client(actor)
    if own is None or own.pk != client.pk:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if channel and channel not in ReminderChannel.values:
        errors["channel"] = _("Choose e-mail or text message.")
    if enabled:
        if local_time is None:
            errors["local_time"] = _("Choose the time for your reminder.")
        if not channel:
            errors.setdefault("channel", _("Choose e-mail or text message."))
        elif "channel" not in errors and not _reminder_address(client, channel):
            errors["channel"] = _(
                "We don't have an address for that yet. Ask your advocate to add it to "
                "your record, or choose another way."
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        preference = ReminderPreference.objects.select_for_update().filter(client=client).first()
        action = Action.UPDATE
        if preference is None:
            preference = ReminderPreference(
                organization_id=client.organization_id,
                client=client,
                local_time=DEFAULT_REMINDER_TIME,
                channel=ReminderChannel.EMAIL
                if client.email or not client.phone
                else ReminderChannel.SMS,
            )
            action = Action.CREATE
        preference.enabled = enabled
        if local_time is not None:
            preference.local_time = local_time
        if channel and (enabled or _reminder_address(client, channel)):
            preference.channel = channel
        preference.save()
        audit_client_event(actor, client, action, preference, object_type="reminder_preference")
    return preference
