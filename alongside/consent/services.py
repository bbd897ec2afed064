"""Recording consents and their revocation: the one way a consent enters or changes.

The staff pages, the portal and the tests call these functions. Disclosing is in `gate.py`.
Errors are `ValidationError` keyed by the element (field) that is missing or wrong, so a form
shows each one where it belongs; nothing is written then.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.audit.models import Action
from alongside.clients.access import audit_client_event, own_client
from alongside.clients.models import Client, Episode
from alongside.consent.access import OBJECT_CONSENT, may_record_consents
from alongside.consent.models import (
    CONSENT_PURPOSES,
    STAFF_SIGNATURE_METHODS,
    TPO_PURPOSES,
    Category,
    Consent,
    ConsentType,
    Expiry,
    RecipientClass,
    SignatureMethod,
    Signer,
    long_date,
    normalized_name,
)
from alongside.consent.statements import TPO_RECIPIENT_DESCRIPTION, TPO_STATEMENT
from alongside.lib.zones import local_date

NAME_LENGTH = 200
TEXT_LENGTH = 500


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _choices(values: Iterable[str] | None, allowed: Iterable[str]) -> tuple[list[str], list[str]]:
    """Return (known values in ALLOWED's order, unknown values) from VALUES."""
    given = list(values or [])
    allowed = list(allowed)
    return [v for v in allowed if v in given], [v for v in given if v not in allowed]


def record_consent(
    actor: Any,
    client: Client | None,
    *,
    consent_type: str,
    discloser: str,
    scope: Iterable[str],
    recipient_names: Iterable[str] = (),
    recipient_classes: Iterable[str] = (),
    purposes: Iterable[str],
    revocation_statement: str,
    expiry: str,
    signer: str,
    signer_name: str,
    signature_method: str,
    signed_on: date | None,
    expires_on: date | None = None,
    expiry_event: str = "",
    representative_authority: str = "",
    information_detail: str = "",
    purpose_detail: str = "",
) -> Consent:
    """Record CLIENT's signed consent, entered by ACTOR; return it.

    Every element of 42 CFR 2.31(a) is required: the client, who may disclose (DISCLOSER),
    the information (SCOPE, record categories), the recipients (RECIPIENT_NAMES for a specific
    consent, RECIPIENT_CLASSES for a TPO consent), PURPOSES, the REVOCATION_STATEMENT the
    consent carried, the EXPIRY (a date, an event or the end of treatment), the signature
    (SIGNER, SIGNER_NAME, SIGNATURE_METHOD, and REPRESENTATIVE_AUTHORITY for a representative)
    and SIGNED_ON. A TPO consent also stores the fixed redisclosure statement.

    Raises PermissionDenied unless ACTOR has RECORD or MANAGE on CLIENT, ValidationError by
    element for anything missing or not allowed (counseling notes combined with anything
    else, say); nothing is written then.
    """
    errors: dict[str, str] = {}
    if client is None:
        raise ValidationError({"client": "Choose the client the consent is about."})
    if not may_record_consents(actor, client):
        raise PermissionDenied
    today = local_date(client.organization.time_zone, timezone.now())

    if consent_type not in ConsentType.values:
        errors["consent_type"] = "Choose the kind of consent."
    tpo = consent_type == ConsentType.TPO

    discloser = _text(discloser)
    if not discloser:
        errors["discloser"] = "Say who may disclose (the program or its staff)."
    elif len(discloser) > 300:
        errors["discloser"] = "Use at most 300 characters."

    categories, unknown = _choices(scope, Category.values)
    if unknown or not categories:
        errors["scope"] = "Choose the information the client agreed to share."
    elif Category.COUNSELING_NOTES in categories and len(categories) > 1:
        errors["scope"] = (
            "Counseling notes need a consent of their own: record them separately, "
            "not together with other information (42 CFR 2.31(b))."
        )

    names: list[str] = []
    classes: list[str] = []
    if tpo:
        classes, unknown = _choices(recipient_classes, RecipientClass.values)
        if unknown or not classes:
            errors["recipient_classes"] = "Choose the classes of recipient the consent names."
        if any(_text(n) for n in recipient_names):
            errors["recipient_names"] = (
                "A treatment, payment and operations consent names classes of recipient; "
                "record a specific consent for named recipients."
            )
    else:
        seen: set[str] = set()
        for name in (_text(n) for n in recipient_names):
            if name and normalized_name(name) not in seen:
                seen.add(normalized_name(name))
                names.append(name)
        if not names:
            errors["recipient_names"] = "Name the person or organization who may receive it."
        elif any(len(n) > NAME_LENGTH for n in names):
            errors["recipient_names"] = f"Use at most {NAME_LENGTH} characters per recipient."

    chosen, unknown = _choices(purposes, CONSENT_PURPOSES)
    if unknown or not chosen:
        errors["purposes"] = "Choose the purpose of the disclosure."
    elif tpo and not set(chosen) <= set(TPO_PURPOSES):
        errors["purposes"] = (
            "A treatment, payment and operations consent is for those purposes only; "
            "record a specific consent for anything else."
        )

    revocation_statement = str(revocation_statement or "").strip()
    if not revocation_statement:
        errors["revocation_statement"] = (
            "The consent must state the client's right to revoke it in writing and how."
        )

    if expiry not in Expiry.values:
        errors["expiry"] = "Choose when the consent expires."
    elif expiry == Expiry.DATE:
        if expires_on is None:
            errors["expires_on"] = "Give the date the consent expires."
        elif signed_on is not None and expires_on < signed_on:
            errors["expires_on"] = "The consent cannot expire before it was signed."
    elif expiry == Expiry.EVENT and not _text(expiry_event):
        errors["expiry_event"] = "Describe the event the consent expires on."
    elif (
        expiry == Expiry.END_OF_TREATMENT
        and not Episode.objects.open().filter(client=client).exists()
    ):
        errors["expiry"] = (
            "The client is not in treatment now: choose a date or an event for the expiry."
        )

    signer_name = _text(signer_name)
    if signer not in Signer.values:
        errors["signer"] = "Say who signed: the client or an authorized representative."
    if not signer_name:
        errors["signer_name"] = "Give the name of the person who signed."
    elif len(signer_name) > NAME_LENGTH:
        errors["signer_name"] = f"Use at most {NAME_LENGTH} characters."
    representative_authority = _text(representative_authority)
    if signer == Signer.REPRESENTATIVE and not representative_authority:
        errors["representative_authority"] = (
            "Describe the representative's authority (parent of a minor, guardian, …)."
        )
    if signature_method not in SignatureMethod.values:
        errors["signature_method"] = "Say how the signature was given."
    elif signature_method == SignatureMethod.PORTAL and not _is_client_themself(actor, client):
        errors["signature_method"] = "Only the client signs in the portal."
    elif signature_method in STAFF_SIGNATURE_METHODS and _is_client_themself(actor, client):
        errors["signature_method"] = "Sign in the portal."

    if signed_on is None:
        errors["signed_on"] = "Give the date the consent was signed."
    elif signed_on > today:
        errors["signed_on"] = "The date signed cannot be in the future."

    for field, value in (
        ("information_detail", information_detail),
        ("purpose_detail", purpose_detail),
    ):
        if len(_text(value)) > TEXT_LENGTH:
            errors[field] = f"Use at most {TEXT_LENGTH} characters."
    if errors or signed_on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = Consent.objects.create(
            organization_id=client.organization_id,
            client=client,
            consent_type=consent_type,
            discloser=discloser,
            scope=categories,
            information_detail=_text(information_detail),
            recipient_names=names,
            recipient_classes=classes,
            recipient_description=TPO_RECIPIENT_DESCRIPTION if tpo else "",
            purposes=chosen,
            purpose_detail=_text(purpose_detail),
            revocation_statement=revocation_statement,
            tpo_statement=TPO_STATEMENT if tpo else "",
            expiry=expiry,
            expires_on=expires_on if expiry == Expiry.DATE else None,
            expiry_event=_text(expiry_event) if expiry == Expiry.EVENT else "",
            signer=signer,
            signer_name=signer_name,
            representative_authority=(
                representative_authority if signer == Signer.REPRESENTATIVE else ""
            ),
            signature_method=signature_method,
            signed_on=signed_on,
            created_by=actor,
        )
        audit_client_event(actor, client, Action.CREATE, consent, object_type=OBJECT_CONSENT)
    return consent


def _is_client_themself(actor: Any, client: Client) -> bool:
    own = own_client(actor)
    return own is not None and own.pk == client.pk


def revoke_consent(actor: Any, consent: Consent, how: str, *, signed_by: str) -> Consent:
    """Record the written revocation of CONSENT, signed by SIGNED_BY, given HOW; return it.

    The client revokes their own consent in the portal (HOW = portal e-signature, SIGNED_BY
    the name they typed); staff with RECORD or MANAGE record a written revocation the client
    (or their representative) signed on paper or in person. From the moment this returns, no
    disclosure can use the consent: the gate locks the consent row, so a disclosure already
    under way either finishes first or sees the revocation.

    Raises PermissionDenied for anyone else; ValidationError for a missing signature or
    method, or a consent already revoked (then nothing changes). Messages are translated:
    the portal shows them in the client's language.
    """
    client = consent.client
    themself = _is_client_themself(actor, client)
    if not themself and not may_record_consents(actor, client):
        raise PermissionDenied
    errors: dict[str, str] = {}
    signed_by = _text(signed_by)
    if not signed_by:
        errors["signed_by"] = (
            _("Type your full name to sign.")
            if themself
            else ("Give the name of the person who signed the revocation.")
        )
    elif len(signed_by) > NAME_LENGTH:
        errors["signed_by"] = _("Use at most %(limit)d characters.") % {"limit": NAME_LENGTH}
    allowed = (SignatureMethod.PORTAL,) if themself else STAFF_SIGNATURE_METHODS
    if how not in allowed:
        errors["how"] = _("Say how the revocation was signed.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.revoked_at is not None:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _("This consent was already revoked on %(day)s.")
                    % {
                        "day": date_format(
                            local_date(client.organization.time_zone, locked.revoked_at)
                        )
                    }
                }
            )
        consent.revoked_at = timezone.now()
        consent.revoked_by = actor
        consent.revocation_how = how
        consent.revocation_signed_by = signed_by
        consent.save(
            update_fields=["revoked_at", "revoked_by", "revocation_how", "revocation_signed_by"]
        )
        audit_client_event(actor, client, Action.UPDATE, consent, object_type=OBJECT_CONSENT)
    return consent


