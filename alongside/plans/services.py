"""Writing a recovery plan: goals, tasks, completion (which makes a Win) and suggestions
from the latest BARC-10. Staff pages, the portal and the tests all call these.

Messages are translated when raised, so the portal shows them in the client's language.
Every write is audited and leaves a `GoalEvent` in the plan's history, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from alongside.assessments.models import AssessmentResponse
from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, capabilities_for, own_client
from alongside.clients.models import Client
from alongside.plans.models import (
    GOAL_WIN_TITLE,
    PROMPT_LENGTH,
    SMART_FIELDS,
    TASK_TITLE_LENGTH,
    TITLE_LENGTH,
    Domain,
    EventKind,
    Goal,
    GoalEvent,
    GoalStatus,
    OwnerKind,
    Task,
)
from alongside.recovery.milestones import client_today
from alongside.recovery.models import WinKind
from alongside.recovery.services import record_win

# A target or due date further ahead than this is almost certainly a typing slip.
FURTHEST_AHEAD = timedelta(days=5 * 366)
SUGGESTIONS = 3
BARC10 = "barc10"

# Each BARC-10 statement, the domain it speaks to and a first wording of a goal.
BARC10_GOALS: dict[str, tuple[str, str]] = {
    "q1": (Domain.RECOVERY, gettext_noop("Find more of what matters to me beyond substances")),
    "q2": (Domain.HEALTH, gettext_noop("Do more of what makes me happy with my life")),
    "q3": (Domain.HEALTH, gettext_noop("Build energy for what I set out to do")),
    "q4": (Domain.COMMUNITY, gettext_noop("Feel more part of my community")),
    "q5": (Domain.FAMILY, gettext_noop("Get more support from friends")),
    "q6": (Domain.RECOVERY, gettext_noop("Build a full life without alcohol or drugs")),
    "q7": (Domain.HOUSING, gettext_noop("Make my home support my recovery")),
    "q8": (
        Domain.RECOVERY,
        gettext_noop("Take responsibility for my actions in a way I am proud of"),
    ),
    "q9": (Domain.HEALTH, gettext_noop("Get more comfortable working with professionals")),
    "q10": (Domain.RECOVERY, gettext_noop("Keep making progress on my recovery journey")),
}


def may_write_plan(actor: Any, client: Client) -> bool:
    """Return True if ACTOR may change CLIENT's plan: the client themself or staff with
    RECORD on the client."""
    own = own_client(actor)
    if own is not None and own.pk == client.pk:
        return True
    return Capability.RECORD in capabilities_for(actor, client)


def _require_writer(actor: Any, client: Client) -> None:
    if not may_write_plan(actor, client):
        raise PermissionDenied


def _clean_text(
    errors: dict[str, str], name: str, value: Any, limit: int, *, required: bool = False
) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[name] = _("Write this as text.")
        return ""
    text = " ".join(value.split())
    if "\x00" in text:
        errors[name] = _("Remove the null character.")
    elif required and not text:
        errors[name] = _("This cannot be empty.")
    elif len(text) > limit:
        errors[name] = _("Use at most %(limit)d characters (this has %(length)d).") % {
            "limit": limit,
            "length": len(text),
        }
    return text


def _clean_date(
    errors: dict[str, str], name: str, value: Any, today: date, *, keep: date | None = None
) -> date | None:
    """A date from today to FURTHEST_AHEAD; a past date only if it is KEEP (unchanged)."""
    if value in (None, ""):
        return None
    if not isinstance(value, date):
        errors[name] = _("Enter a valid date.")
        return None
    if value < today and value != keep:
        errors[name] = _("Choose today or a later date.")
    elif value > today + FURTHEST_AHEAD:
        errors[name] = _("Choose a date within the next five years.")
    return value


def clean_goal(data: Mapping[str, Any], today: date, current: Goal | None = None) -> dict[str, Any]:
    """Return the goal fields from DATA, cleaned; ValidationError by field for bad input."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    domain = data.get("domain")
    if domain not in Domain.values:
        errors["domain"] = _("Choose an area of life.")
    cleaned["domain"] = domain
    cleaned["title"] = _clean_text(errors, "title", data.get("title"), TITLE_LENGTH, required=True)
    for name, _label, _prompt in SMART_FIELDS:
        cleaned[name] = _clean_text(errors, name, data.get(name), PROMPT_LENGTH)
    cleaned["target_date"] = _clean_date(
        errors,
        "target_date",
        data.get("target_date"),
        today,
        keep=current.target_date if current is not None else None,
    )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _event(actor: Any, goal: Goal, kind: str, detail: str = "") -> None:
    GoalEvent.objects.create(
        organization_id=goal.organization_id,
        client_id=goal.client_id,
        goal=goal,
        kind=kind,
        detail=detail,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def create_goal(
    actor: Any, client: Client, data: Mapping[str, Any], *, suggested_from: str = ""
) -> Goal:
    """Add a goal to CLIENT's plan from DATA (domain, title, SMART prompts, target_date).

    Raises PermissionDenied unless ACTOR may write the plan; ValidationError by field for
    bad input (nothing saved).
    """
    _require_writer(actor, client)
    fields = clean_goal(data, client_today(client, timezone.now()))
    with transaction.atomic():
        goal = Goal.objects.create(
            organization_id=client.organization_id,
            client=client,
            created_by=actor,
            suggested_from=suggested_from,
            **fields,
        )
        _event(actor, goal, EventKind.SUGGESTED if suggested_from else EventKind.CREATED)
        audit_client_event(actor, client, Action.CREATE, goal, object_type="goal")
    return goal


def edit_goal(actor: Any, goal: Goal, data: Mapping[str, Any]) -> Goal:
    """Change GOAL's wording, domain or target date from DATA; return it.

    The history names the fields that changed. Nothing is written when nothing changed.
    """
    client = goal.client
    _require_writer(actor, client)
    fields = clean_goal(data, client_today(client, timezone.now()), current=goal)
    with transaction.atomic():
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, fields[name])
        locked.save()
        _event(actor, locked, EventKind.EDITED, ", ".join(changed).replace("_", " ")[:200])
        audit_client_event(actor, client, Action.UPDATE, locked, object_type="goal")
    locked.client = client
    return locked


