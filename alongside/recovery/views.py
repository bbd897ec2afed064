"""Staff pages: set the recovery start date, record a recurrence of use, add a win,
congratulate on a win, and the full wins feed. The summary lives on the client profile."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, get_client_for
from alongside.clients.models import Client
from alongside.clients.pages import client_form_page
from alongside.lib.forms import add_service_errors, posted
from alongside.lib.paging import paginate
from alongside.recovery import services
from alongside.recovery.access import get_win_for
from alongside.recovery.forms import CongratulationForm, RecoveryStartForm, RecurrenceForm, WinForm
from alongside.recovery.milestones import client_today
from alongside.recovery.queries import current_start_event, wins_of

WINS_PER_PAGE = 20


def _today(client: Client) -> date:
    return client_today(client, timezone.now())


def _done(request: HttpRequest, client: Client, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("workspace:client", public_id=client.public_id)


@require_http_methods(["GET", "POST"])
@login_required
def set_start(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id, need=Capability.RECORD)
    form = RecoveryStartForm(posted(request), today=_today(client))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_recovery_start(request.user, client, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, client, "Recovery start date saved.")
    return client_form_page(
        request, "recovery/set_start.html", client, form, current=current_start_event(client)
    )


@require_http_methods(["GET", "POST"])
@login_required
def record_recurrence(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id, need=Capability.RECORD)
    form = RecurrenceForm(posted(request), today=_today(client))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_recurrence(request.user, client, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, client, "Recurrence of use recorded. History is kept.")
    return client_form_page(
        request,
        "recovery/record_recurrence.html",
        client,
        form,
        current=current_start_event(client),
    )


@require_http_methods(["GET", "POST"])
@login_required
def add_win(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id, need=Capability.RECORD)
    form = WinForm(posted(request), today=_today(client))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_win(request.user, client, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, client, "Win added.")
    return client_form_page(request, "recovery/add_win.html", client, form)


@require_http_methods(["GET", "POST"])
@login_required
def congratulate(request: HttpRequest, public_id: uuid.UUID, win_id: uuid.UUID) -> HttpResponse:
    win = get_win_for(request.user, public_id, win_id, need=Capability.RECORD)
    form = CongratulationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.congratulate(request.user, win, form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, win.client, "Congratulation added.")
    return client_form_page(request, "recovery/congratulate.html", win.client, form, win=win)


@require_GET
@login_required
def wins(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id)
    audit_client_event(request.user, client, Action.VIEW, object_type="win_list")
    page = paginate(request, wins_of(client), per_page=WINS_PER_PAGE)
    capabilities: Any = client.capabilities  # type: ignore[attr-defined]
    return render(
        request,
        "recovery/wins.html",
        {
            "nav": "caseload",
            "client": client,
            "page_obj": page,
            "can_record": Capability.RECORD in capabilities,
        },
    )
