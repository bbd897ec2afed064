"""The staff workspace: where each role lands, the caseload, and the client profile."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from alongside.audit.models import Action
from alongside.checkins.queries import recent_checkins
from alongside.clients.access import Capability, audit_client_event, get_client_for, own_client
from alongside.clients.queries import audit_list_view
from alongside.lib.http import is_htmx
from alongside.lib.paging import paginate
from alongside.notifications.queries import reminder_status
from alongside.organizations.staff import ROLE_LANDING, home_roles
from alongside.recovery.milestones import client_today
from alongside.recovery.queries import recovery_of
from alongside.safety.queries import safety_summary
from alongside.safetyplans.queries import profile_context as safety_plan_profile
from alongside.support.queries import timeline
from alongside.workspace.queries import CASELOAD_SORTS, caseload_for, profile_care


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    if own_client(request.user) is not None:
        return redirect("portal:home")  # a person in recovery has the portal, not staff pages
    roles = home_roles(request.user)
    for role, url_name in ROLE_LANDING:
        if role in roles:
            return redirect(url_name)
    return render(request, "workspace/no_role.html")


@require_GET
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "name")
    if sort not in CASELOAD_SORTS:
        sort = "name"
    rows = caseload_for(request.user, sort)
    page = paginate(request, rows)
    clients = list(page.object_list)
    audit_list_view(request.user, clients)
    # Whole calendar days in the viewer's zone: a contact last night is "1 day ago".
    today = timezone.localdate()
    for client in clients:
        last = client.last_contact_at
        client.days_since_contact = (today - timezone.localdate(last)).days if last else None
        client.other_advocates = [
            a.advocate for a in client.current_assignments if a.advocate_id != request.user.pk
        ]
    return render(
        request,
        "workspace/caseload.html",
        {
            "nav": "caseload",
            "page_obj": page,
            "clients": clients,
            "sort": sort,
            "sorts": CASELOAD_SORTS,
            "query": f"sort={sort}",
            "is_advocate": "pra" in home_roles(request.user),
        },
    )


@require_GET
@login_required
def client_profile(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id)
    audit_client_event(request.user, client, Action.VIEW)
    page = paginate(request, timeline(client), per_page=20)
    capabilities = client.capabilities  # type: ignore[attr-defined]
    context = {
        "nav": "caseload",
        "client": client,
        "page_obj": page,
        "can_record": Capability.RECORD in capabilities,
        "can_manage": Capability.MANAGE in capabilities,
        "can_read_notes": Capability.READ_NOTES in capabilities,
        "can_read_messages": Capability.READ_MESSAGES in capabilities,
    }
    if is_htmx(request):  # another page of contacts: the rest of the profile is not re-read
        return render(request, "workspace/_timeline.html", context)
    episodes, assignments = profile_care(client)
    context |= {
        "episodes": episodes,
        "open_episode": next((e for e in episodes if e.is_open), None),
        "current_assignments": [a for a in assignments if a.ended_at is None],
        "past_assignments": [a for a in assignments if a.ended_at is not None],
        "recent_checkins": recent_checkins(client),
        "recovery": recovery_of(client, client_today(client, timezone.now())),
        "reminders": reminder_status(client),
        "safety": safety_summary(client),
        **safety_plan_profile(request.user, client),
    }
    return render(request, "workspace/client.html", context)
