"""Staff pages: the alerts list, one alert (take it, resolve it), raising a flag by hand."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.clients.access import Capability, get_client_for
from alongside.clients.pages import client_form_page
from alongside.clients.queries import audit_list_view
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.lib.paging import paginate
from alongside.organizations.models import Program
from alongside.safety import rota, services
from alongside.safety.access import alerts_visible_to, get_alert_for, may_act_on
from alongside.safety.forms import AcknowledgeForm, FlagForm, ResolveForm, ShiftForm
from alongside.safety.models import Alert, AlertState


@require_GET
@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    """Open alerts first (oldest waiting first), then taken, then resolved (newest first)."""
    order = Case(
        When(state=AlertState.OPEN, then=Value(0)),
        When(state=AlertState.ACKNOWLEDGED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    listing = (
        alerts_visible_to(request.user)
        .select_related("client", "flag", "owner")
        .annotate(order=order)
        .order_by("order", "-created_at", "-id")
    )
    page = paginate(request, listing)
    # The list shows names and reasons: one audit row per alert shown.
    audit_list_view(request.user, [alert.client for alert in page.object_list])
    return render(request, "safety/alerts.html", {"page_obj": page, "nav": "alerts"})


def _alert_page(
    request: HttpRequest, alert: Alert, status: int = 200, **forms: object
) -> HttpResponse:
    context = {
        "alert": alert,
        "client": alert.client,
        "recipients": alert.recipients.select_related("user"),
        "may_act": may_act_on(request.user, alert),
        "acknowledge_form": forms.get("acknowledge_form") or AcknowledgeForm(),
        "resolve_form": forms.get("resolve_form") or ResolveForm(),
        "nav": "alerts",
    }
    return render(request, "safety/alert.html", context, status=status)


@require_GET
@login_required
def alert_detail(request: HttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    return _alert_page(request, get_alert_for(request.user, alert_id))


@require_POST
@login_required
def acknowledge(request: HttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.acknowledge(request.user, alert, form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "You took this alert. Escalation has stopped.")
            return redirect("safety:alert", alert_id=alert.public_id)
    return _alert_page(request, alert, form_status(form), acknowledge_form=form)


@require_POST
@login_required
def resolve(request: HttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.resolve(request.user, alert, form.cleaned_data["resolution"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Alert resolved.")
            return redirect("safety:alert", alert_id=alert.public_id)
    return _alert_page(request, alert, form_status(form), resolve_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def raise_flag(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id, need=Capability.RECORD)
    form = FlagForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            flag = services.raise_manual_flag(
                request.user, client, form.cleaned_data["severity"], form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if hasattr(flag, "alert"):
                messages.success(
                    request, "Flag raised. An alert is on its way to the people on duty."
                )
                return redirect("safety:alert", alert_id=flag.alert.public_id)
            messages.success(request, "Flag raised.")
            return redirect("workspace:client", public_id=client.public_id)
    return client_form_page(request, "safety/raise_flag.html", client, form)


@require_http_methods(["GET", "POST"])
@login_required
def on_call(request: HttpRequest) -> HttpResponse:
    organization = rota.managed_organization(request.user)
    programs = Program.objects.filter(organization=organization, is_active=True)
    form = ShiftForm(posted(request), programs=programs, people=rota.eligible_people(organization))
    if request.method == "POST" and form.is_valid():
        try:
            rota.add_shift(
                request.user,
                form.cleaned_data["program"],
                form.cleaned_data["person"],
                form.cleaned_data["starts_at"],
                form.cleaned_data["ends_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Shift added.")
            return redirect("safety:on_call")
    context = {
        "form": form,
        "shifts": rota.upcoming_shifts(organization, timezone.now()),
        "now": timezone.now(),
        "nav": "on_call",
    }
    return render(request, "safety/on_call.html", context, status=form_status(form))


@require_POST
@login_required
def remove_shift(request: HttpRequest, shift_id: int) -> HttpResponse:
    try:
        rota.remove_shift(request.user, shift_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Shift removed.")
    return redirect("safety:on_call")
