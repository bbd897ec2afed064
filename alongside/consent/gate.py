"""The disclosure gate: the one way a client's record leaves the program (DESIGN.md §4.6).

`disclose()` checks that an active consent covers the recipient, the purpose and every
category asked for (or that a recorded legal basis applies), builds the output from the
sections the caller's `render` returns, stamps the 42 CFR 2.32 redisclosure notice and a
summary of the consent on it, and writes the `Disclosure` ledger row and the audit EXPORT row,
all in one transaction. Refused, it raises `DisclosureRefused` with every reason and writes no
ledger row (only a denied audit row). `record_emergency_disclosure()` logs a disclosure made in
a medical emergency (42 CFR 2.51), which needs no consent.

Nothing else in the code base writes `Disclosure` rows, sets a file download header or
writes an audit EXPORT row: `tests/test_export_paths.py` fails if something does.
"""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from alongside.audit.models import Action, Outcome
from alongside.clients.access import audit_client_event
from alongside.clients.models import Client
from alongside.consent.access import OBJECT_DISCLOSURE, may_disclose, may_record_consents
from alongside.consent.models import (
    CONSENT_PURPOSES,
    Category,
    Consent,
    ConsentType,
    Disclosure,
    EmergencyDisclosure,
    LegalBasis,
    OutputFormat,
    Purpose,
    RecipientClass,
)
from alongside.consent.queries import active_consent_for
from alongside.consent.record import Section
from alongside.consent.statements import (
    REDISCLOSURE_NOTICE,
    REDISCLOSURE_NOTICE_CLOSING,
    REDISCLOSURE_NOTICE_CONDITIONS,
    REDISCLOSURE_NOTICE_SHORT,
    redisclosure_notice_text,
)
from alongside.notifications.delivery import queue_notice
from alongside.notifications.models import Channel, Kind
from alongside.organizations.models import Membership, Role

Render = Callable[[Client, frozenset[str]], list[Section]]

# The notice to the privacy officer after an emergency disclosure. Its templates are in this
# app (templates/notifications/email/emergency_disclosure.*) and say nothing about the client.
EMERGENCY_NOTICE = Kind.EMERGENCY_DISCLOSURE
# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Recipient:
    """Who receives a disclosure: a name (a person or organization) and, under a TPO consent,
    the class of recipient they belong to."""

    name: str
    recipient_class: str = ""


