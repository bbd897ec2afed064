"""The client's own safety plan in the portal, under /me/safety-plan/: read it in large type,
open a clean printable page, and edit it (the client may change their own plan; their
advocate sees every version). No version history here: the client needs the plan, not its
past. Every page that shows the plan writes a VIEW row.

No scripts: printing is the browser's own menu on the printable page, whose print
stylesheet leaves only the plan and the crisis lines.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.portal.access import portal_client
from alongside.portal.crisis import EMERGENCY, LIFELINE
from alongside.safetyplans.access import audit_plan_view
from alongside.safetyplans.forms import SafetyPlanForm
from alongside.safetyplans.queries import current_plan
from alongside.safetyplans.services import save_safety_plan

NAV = "safety_plan"


def _show(request: HttpRequest, template: str) -> HttpResponse:
    client = portal_client(request)
    plan = current_plan(client)
    audit_plan_view(request.user, client, plan)
    context = {"plan": plan, "lifeline": LIFELINE, "emergency": EMERGENCY, "nav": NAV}
    return render(request, template, context)


@require_GET
@login_required
def my_plan(request: HttpRequest) -> HttpResponse:
    return _show(request, "safetyplans/portal/plan.html")


@require_GET
@login_required
def printable(request: HttpRequest) -> HttpResponse:
    return _show(request, "safetyplans/portal/print.html")


@require_http_methods(["GET", "POST"])
@login_required
def edit_my_plan(request: HttpRequest) -> HttpResponse:
    client = portal_client(request)
    current = current_plan(client)
    form = SafetyPlanForm(posted(request), current=current)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_safety_plan(request.user, client, form.sections())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved.saved_now:
                messages.success(request, _("Your safety plan is saved."))
            else:
                messages.info(request, _("Nothing had changed in your plan."))
            return redirect("safetyplans:my_plan")
    audit_plan_view(request.user, client, current)
    context = {"form": form, "plan": current, "nav": NAV}
    return render(request, "safetyplans/portal/edit.html", context, status=form_status(form))
