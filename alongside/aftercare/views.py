"""Aftercare pages: a client's follow-ups and the call form (phone-friendly, reached from
Today), re-admission, and the supervisors' and directors' follow-up list with the rates.

Clients come only through the access layer; every page showing a client's follow-ups writes
a VIEW row and every write is audited by the services.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.aftercare import queries, services
from alongside.aftercare.forms import ReadmitForm, RecordForm
from alongside.aftercare.models import FollowUp
from alongside.aftercare.schedule import WINDOW_RULE
from alongside.audit.models import Action
from alongside.clients.access import (
    Capability,
    admitting_programs,
    audit_client_event,
    get_client_for,
)
from alongside.clients.models import Client
from alongside.clients.queries import audit_list_view
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.lib.zones import local_date
from alongside.organizations.models import Organization


def _followup_of(client: Client, followup_id: uuid.UUID) -> FollowUp:
    try:
        followup = FollowUp.objects.select_related("episode", "assigned_to").get(
            client=client, public_id=followup_id
        )
    except FollowUp.DoesNotExist:
        raise Http404("No such follow-up") from None
    followup.client = client
    return followup


def _client_context(request: HttpRequest, client: Client) -> dict[str, Any]:
    today = local_date(client.time_zone, timezone.now())
    followups = queries.client_followups(client)
    for followup in followups:
        followup.shown_state = followup.state(today)  # type: ignore[attr-defined]
    return {
        "nav": "caseload",
        "client": client,
        "followups": followups,
        "today": today,
        "window_rule": WINDOW_RULE,
        "can_record": Capability.RECORD in client.capabilities,  # type: ignore[attr-defined]
        "can_manage": Capability.MANAGE in client.capabilities,  # type: ignore[attr-defined]
        "has_open_episode": client.episodes.open().exists(),
    }


@require_GET
@login_required
def client_followups(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id)
    audit_client_event(request.user, client, Action.VIEW, object_type="followups")
    context = _client_context(request, client)
    if context["can_manage"] and not context["has_open_episode"]:
        context["readmit_form"] = ReadmitForm(programs=_programs(request, client))
    return render(request, "aftercare/client.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def record(request: HttpRequest, public_id: uuid.UUID, followup_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id, need=Capability.RECORD)
    followup = _followup_of(client, followup_id)
    form = RecordForm(
        posted(request),
        initial={"attempted_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attempt(
                request.user,
                followup,
                result=form.cleaned_data["result"],
                attempted_at=form.cleaned_data["attempted_at"],
                outcome=form.outcome(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Follow-up call saved.")
            return redirect("aftercare:client", client.public_id)
    if request.method == "GET":
        audit_client_event(request.user, client, Action.VIEW, followup)
    today = local_date(client.time_zone, timezone.now())
    context = {
        "nav": "today",
        "client": client,
        "followup": followup,
        "state": followup.state(today),
        "attempts": list(followup.attempts.select_related("recorded_by")),
        "form": form,
        "window_rule": WINDOW_RULE,
    }
    return render(request, "aftercare/record.html", context, status=form_status(form))


def _programs(request: HttpRequest, client: Client) -> Any:
    return admitting_programs(request.user).filter(organization_id=client.organization_id)


@require_POST
@login_required
def readmit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id, need=Capability.MANAGE)
    form = ReadmitForm(request.POST, programs=_programs(request, client))
    if form.is_valid():
        try:
            services.readmit(
                request.user,
                client,
                program=form.cleaned_data["program"],
                level_of_care=form.cleaned_data["level_of_care"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "New episode started; the earlier follow-ups stop.")
            return redirect("aftercare:client", client.public_id)
    context = _client_context(request, client) | {"readmit_form": form}
    return render(request, "aftercare/client.html", context, status=422)


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    from alongside.outcomes.access import outcomes_reader
    from alongside.outcomes.filters import FilterForm

    reader = outcomes_reader(request.user)  # directors and supervisors; 403 otherwise
    organization: Organization = reader.organization
    form = FilterForm(organization, request.GET or None)
    form.fields["start"].label = "Due from"
    del form.fields["early_contacts"]
    rates: list[queries.TimepointRate] = []
    valid = True
    if form.is_bound:
        valid = form.is_valid() and form.filters is not None
        filters = form.filters
    else:
        from alongside.outcomes.filters import parse_filters

        filters = parse_filters(organization, start=None, end=None)
    if valid and filters is not None:
        program_ids = list(filters.program_ids) if filters.program_ids is not None else None
        rates = queries.followup_rates(
            organization, program_ids=program_ids, start=filters.start, end=filters.end
        )
    today = queries.org_today(organization)
    due = queries.due_list(request.user, organization, today)
    audit_list_view(request.user, [followup.client for followup in due])
    for followup in due:
        followup.shown_state = followup.state(  # type: ignore[attr-defined]
            local_date(followup.client.time_zone, timezone.now())
        )
    context = {
        "nav": "aftercare",
        "form": form,
        "filters": filters if valid else None,
        "rates": rates,
        "target": queries.TARGET_RATE,
        "target_percent": round(queries.TARGET_RATE * 100),
        "due": due,
        "window_rule": WINDOW_RULE,
        "rate_rule": queries.RATE_RULE,
        "api_url": reverse("api:get_followups"),
    }
    return render(request, "aftercare/overview.html", context, status=200 if valid else 422)