def record_expiry_event(actor: Any, consent: Consent, happened_on: date | None) -> Consent:
    """Record that the event CONSENT expires on happened on HAPPENED_ON; return it.

    From then on the consent is expired. Raises PermissionDenied unless ACTOR has RECORD or
    MANAGE on the client; ValidationError when the consent does not expire on an event, the
    event was already recorded, or the date is missing, in the future or before signing.
    """
    client = consent.client
    if not may_record_consents(actor, client):
        raise PermissionDenied
    today = local_date(client.organization.time_zone, timezone.now())
    if consent.expiry != Expiry.EVENT:
        raise ValidationError({NON_FIELD_ERRORS: "This consent does not expire on an event."})
    if consent.expiry_event_on is not None:
        recorded = long_date(consent.expiry_event_on)
        raise ValidationError({NON_FIELD_ERRORS: f"The event was already recorded ({recorded})."})
    if happened_on is None:
        raise ValidationError({"happened_on": "Give the date the event happened."})
    if happened_on > today or happened_on < consent.signed_on:
        raise ValidationError(
            {"happened_on": "Give a date between the day the consent was signed and today."}
        )
    with transaction.atomic():
        consent.expiry_event_on = happened_on
        consent.save(update_fields=["expiry_event_on"])
        audit_client_event(actor, client, Action.UPDATE, consent, object_type=OBJECT_CONSENT)
    return consent