def set_goal_status(actor: Any, goal: Goal, status: Any) -> Goal:
    """Set GOAL's STATUS; return it. Marking it done creates one Win for the client (never
    a second, even when "done" is saved twice or the goal is reopened and done again)."""
    client = goal.client
    _require_writer(actor, client)
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    today = client_today(client, timezone.now())
    with transaction.atomic():
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        if locked.status == status:
            locked.client = client
            return locked
        locked.status = status
        locked.done_on = today if status == GoalStatus.DONE else None
        if status == GoalStatus.DONE and locked.win_id is None:
            locked.win = record_win(actor, client, GOAL_WIN_TITLE, today, kind=WinKind.GOAL)
        locked.save()
        _event(actor, locked, EventKind.STATUS, str(GoalStatus(status).label))
        audit_client_event(actor, client, Action.UPDATE, locked, object_type="goal")
    locked.client = client
    return locked


def add_task(actor: Any, goal: Goal, data: Mapping[str, Any]) -> Task:
    """Add a task (title, due_on, owner_kind) to GOAL; return it.

    An advocate's task taken on by a staff member names them as its owner; one the client
    gives their advocate names nobody (whoever is their advocate).
    """
    client = goal.client
    _require_writer(actor, client)
    errors: dict[str, str] = {}
    title = _clean_text(errors, "title", data.get("title"), TASK_TITLE_LENGTH, required=True)
    due_on = _clean_date(errors, "due_on", data.get("due_on"), client_today(client, timezone.now()))
    owner_kind = str(data.get("owner_kind") or "")
    if owner_kind not in OwnerKind.values:
        errors["owner_kind"] = _("Choose whose task this is.")
    if goal.status != GoalStatus.ACTIVE:
        errors["title"] = _("Reopen the goal before adding tasks to it.")
    if errors:
        raise ValidationError(errors)
    is_own = (own := own_client(actor)) is not None and own.pk == client.pk
    owner = actor if owner_kind == OwnerKind.ADVOCATE and not is_own else None
    with transaction.atomic():
        task = Task.objects.create(
            organization_id=client.organization_id,
            client=client,
            goal=goal,
            title=title,
            due_on=due_on,
            owner_kind=owner_kind,
            owner=owner,
            created_by=actor,
        )
        _event(actor, goal, EventKind.TASK_ADDED)
        audit_client_event(actor, client, Action.CREATE, task, object_type="task")
    task.goal = goal
    return task


def set_task_done(actor: Any, task: Task, done: bool) -> Task:
    """Tick (DONE) or untick TASK; return it. Ticking a ticked task changes nothing."""
    client = task.goal.client
    _require_writer(actor, client)
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.is_done == done:
            locked.goal = task.goal
            return locked
        locked.done_at = timezone.now() if done else None
        locked.done_by = actor if done else None
        locked.save(update_fields=["done_at", "done_by"])
        _event(actor, task.goal, EventKind.TASK_DONE if done else EventKind.TASK_UNDONE)
        audit_client_event(actor, client, Action.UPDATE, locked, object_type="task")
    locked.goal = task.goal
    return locked


def latest_barc10(client: Client) -> AssessmentResponse | None:
    """Return CLIENT's latest BARC-10 response, or None."""
    return (
        AssessmentResponse.objects.filter(client=client, instrument=BARC10)
        .order_by("-occurred_at", "-id")
        .first()
    )


def lowest_items(response: AssessmentResponse, limit: int = SUGGESTIONS) -> list[str]:
    """Return up to LIMIT item keys of RESPONSE with the lowest answers (ties in item order),
    leaving out skipped items and those answered 6 (strongly agree: nothing to work on)."""
    answered = [
        (value, index, key)
        for index, (key, value) in enumerate(response.answers.items())
        if isinstance(value, int) and value < 6 and key in BARC10_GOALS
    ]
    return [key for _value, _index, key in sorted(answered)[:limit]]


def suggest_goals_from_barc10(actor: Any, client: Client) -> list[Goal]:
    """Add goals for the lowest-scoring areas of CLIENT's latest BARC-10; return the new ones.

    An area that already has an active goal suggested from it is skipped, so pressing the
    button twice adds nothing the second time. ValidationError when there is no BARC-10.
    """
    _require_writer(actor, client)
    response = latest_barc10(client)
    if response is None:
        raise ValidationError(_("There is no BARC-10 yet to suggest goals from."))
    keys = lowest_items(response)
    taken = set(
        Goal.objects.active()
        .filter(client=client, suggested_from__in=keys)
        .values_list("suggested_from", flat=True)
    )
    created = []
    with transaction.atomic():
        for key in keys:
            if key in taken:
                continue
            domain, title = BARC10_GOALS[key]
            data = {"domain": domain, "title": _(title)}
            created.append(create_goal(actor, client, data, suggested_from=key))
    return created
