"""Staff pages for crisis events: record one, read one (sign it off, close its follow-up),
a client's list, and the supervisor's review queue."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, get_client_for
from alongside.clients.pages import client_form_page
from alongside.clients.queries import audit_list_view
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.lib.paging import paginate
from alongside.organizations.models import Role
from alongside.organizations.staff import memberships_of
from alongside.safety import crisis
from alongside.safety.crisis_forms import CrisisEventForm, SignOffForm
from alongside.safety.models import CrisisEvent

REVIEWING_ROLES = frozenset({Role.SUPERVISOR, Role.DIRECTOR})


@require_http_methods(["GET", "POST"])
@login_required
def record(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record what happened; `?alert=<alert uuid>` ties the record to that alert."""
    client = get_client_for(request.user, public_id, need=Capability.RECORD)
    alert = None
    if "alert" in request.GET:
        alert = crisis.find_alert(request.user, client, request.GET["alert"])
        if alert is None:
            raise Http404("No such alert")
        existing = CrisisEvent.objects.filter(alert=alert).values_list("public_id", flat=True)
        if existing:
            messages.info(request, "What happened after this alert is already recorded.")
            return redirect("safety:crisis_event", event_id=existing[0])
    form = CrisisEventForm(posted(request), zone=timezone.get_current_timezone(), alert=alert)
    if request.method == "POST" and form.is_valid():
        try:
            event = crisis.record_crisis_event(request.user, client, form.details(alert))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Crisis event recorded. Your supervisor will review it.")
            return redirect("safety:crisis_event", event_id=event.public_id)
    return client_form_page(request, "safety/crisis_record.html", client, form, alert=alert)


@require_GET
@login_required
def client_events(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id)
    audit_client_event(request.user, client, Action.VIEW, object_type="crisis_event_list")
    context = {
        "nav": "caseload",
        "client": client,
        "page_obj": paginate(request, crisis.events_of(client)),
        "can_record": Capability.RECORD in client.capabilities,  # type: ignore[attr-defined]
    }
    return render(request, "safety/crisis_list.html", context)


def _event_page(
    request: HttpRequest, event: CrisisEvent, form: SignOffForm | None = None
) -> HttpResponse:
    context = {
        "event": event,
        "client": event.client,
        "may_sign_off": not event.is_signed_off and crisis.may_sign_off(request.user, event),
        "may_record": crisis.may_record(request.user, event.client),
        "sign_off_form": form or SignOffForm(),
        "nav": "alerts",
    }
    status = form_status(form) if form is not None else 200
    return render(request, "safety/crisis_event.html", context, status=status)


@require_GET
@login_required
def event_detail(request: HttpRequest, event_id: uuid.UUID) -> HttpResponse:
    return _event_page(request, crisis.get_crisis_event_for(request.user, event_id))


@require_POST
@login_required
def sign_off(request: HttpRequest, event_id: uuid.UUID) -> HttpResponse:
    event = crisis.get_crisis_event_for(request.user, event_id)
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            crisis.sign_off(request.user, event, form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Signed off.")
            return redirect("safety:crisis_event", event_id=event.public_id)
    return _event_page(request, event, form)


@require_POST
@login_required
def follow_up_done(request: HttpRequest, event_id: uuid.UUID) -> HttpResponse:
    event = crisis.get_crisis_event_for(request.user, event_id)
    try:
        crisis.mark_follow_up_done(request.user, event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Follow-up marked done.")
    return redirect("safety:crisis_event", event_id=event.public_id)


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Events waiting for the signed-in supervisor's or director's sign-off."""
    if not any(m.role in REVIEWING_ROLES for m in memberships_of(request.user)):
        raise PermissionDenied
    page = paginate(request, crisis.review_queue(request.user))
    # The queue shows names: one audit row per event's client shown.
    audit_list_view(request.user, [event.client for event in page.object_list])
    return render(request, "safety/crisis_review.html", {"page_obj": page, "nav": "alerts"})
