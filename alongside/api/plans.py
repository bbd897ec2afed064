"""/clients/{id}/plan, /goals and /tasks: a client's recovery plan, its goals and tasks.

Same rules as the pages (alongside/plans/access.py): staff read the plan with READ_NOTES
(advocates, supervisors, directors) and change it with RECORD (advocates, supervisors); a
clinician who sees the client gets 403, an administrator 404. The client's own token reads
and changes their own plan by their own id, as in the portal; any other id is a 404. The
services (alongside/plans/services.py) validate, write the plan's history and audit; marking
a goal done makes its one Win there.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StringConstraints

from alongside.accounts.models import User
from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.schemas import PersonRef, errors
from alongside.clients.access import own_client
from alongside.clients.models import Client
from alongside.plans import services
from alongside.plans.access import audit_plan_view, get_client_for_plan, goal_of, task_of
from alongside.plans.models import (
    PROMPT_LENGTH,
    SMART_FIELDS,
    TASK_TITLE_LENGTH,
    TITLE_LENGTH,
    Domain,
    Goal,
    GoalStatus,
    OwnerKind,
    Task,
)
from alongside.plans.queries import plan_goals
from alongside.recovery.milestones import client_today

router = Router(tags=["recovery plans"])

Title = Annotated[str, StringConstraints(max_length=TITLE_LENGTH)]
Prompt = Annotated[str, StringConstraints(max_length=PROMPT_LENGTH)]
TaskTitle = Annotated[str, StringConstraints(max_length=TASK_TITLE_LENGTH)]
SMART_NAMES = tuple(name for name, _label, _prompt in SMART_FIELDS)
GOAL_FIELDS = ("domain", "title", *SMART_NAMES, "target_date")


class TaskOut(Schema):
    id: UUID
    goal_id: UUID
    title: str
    due_on: date | None
    owner_kind: OwnerKind = Field(description="`client` or `advocate`.")
    owner: PersonRef | None = Field(description="The staff member who took it on, if named.")
    done: bool
    done_at: datetime | None


class GoalOut(Schema):
    id: UUID
    domain: Domain
    title: str
    specific: str
    measurable: str
    achievable: str
    relevant: str
    time_bound: str
    status: GoalStatus
    target_date: date | None
    overdue: bool = Field(description="Active with a target date before the client's today.")
    done_on: date | None
    win_id: UUID | None = Field(description="The Win finishing the goal made.")
    suggested_from: str | None = Field(description="The BARC-10 item it was suggested from.")
    created_at: datetime
    updated_at: datetime
    tasks: list[TaskOut] = Field(description="Oldest first.")


class PlanOut(Schema):
    client_id: UUID
    today: date = Field(description="The client's local date (overdue is judged on it).")
    goals: list[GoalOut] = Field(description="Active goals first, then done, then set aside.")


class GoalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    domain: Domain
    title: Title
    specific: Prompt = ""
    measurable: Prompt = ""
    achievable: Prompt = ""
    relevant: Prompt = ""
    time_bound: Prompt = ""
    target_date: date | None = Field(None, description="Today or later, within five years.")


class GoalPatch(Schema):
    """Only the fields sent change; `status` `done` marks the goal done (one Win)."""

    model_config = ConfigDict(extra="forbid")

    domain: Domain | None = None
    title: Title | None = None
    specific: Prompt | None = None
    measurable: Prompt | None = None
    achievable: Prompt | None = None
    relevant: Prompt | None = None
    time_bound: Prompt | None = None
    target_date: date | None = Field(None, description="null clears it.")
    status: GoalStatus | None = None


class TaskIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: TaskTitle
    due_on: date | None = None
    owner_kind: OwnerKind = OwnerKind.CLIENT


class TaskPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    done: bool = Field(description="true ticks the task off, false unticks it.")


def task_out(task: Task, goal: Goal) -> TaskOut:
    return TaskOut(
        id=task.public_id,
        goal_id=goal.public_id,
        title=task.title,
        due_on=task.due_on,
        owner_kind=OwnerKind(task.owner_kind),
        owner=person(task.owner) if task.owner is not None else None,
        done=task.is_done,
        done_at=task.done_at,
    )


def goal_out(goal: Goal, today: date) -> GoalOut:
    return GoalOut(
        id=goal.public_id,
        domain=Domain(goal.domain),
        title=goal.title,
        specific=goal.specific,
        measurable=goal.measurable,
        achievable=goal.achievable,
        relevant=goal.relevant,
        time_bound=goal.time_bound,
        status=GoalStatus(goal.status),
        target_date=goal.target_date,
        overdue=goal.is_overdue(today),
        done_on=goal.done_on,
        win_id=goal.win.public_id if goal.win is not None else None,
        suggested_from=goal.suggested_from or None,
        created_at=goal.created_at,
        updated_at=goal.updated_at,
        tasks=[task_out(task, goal) for task in goal.tasks.all()],
    )


def _client(user: User, id: UUID, *, write: bool = False) -> Client:
    """The client themself by their own id, else a client whose plan USER may read (write)."""
    own = own_client(user)
    if own is not None and own.public_id == id:
        return own
    return get_client_for_plan(user, id, write=write)


def _today(client: Client) -> date:
    return client_today(client, timezone.now())


def _goal(client: Client, goal_id: UUID) -> Goal:
    """CLIENT's goal with its tasks and win loaded, as the plan shows it."""
    shown = next((g for g in plan_goals(client) if g.public_id == goal_id), None)
    return shown if shown is not None else goal_of(client, goal_id)


