"""Recovery plan pages: staff pages under /clients/<id>/plan/ and the client's own under
/me/plan/. Both sides share these views; `Side` says whose they are (the client from the URL
through the access layer, or the signed-in client from the session) and names the URLs.

Every page that shows the plan writes a VIEW row; every change is audited by the service.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.clients.models import Client
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.lib.http import is_htmx
from alongside.plans import services
from alongside.plans.access import audit_plan_view, get_client_for_plan, goal_of, task_of
from alongside.plans.forms import GoalForm, StatusForm, TaskForm, TickForm
from alongside.plans.models import Goal, GoalStatus
from alongside.plans.queries import by_domain, client_history, plan_goals, plan_history
from alongside.portal.access import portal_client
from alongside.recovery.milestones import client_today


@dataclass(frozen=True)
class Side:
    client: Client
    portal: bool

    def url(self, name: str, *args: Any) -> str:
        if self.portal:
            return reverse(f"plans:my_{name}", args=args)
        return reverse(f"plans:{name}", args=(self.client.public_id, *args))

    def template(self, name: str) -> str:
        return f"plans/portal/{name}" if self.portal else f"plans/{name}"


def side_of(request: HttpRequest, public_id: uuid.UUID | None, *, write: bool = False) -> Side:
    if public_id is None:
        return Side(portal_client(request), portal=True)
    return Side(get_client_for_plan(request.user, public_id, write=write), portal=False)


def link(side: Side, goals: list[Goal], *, can_write: bool) -> None:
    """Attach each goal's page URL, and each task's tick URL for those who may tick it."""
    for goal in goals:
        goal.page_url = side.url("goal", goal.public_id)  # type: ignore[attr-defined]
        if can_write:
            for task in goal.tasks.all():
                task.tick_url = side.url("tick", task.public_id)  # type: ignore[attr-defined]


def can_write(request: HttpRequest, side: Side) -> bool:
    return side.portal or services.may_write_plan(request.user, side.client)


def plan_context(request: HttpRequest, side: Side, **extra: Any) -> dict[str, Any]:
    goals = plan_goals(side.client)
    writer = can_write(request, side)
    link(side, goals, can_write=writer)
    context: dict[str, Any] = {
        "nav": "plan" if side.portal else "caseload",
        "client": side.client,
        "side": side,
        "groups": by_domain(goals),
        "today": client_today(side.client, timezone.now()),
        "new_goal_url": side.url("new_goal"),
        "print_url": side.url("print"),
        "plan_url": side.url("plan"),
    }
    if side.portal:
        context["history"] = client_history(side.client)
    else:
        context["history"] = plan_history(side.client)
        context["can_record"] = writer
        context["suggest_url"] = side.url("suggest")
        context["barc10"] = services.latest_barc10(side.client)
    context.update(extra)
    return context


@require_GET
@login_required
def plan(request: HttpRequest, public_id: uuid.UUID | None = None) -> HttpResponse:
    side = side_of(request, public_id)
    audit_plan_view(request.user, side.client)
    return render(request, side.template("plan.html"), plan_context(request, side))


@require_GET
@login_required
def printable(request: HttpRequest, public_id: uuid.UUID | None = None) -> HttpResponse:
    side = side_of(request, public_id)
    audit_plan_view(request.user, side.client)
    return render(request, "plans/print.html", plan_context(request, side))


@require_http_methods(["GET", "POST"])
@login_required
def new_goal(request: HttpRequest, public_id: uuid.UUID | None = None) -> HttpResponse:
    side = side_of(request, public_id, write=True)
    form = GoalForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_goal(request.user, side.client, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Goal added to the plan."))
            return redirect(side.url("plan"))
    audit_plan_view(request.user, side.client)
    context = {"client": side.client, "side": side, "form": form, "plan_url": side.url("plan")}
    return render(request, side.template("new_goal.html"), context, status=form_status(form))


def _goal_page(request: HttpRequest, side: Side, goal: Goal, **forms: Any) -> HttpResponse:
    goal = goal_of(side.client, goal.public_id)
    writer = can_write(request, side)
    link(side, [goal], can_write=writer)
    audit_plan_view(request.user, side.client)
    context = {
        "nav": "plan" if side.portal else "caseload",
        "client": side.client,
        "side": side,
        "goal": goal,
        "can_write": writer,
        "form": forms.get("form") or GoalForm(goal=goal),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": goal.status}),
        "task_form": forms.get("task_form") or TaskForm(),
        "plan_url": side.url("plan"),
        "status_url": side.url("status", goal.public_id),
        "task_url": side.url("new_task", goal.public_id),
    }
    status = 422 if any(f.errors for f in forms.values()) else 200
    return render(request, side.template("goal.html"), context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def goal(
    request: HttpRequest, goal_id: uuid.UUID, public_id: uuid.UUID | None = None
) -> HttpResponse:
    side = side_of(request, public_id, write=request.method == "POST")
    shown = goal_of(side.client, goal_id)
    form = GoalForm(posted(request), goal=shown)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_goal(request.user, shown, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Goal saved."))
            return redirect(side.url("plan"))
    return _goal_page(request, side, shown, form=form)


@require_POST
@login_required
def status(
    request: HttpRequest, goal_id: uuid.UUID, public_id: uuid.UUID | None = None
) -> HttpResponse:
    side = side_of(request, public_id, write=True)
    shown = goal_of(side.client, goal_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            changed = services.set_goal_status(request.user, shown, form.cleaned_data["status"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changed.status == GoalStatus.DONE:
                messages.success(request, _("Goal done: it is on your wins. Well done!"))
            else:
                messages.success(request, _("Goal saved."))
            return redirect(side.url("plan"))
    return _goal_page(request, side, shown, status_form=form)


@require_POST
@login_required
def new_task(
    request: HttpRequest, goal_id: uuid.UUID, public_id: uuid.UUID | None = None
) -> HttpResponse:
    side = side_of(request, public_id, write=True)
    shown = goal_of(side.client, goal_id)
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            services.add_task(request.user, shown, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Task added."))
            return redirect(side.url("goal", shown.public_id))
    return _goal_page(request, side, shown, task_form=form)


@require_POST
@login_required
def tick(
    request: HttpRequest, task_id: uuid.UUID, public_id: uuid.UUID | None = None
) -> HttpResponse:
    side = side_of(request, public_id, write=True)
    task = task_of(side.client, task_id)
    form = TickForm(request.POST)
    form.is_valid()  # a missing or unticked box means "not done"
    task = services.set_task_done(request.user, task, bool(form.cleaned_data.get("done")))
    if is_htmx(request):
        task.tick_url = side.url("tick", task.public_id)  # type: ignore[attr-defined]
        return render(request, "plans/_task.html", {"task": task, "side": side})
    return redirect(side.url("plan"))


@require_POST
@login_required
def suggest(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    side = side_of(request, public_id, write=True)
    try:
        added = services.suggest_goals_from_barc10(request.user, side.client)
    except ValidationError as error:
        audit_plan_view(request.user, side.client)
        context = plan_context(request, side, suggest_error=" ".join(error.messages))
        return render(request, side.template("plan.html"), context, status=422)
    if added:
        messages.success(request, f"{len(added)} suggested goal(s) added from the latest BARC-10.")
    else:
        messages.info(request, "The lowest BARC-10 areas already have goals; nothing added.")
    return redirect(side.url("plan"))
