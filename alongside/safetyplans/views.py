"""Staff pages for a client's safety plan: the current plan with its history, an earlier
version, and the form to save a new version together with the client.

Who may do what is in access.py: advocates and supervisors read and write; directors and
clinicians in the client's program read; administrators see nothing. Every page that shows
a plan writes a VIEW row; saving writes a CREATE row (services.py).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from alongside.clients.access import Capability
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.lib.paging import paginate
from alongside.safetyplans.access import audit_plan_view, get_client_for_plan, get_version_for
from alongside.safetyplans.forms import SafetyPlanForm
from alongside.safetyplans.models import SafetyPlanVersion
from alongside.safetyplans.queries import current_plan, plan_history
from alongside.safetyplans.services import save_safety_plan

HISTORY_PER_PAGE = 20


def saved_message(version: SafetyPlanVersion) -> str:
    if version.saved_now:
        return f"Safety plan saved as version {version.number}. Earlier versions are kept."
    return "Nothing had changed, so no new version was saved."


@require_GET
@login_required
def plan(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_plan(request.user, public_id)
    current = current_plan(client)
    audit_plan_view(request.user, client, current)
    context = {
        "nav": "caseload",
        "client": client,
        "plan": current,
        "page_obj": paginate(request, plan_history(client), per_page=HISTORY_PER_PAGE),
        "can_record": Capability.RECORD in client.capabilities,  # type: ignore[attr-defined]
    }
    return render(request, "safetyplans/plan.html", context)


@require_GET
@login_required
def version(request: HttpRequest, public_id: uuid.UUID, number: int) -> HttpResponse:
    shown = get_version_for(request.user, public_id, number)
    audit_plan_view(request.user, shown.client, shown)
    context = {
        "nav": "caseload",
        "client": shown.client,
        "plan": shown,
        "current": current_plan(shown.client),
    }
    return render(request, "safetyplans/version.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_plan(request.user, public_id, write=True)
    current = current_plan(client)
    form = SafetyPlanForm(posted(request), current=current)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_safety_plan(request.user, client, form.sections())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, saved_message(saved))
            return redirect("safetyplans:plan", public_id=client.public_id)
    audit_plan_view(request.user, client, current)
    context = {"nav": "caseload", "client": client, "form": form, "plan": current}
    return render(request, "safetyplans/edit.html", context, status=form_status(form))