@router.get(
    "/{id}/plan",
    response={200: PlanOut, **errors(401, 403, 404, 422)},
    summary="Read a client's recovery plan: goals with their tasks",
)
def get_plan(request: HttpRequest, id: UUID) -> PlanOut:
    user = caller(request)
    client = _client(user, id)
    audit_plan_view(user, client)
    today = _today(client)
    goals = plan_goals(client)
    return PlanOut(
        client_id=client.public_id, today=today, goals=[goal_out(g, today) for g in goals]
    )


@router.post(
    "/{id}/goals",
    response={201: GoalOut, **errors(400, 401, 403, 404, 422)},
    summary="Add a goal to a client's plan",
)
def create_goal(request: HttpRequest, id: UUID, payload: GoalIn) -> Status[GoalOut]:
    user = caller(request)
    client = _client(user, id, write=True)
    goal = services.create_goal(user, client, payload.model_dump())
    return Status(201, goal_out(_goal(client, goal.public_id), _today(client)))


@router.patch(
    "/{id}/goals/{goal_id}",
    response={200: GoalOut, **errors(400, 401, 403, 404, 422)},
    summary="Change a goal's wording, area, target date or status (done makes a Win)",
)
def update_goal(request: HttpRequest, id: UUID, goal_id: UUID, payload: GoalPatch) -> GoalOut:
    user = caller(request)
    client = _client(user, id, write=True)
    goal = goal_of(client, goal_id)
    sent: dict[str, Any] = payload.model_dump(exclude_unset=True)
    edits = {name: value for name, value in sent.items() if name in GOAL_FIELDS}
    with transaction.atomic():
        if edits:
            # PATCH keeps what was not sent: the service takes the whole goal.
            data = {name: getattr(goal, name) for name in GOAL_FIELDS} | edits
            goal = services.edit_goal(user, goal, data)
        if sent.get("status") is not None:
            goal = services.set_goal_status(user, goal, sent["status"])
    return goal_out(_goal(client, goal_id), _today(client))


@router.post(
    "/{id}/goals/{goal_id}/tasks",
    response={201: TaskOut, **errors(400, 401, 403, 404, 422)},
    summary="Add a task to a goal",
)
def create_task(request: HttpRequest, id: UUID, goal_id: UUID, payload: TaskIn) -> Status[TaskOut]:
    user = caller(request)
    client = _client(user, id, write=True)
    goal = goal_of(client, goal_id)
    task = services.add_task(user, goal, payload.model_dump())
    return Status(201, task_out(task, goal))


@router.patch(
    "/{id}/tasks/{task_id}",
    response={200: TaskOut, **errors(400, 401, 403, 404, 422)},
    summary="Tick a task off (or untick it)",
)
def update_task(request: HttpRequest, id: UUID, task_id: UUID, payload: TaskPatch) -> TaskOut:
    user = caller(request)
    client = _client(user, id, write=True)
    task = services.set_task_done(user, task_of(client, task_id), payload.done)
    return task_out(task, task.goal)
