"""Staff pages for consents and disclosures, under /clients/<uuid>/consents/ and
/clients/<uuid>/disclosures/.

Who may do what is in access.py: advocates, supervisors and directors record and read
consents and the ledger; supervisors and directors disclose. Every page that shows a consent
or the ledger writes a VIEW row; writes are audited by the services and the gate.

Revoking on a client's behalf and disclosing need a recent sign-in: the step that writes is
its own function under `require_recent_auth`, reached only after the access check, so a
client outside the caller's scope is still a plain 404 and never a request to sign in again.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.reauth import require_recent_auth
from alongside.audit.models import Action
from alongside.clients.access import audit_client_event
from alongside.clients.models import Client
from alongside.consent.access import (
    OBJECT_ACCOUNTING,
    OBJECT_CONSENT,
    OBJECT_CONSENTS,
    get_client_for_consents,
    get_client_for_disclosure,
    get_consent_for,
    may_disclose,
)
from alongside.consent.accounting import (
    accounting_csv_response,
    accounting_pdf_response,
    accounting_rows,
)
from alongside.consent.forms import (
    ConsentForm,
    DisclosureForm,
    EmergencyForm,
    ExpiryEventForm,
    StaffRevocationForm,
)
from alongside.consent.gate import (
    DisclosureRefused,
    Recipient,
    disclose,
    record_emergency_disclosure,
    response_for,
)
from alongside.consent.models import ConsentType, Expiry
from alongside.consent.queries import accounting_of, accounting_since, consents_of, ledger_of
from alongside.consent.record import build_record
from alongside.consent.services import record_consent, record_expiry_event, revoke_consent
from alongside.consent.statements import (
    REDISCLOSURE_NOTICE_SHORT,
    REVOCATION_STATEMENT,
    TPO_STATEMENT,
)
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.lib.zones import local_date

LEDGER_SHOWN = 50


def _context(client: Client, **extra: Any) -> dict[str, Any]:
    return {"nav": "caseload", "client": client, **extra}


@require_GET
@login_required
def consents(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_consents(request.user, public_id)
    audit_client_event(request.user, client, Action.VIEW, object_type=OBJECT_CONSENTS)
    now = timezone.now()
    rows = [(consent, consent.status(now)) for consent in consents_of(client)]
    ledger = list(ledger_of(client)[:LEDGER_SHOWN])
    context = _context(
        client,
        consents=rows,
        ledger=ledger,
        ledger_limit=LEDGER_SHOWN,
        can_disclose=may_disclose(request.user, client),
    )
    return render(request, "consent/consents.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def new_consent(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_consents(request.user, public_id)
    organization = client.organization
    revocation = REVOCATION_STATEMENT % {"organization": organization.name}
    form = ConsentForm(
        posted(request),
        organization_name=organization.name,
        today=local_date(organization.time_zone, timezone.now()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            consent = record_consent(request.user, client, **form.service_arguments(revocation))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Consent recorded.")
            return redirect(
                "consent:consent", public_id=client.public_id, consent_id=consent.public_id
            )
    audit_client_event(request.user, client, Action.VIEW, object_type=OBJECT_CONSENTS)
    context = _context(
        client, form=form, revocation_statement=revocation, tpo_statement=TPO_STATEMENT
    )
    return render(request, "consent/new_consent.html", context, status=form_status(form))


@require_GET
@login_required
def consent_detail(
    request: HttpRequest, public_id: uuid.UUID, consent_id: uuid.UUID
) -> HttpResponse:
    consent = get_consent_for(request.user, public_id, consent_id)
    audit_client_event(
        request.user, consent.client, Action.VIEW, consent, object_type=OBJECT_CONSENT
    )
    return _consent_page(request, consent, StaffRevocationForm(), ExpiryEventForm())


def _consent_page(
    request: HttpRequest,
    consent: Any,
    revoke_form: StaffRevocationForm,
    event_form: ExpiryEventForm,
    status: int = 200,
) -> HttpResponse:
    context = _context(
        consent.client,
        consent=consent,
        status=consent.status(timezone.now()),
        inactive_reason=consent.inactive_reason(timezone.now()),
        revoke_form=revoke_form,
        event_form=event_form,
        awaits_event=consent.expiry == Expiry.EVENT and consent.expiry_event_on is None,
        is_tpo=consent.consent_type == ConsentType.TPO,
        disclosures=list(ledger_of(consent.client).filter(consent=consent)[:LEDGER_SHOWN]),
    )
    return render(request, "consent/consent.html", context, status=status)


@require_POST
@login_required
def revoke(request: HttpRequest, public_id: uuid.UUID, consent_id: uuid.UUID) -> HttpResponse:
    consent = get_consent_for(request.user, public_id, consent_id)
    form = StaffRevocationForm(request.POST)
    if form.is_valid():
        return _record_revocation(request, consent, form)
    audit_client_event(
        request.user, consent.client, Action.VIEW, consent, object_type=OBJECT_CONSENT
    )
    return _consent_page(request, consent, form, ExpiryEventForm(), status=422)


@require_recent_auth
def _record_revocation(
    request: HttpRequest, consent: Any, form: StaffRevocationForm
) -> HttpResponse:
    try:
        revoke_consent(
            request.user,
            consent,
            form.cleaned_data["how"],
            signed_by=form.cleaned_data["signed_by"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        audit_client_event(
            request.user, consent.client, Action.VIEW, consent, object_type=OBJECT_CONSENT
        )
        return _consent_page(request, consent, form, ExpiryEventForm(), status=422)
    messages.success(request, "Revocation recorded. No disclosure can use this consent now.")
    return redirect(
        "consent:consent", public_id=consent.client.public_id, consent_id=consent.public_id
    )


@require_POST
@login_required
def expiry_event(request: HttpRequest, public_id: uuid.UUID, consent_id: uuid.UUID) -> HttpResponse:
    consent = get_consent_for(request.user, public_id, consent_id)
    form = ExpiryEventForm(request.POST)
    if form.is_valid():
        try:
            record_expiry_event(request.user, consent, form.cleaned_data["happened_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Recorded: this consent has expired.")
            return redirect("consent:consent", public_id=public_id, consent_id=consent.public_id)
    audit_client_event(
        request.user, consent.client, Action.VIEW, consent, object_type=OBJECT_CONSENT
    )
    return _consent_page(request, consent, StaffRevocationForm(), form, status=422)


@require_http_methods(["GET", "POST"])
@login_required
def new_disclosure(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_disclosure(request.user, public_id)
    in_force = [c for c in consents_of(client) if c.is_active(timezone.now())]
    form = DisclosureForm(
        posted(request), consents=client.consents.filter(pk__in=[c.pk for c in in_force])
    )
    if request.method == "POST" and form.is_valid():
        return _disclose(request, client, form, in_force)
    return _disclosure_page(request, client, form, in_force)


def _disclosure_page(
    request: HttpRequest, client: Client, form: DisclosureForm, in_force: list[Any]
) -> HttpResponse:
    audit_client_event(request.user, client, Action.VIEW, object_type=OBJECT_CONSENTS)
    recipients = sorted({name for c in in_force for name in c.recipient_names})
    context = _context(
        client,
        form=form,
        consents=in_force,
        recipients=recipients,
        notice=REDISCLOSURE_NOTICE_SHORT,
    )
    return render(request, "consent/new_disclosure.html", context, status=form_status(form))


@require_recent_auth
def _disclose(
    request: HttpRequest, client: Client, form: DisclosureForm, in_force: list[Any]
) -> HttpResponse:
    data = form.cleaned_data
    try:
        disclosed = disclose(
            request.user,
            client,
            Recipient(data["recipient_name"], data["recipient_class"]),
            data["purpose"],
            data["scope"],
            build_record,
            output_format=data["output_format"],
            consent=data["consent"],
        )
    except DisclosureRefused as refused:
        for reason in refused.reasons:
            form.add_error(None, reason)
    except ValidationError as error:
        add_service_errors(form, error)
    else:
        return response_for(disclosed)
    return _disclosure_page(request, client, form, in_force)


@require_http_methods(["GET", "POST"])
@login_required
def emergency(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_consents(request.user, public_id)
    initial = {"disclosed_by": getattr(request.user, "display_name", "")}
    form = EmergencyForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_emergency_disclosure(
                request.user,
                client,
                recipient_name=data["recipient_name"],
                facility=data["facility"],
                disclosed_by=data["disclosed_by"],
                disclosed_at=data["occurred_at"],
                nature=data["nature"],
                information=data["information"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Emergency disclosure recorded. The privacy officer has been told."
            )
            return redirect("consent:consents", public_id=client.public_id)
    audit_client_event(request.user, client, Action.VIEW, object_type=OBJECT_CONSENTS)
    return render(
        request, "consent/emergency.html", _context(client, form=form), status=form_status(form)
    )


@require_GET
@login_required
def accounting(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_consents(request.user, public_id)
    now = timezone.now()
    disclosures = accounting_of(client, now)
    audit_client_event(request.user, client, Action.VIEW, object_type=OBJECT_ACCOUNTING)
    context = _context(
        client,
        rows=accounting_rows(client, disclosures),
        since=accounting_since(now),
        until=now,
    )
    return render(request, "consent/accounting.html", context)


@require_GET
@login_required
def accounting_csv(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_consents(request.user, public_id)
    return accounting_csv_response(request.user, client, timezone.now())


@require_GET
@login_required
def accounting_pdf(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_consents(request.user, public_id)
    return accounting_pdf_response(request.user, client, timezone.now())