class DisclosureRefused(Exception):
    """The gate said no. REASONS are sentences to show the person who asked."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


class ScopeViolation(RuntimeError):
    """A render callable returned a category the disclosure is not authorized for: a bug, and
    the disclosure is abandoned rather than sent."""


@dataclass(frozen=True)
class Disclosed:
    """What the gate hands back: the ledger row and the output exactly as hashed."""

    disclosure: Disclosure
    content: str
    content_type: str
    filename: str


def disclose(
    actor: Any,
    client: Client,
    recipient: Recipient,
    purpose: str,
    scope: Iterable[str],
    render: Render,
    *,
    output_format: str = OutputFormat.HTML,
    consent: Consent | None = None,
    basis: str = LegalBasis.CONSENT,
    basis_reference: str = "",
) -> Disclosed:
    """Disclose the categories in SCOPE of CLIENT's record to RECIPIENT for PURPOSE.

    Under BASIS "consent" (the default) the disclosure needs a consent of CLIENT in force now
    (no backdating: the ledger row is dated when the output is made) that names RECIPIENT (by
    name, or by class for a TPO consent), allows PURPOSE and covers every category: CONSENT
    when given (the one the person chose), else the newest that does (`active_consent_for`).
    Counseling notes are disclosed only on their own, under a consent for counseling notes
    alone. Under BASIS "court_order", BASIS_REFERENCE (the order) is required instead.

    RENDER(client, scope) returns the record's sections; the gate refuses any section outside
    SCOPE (ScopeViolation). The output (OUTPUT_FORMAT "html" or "csv") carries the redisclosure
    notice (42 CFR 2.32(a)) and the consent summary (2.32(b)). Returns a `Disclosed`.

    Raises PermissionDenied unless ACTOR has MANAGE on CLIENT; ValidationError for malformed
    input; DisclosureRefused, with every reason, when no consent or basis allows it. In every
    one of those cases no ledger row is written.
    """
    if not may_disclose(actor, client):
        raise PermissionDenied
    at = timezone.now()
    wanted = frozenset(scope)
    _check_request(recipient, purpose, wanted, output_format, basis, basis_reference, consent)
    try:
        with transaction.atomic():
            used = _authorize(
                client, recipient, purpose, wanted, basis, basis_reference, consent, at
            )
            sections = render(client, wanted)
            outside = {s.category for s in sections} - wanted
            if outside:
                raise ScopeViolation(f"render returned categories outside the scope: {outside}")
            reference = uuid.uuid4()
            context = _output_context(
                client,
                recipient,
                purpose,
                wanted,
                used,
                basis,
                basis_reference,
                at,
                reference,
                sections,
            )
            if output_format == OutputFormat.CSV:
                content, content_type = _csv(context), "text/csv; charset=utf-8"
            else:
                content = render_to_string("consent/output.html", context)
                content_type = "text/html; charset=utf-8"
            disclosure = _ledger_row(
                client,
                actor,
                public_id=reference,
                occurred_at=at,
                recipient_name=" ".join(recipient.name.split()),
                recipient_class=recipient.recipient_class,
                description=_description(context["scope_labels"], output_format),
                scope=[c for c in Category if c in wanted],
                purpose=purpose,
                basis=basis,
                consent=used,
                basis_reference=basis_reference.strip(),
                output_format=output_format,
                output_sha256=hashlib.sha256(content.encode()).hexdigest(),
            )
    except DisclosureRefused:
        # Nothing left the program; the attempt itself is worth reviewing.
        audit_client_event(
            actor, client, Action.EXPORT, object_type=OBJECT_DISCLOSURE, outcome=Outcome.DENIED
        )
        raise
    extension = "csv" if output_format == OutputFormat.CSV else "html"
    return Disclosed(disclosure, content, content_type, f"disclosure-{reference}.{extension}")


FORMAT_WORDS = {OutputFormat.HTML: "printable page", OutputFormat.CSV: "CSV file"}


def _description(scope_labels: list[str], output_format: str) -> str:
    return f"{', '.join(scope_labels)} ({FORMAT_WORDS[OutputFormat(output_format)]})"


def _check_request(
    recipient: Recipient,
    purpose: str,
    wanted: frozenset[str],
    output_format: str,
    basis: str,
    basis_reference: str,
    consent: Consent | None,
) -> None:
    errors: dict[str, str] = {}
    name = " ".join(recipient.name.split())
    if not name:
        errors["recipient_name"] = "Name the person or organization receiving the record."
    elif len(name) > 300:
        errors["recipient_name"] = "Use at most 300 characters."
    if recipient.recipient_class and recipient.recipient_class not in RecipientClass.values:
        errors["recipient_class"] = "Choose a class of recipient from the list."
    if purpose not in CONSENT_PURPOSES:
        errors["purpose"] = "Choose the purpose of the disclosure."
    if not wanted or not wanted <= set(Category.values):
        errors["scope"] = "Choose the information to disclose."
    if output_format not in (OutputFormat.HTML, OutputFormat.CSV):
        errors["output_format"] = "Choose a printable page or a spreadsheet."
    if basis == LegalBasis.COURT_ORDER:
        if not basis_reference.strip():
            errors["basis_reference"] = "Give the court order's reference."
        if consent is not None:
            errors[NON_FIELD_ERRORS] = "A court-ordered disclosure is not made under a consent."
    elif basis != LegalBasis.CONSENT:
        # A medical emergency is recorded after the fact (record_emergency_disclosure).
        errors[NON_FIELD_ERRORS] = "Disclose under a consent or a court order."
    if errors:
        raise ValidationError(errors)


def _authorize(
    client: Client,
    recipient: Recipient,
    purpose: str,
    wanted: frozenset[str],
    basis: str,
    basis_reference: str,
    consent: Consent | None,
    at: datetime,
) -> Consent | None:
    """Return the consent the disclosure is made under (None for a court order), locked until
    the transaction ends; raise DisclosureRefused otherwise."""
    if Category.COUNSELING_NOTES in wanted and len(wanted) > 1:
        raise DisclosureRefused(
            [
                "Counseling notes are disclosed on their own, under their own consent: "
                "disclose them separately from the rest of the record."
            ]
        )
    if basis == LegalBasis.COURT_ORDER:
        return None
    if consent is None:
        consent = active_consent_for(
            client, recipient.name, recipient.recipient_class, purpose, wanted, at
        )
        if consent is None:
            raise DisclosureRefused(
                ["No consent in force covers this recipient, purpose and information."]
            )
    if consent.client_id != client.pk:
        raise DisclosureRefused(["That consent is not this client's."])
    # The lock makes a revocation recorded at the same moment either wait for this disclosure
    # or be seen by it: "revocation blocks disclosures from the next request".
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    locked.client = client
    locked.organization = client.organization
    problems = locked.refusals(recipient.name, recipient.recipient_class, purpose, set(wanted), at)
    if problems:
        raise DisclosureRefused(problems)
    return locked


def _output_context(
    client: Client,
    recipient: Recipient,
    purpose: str,
    wanted: frozenset[str],
    consent: Consent | None,
    basis: str,
    basis_reference: str,
    at: datetime,
    reference: uuid.UUID,
    sections: list[Section],
) -> dict[str, Any]:
    if consent is not None:
        authority = consent.summary()
        statements = [consent.tpo_statement] if consent.consent_type == ConsentType.TPO else []
    else:
        authority = f"{LegalBasis(basis).label}: {basis_reference.strip()}."
        statements = []
    return {
        "client": client,
        "organization": client.organization,
        "recipient": " ".join(recipient.name.split()),
        "recipient_class": RecipientClass(recipient.recipient_class).label
        if recipient.recipient_class
        else "",
        "purpose": Purpose(purpose).label,
        "scope_labels": [Category(c).label for c in Category if c in wanted],
        "authority": authority,
        "statements": statements,
        "notice_heading": REDISCLOSURE_NOTICE_SHORT,
        "notice": REDISCLOSURE_NOTICE,
        "notice_conditions": REDISCLOSURE_NOTICE_CONDITIONS,
        "notice_closing": REDISCLOSURE_NOTICE_CLOSING,
        "disclosed_at": f"{at.astimezone(ZoneInfo(client.time_zone)):%Y-%m-%d %H:%M}",
        "zone": client.time_zone,
        "reference": reference,
        "sections": sections,
    }


def _cell(value: Any) -> str:
    """Return VALUE as a CSV cell a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(context: dict[str, Any]) -> str:
    buffer = io.StringIO()
    out = csv.writer(buffer)
    client = context["client"]
    out.writerow([context["notice_heading"]])
    out.writerow(["Redisclosure notice (42 CFR 2.32)", redisclosure_notice_text()])
    out.writerow(["Disclosed under", context["authority"]])
    for statement in context["statements"]:
        out.writerow(["Consent statement", statement])
    out.writerow(["Disclosed by", context["organization"].name])
    out.writerow(["Disclosed to", context["recipient"]])
    out.writerow(["Purpose", context["purpose"]])
    out.writerow(["Disclosed on", context["disclosed_at"]])
    out.writerow(["Disclosure reference", str(context["reference"])])
    out.writerow(["Client", _cell(client.legal_name or client.preferred_name)])
    if client.date_of_birth:
        out.writerow(["Date of birth", client.date_of_birth.isoformat()])
    out.writerow(["Times are in", context["zone"]])
    for section in context["sections"]:
        out.writerow([])
        out.writerow([section.title])
        out.writerow(section.columns)
        if not section.rows:
            out.writerow([section.empty])
        for row in section.rows:
            out.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def response_for(disclosed: Disclosed) -> HttpResponse:
    """Return the HTTP response that hands DISCLOSED's output out: the printable page shown in
    the browser, or the CSV as a download. Only the gate sets download headers."""
    response = HttpResponse(disclosed.content, content_type=disclosed.content_type)
    if disclosed.content_type.startswith("text/csv"):
        response["Content-Disposition"] = f'attachment; filename="{disclosed.filename}"'
    return response


