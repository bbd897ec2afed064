"""Staff pages: the inbox, one client's conversation, and the advocate's working hours."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from alongside.audit.models import Action, Outcome
from alongside.clients.access import audit_client_event
from alongside.clients.pages import client_form_page
from alongside.clients.queries import audit_list_view
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.lib.paging import paginate
from alongside.messaging import services
from alongside.messaging.access import get_conversation_for, is_current_advocate
from alongside.messaging.forms import MessageForm, WorkingWeekForm
from alongside.messaging.hours import week_of
from alongside.messaging.queries import inbox_of, latest_messages, message_in
from alongside.organizations.models import Role
from alongside.organizations.staff import memberships_of

MESSAGES_SHOWN = 50


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = paginate(request, inbox_of(request.user))
    audit_list_view(request.user, list(page.object_list))
    return render(request, "messaging/inbox.html", {"page_obj": page, "nav": "messages"})


@require_http_methods(["GET", "POST"])
@login_required
def conversation(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_conversation_for(request.user, public_id)
    may_write = is_current_advocate(request.user, client)
    form = MessageForm(posted(request))
    if request.method == "POST":
        if not may_write:
            audit_client_event(
                request.user, client, Action.CREATE, object_type="message", outcome=Outcome.DENIED
            )
            raise PermissionDenied
        if form.is_valid():
            try:
                services.send_message(request.user, client, form.cleaned_data["body"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Message sent.")
                return redirect("messaging:conversation", public_id=client.public_id)
    before = message_in(client, request.GET.get("before"))
    shown = latest_messages(client, MESSAGES_SHOWN + 1, before=before)
    services.mark_read(request.user, client)
    return client_form_page(
        request,
        "messaging/conversation.html",
        client,
        form,
        nav="messages",
        conversation=shown[-MESSAGES_SHOWN:],
        earlier=shown[0] if len(shown) > MESSAGES_SHOWN else None,
        may_write=may_write,
    )


@require_http_methods(["GET", "POST"])
@login_required
def working_hours(request: HttpRequest) -> HttpResponse:
    advocacy = [m for m in memberships_of(request.user) if m.role in (Role.PRA, Role.SUPERVISOR)]
    if not advocacy:
        raise Http404("Working hours are for advocates and supervisors")
    organization = advocacy[0].organization
    week = week_of(request.user, organization)
    form = WorkingWeekForm(posted(request), week=week.days)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_working_week(request.user, organization, form.cleaned_data["week"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Working hours saved.")
            return redirect("messaging:hours")
    context = {
        "form": form,
        "week": week,
        "zone": week.zone.key,
        "available_now": week.is_working(timezone.now()),
        "nav": "messages",
    }
    return render(request, "messaging/hours.html", context, status=form_status(form))