def _ledger_row(client: Client, actor: Any, **fields: Any) -> Disclosure:
    """Write the ledger row and its audit EXPORT row (in the caller's transaction)."""
    disclosure = Disclosure.objects.create(
        organization_id=client.organization_id, client=client, made_by=actor, **fields
    )
    audit_client_event(actor, client, Action.EXPORT, disclosure, object_type=OBJECT_DISCLOSURE)
    return disclosure


# --- Medical emergencies (42 CFR 2.51) -----------------------------------------------------


def record_emergency_disclosure(
    actor: Any,
    client: Client,
    *,
    recipient_name: str,
    facility: str,
    disclosed_by: str,
    disclosed_at: datetime | None,
    nature: str,
    information: str,
) -> EmergencyDisclosure:
    """Record a disclosure of CLIENT's information to medical personnel in a medical emergency
    (42 CFR 2.51), made without consent; return the record.

    The four fields 2.51(c) requires: RECIPIENT_NAME and their FACILITY, who DISCLOSED_BY,
    DISCLOSED_AT (date and time) and the NATURE of the emergency; plus the INFORMATION given.
    Writes the ledger row (so it appears in the accounting of disclosures) and an audit EXPORT
    row, and e-mails the organization's privacy officers (directors and administrators when it
    has none) a notice that names no client.

    Raises PermissionDenied unless ACTOR has RECORD or MANAGE on CLIENT; ValidationError by
    field for anything missing, too long, or a time in the future.
    """
    if not may_record_consents(actor, client):
        raise PermissionDenied
    values = {
        "recipient_name": " ".join(str(recipient_name or "").split()),
        "facility": " ".join(str(facility or "").split()),
        "disclosed_by": " ".join(str(disclosed_by or "").split()),
        "nature": str(nature or "").strip(),
        "information": str(information or "").strip(),
    }
    errors = {
        field: "This is required for the record of an emergency disclosure."
        for field, value in values.items()
        if not value
    }
    for field in ("recipient_name", "facility", "disclosed_by"):
        if len(values[field]) > 200:
            errors[field] = "Use at most 200 characters."
    if len(values["information"]) > 1000:
        errors["information"] = "Use at most 1000 characters."
    if disclosed_at is None:
        errors["disclosed_at"] = "Give the date and time of the disclosure."
    elif disclosed_at > timezone.now() + CLOCK_SKEW:
        errors["disclosed_at"] = "The time of the disclosure cannot be in the future."
    if errors or disclosed_at is None:
        raise ValidationError(errors)
    with transaction.atomic():
        disclosure = _ledger_row(
            client,
            actor,
            occurred_at=disclosed_at,
            recipient_name=f"{values['recipient_name']}, {values['facility']}",
            description=values["information"],
            scope=[],
            purpose=Purpose.MEDICAL_EMERGENCY,
            basis=LegalBasis.MEDICAL_EMERGENCY,
            consent=None,
            output_format=OutputFormat.NONE,
        )
        record = EmergencyDisclosure.objects.create(
            organization_id=client.organization_id,
            client=client,
            disclosure=disclosure,
            disclosed_at=disclosed_at,
            **values,
        )
        _notify_privacy_officers(client, record)
    return record


def privacy_contacts(organization_id: int) -> list[Any]:
    """Return the people told about emergency disclosures in the organization: its privacy
    officers; its directors and administrators when it has no privacy officer."""
    members = Membership.objects.active().filter(organization_id=organization_id)
    officers = members.filter(role=Role.PRIVACY_OFFICER)
    chosen = officers if officers.exists() else members.filter(role__in=[Role.DIRECTOR, Role.ADMIN])
    users = {m.user_id: m.user for m in chosen.select_related("user").order_by("user_id")}
    return list(users.values())


def _notify_privacy_officers(client: Client, record: EmergencyDisclosure) -> None:
    # The notice is queued against the client only because every Delivery belongs to one; its
    # body is fixed text and a link, and staff notices never show on the client's profile.
    now = timezone.now()
    for user in privacy_contacts(client.organization_id):
        if user.email:
            queue_notice(
                client,
                kind=EMERGENCY_NOTICE,
                channel=Channel.EMAIL,
                address=user.email,
                dedupe_key=f"emergency-disclosure:{record.pk}:user:{user.pk}:email",
                send_at=now,
            )
