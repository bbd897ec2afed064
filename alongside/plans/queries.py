"""Reads of a recovery plan: a fixed number of queries whatever the plan's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from alongside.clients.models import Client
from alongside.plans.models import Domain, EventKind, Goal, GoalEvent, GoalStatus, Task
from alongside.recovery.models import Win, WinKind

HISTORY_SHOWN = 50


@dataclass
class DomainGoals:
    domain: str
    label: str
    goals: list[Goal] = field(default_factory=list)


def plan_goals(client: Client) -> list[Goal]:
    """Return CLIENT's goals with their tasks (two queries), active first."""
    tasks = Task.objects.select_related("owner").order_by("created_at", "id")
    goals = list(
        Goal.objects.filter(client=client)
        .select_related("win")
        .prefetch_related(Prefetch("tasks", queryset=tasks))
    )
    order = {GoalStatus.ACTIVE: 0, GoalStatus.DONE: 1, GoalStatus.SET_ASIDE: 2}
    goals.sort(key=lambda goal: order.get(goal.status, 3))  # type: ignore[call-overload]
    for goal in goals:
        goal.client = client
    return goals


def by_domain(goals: list[Goal]) -> list[DomainGoals]:
    """Return GOALS grouped by domain, in the domains' order, leaving out empty ones."""
    groups = {value: DomainGoals(value, str(label)) for value, label in Domain.choices}
    for goal in goals:
        groups[goal.domain].goals.append(goal)
    return [group for group in groups.values() if group.goals]


def goal_win_title(win: Win) -> str | None:
    """For the client's own pages: the title of a Win a finished goal made, naming the goal
    (read from the goal's encrypted title, in the client's language); None for other wins."""
    goal = getattr(win, "goal", None) if win.kind == WinKind.GOAL else None
    if goal is None:
        return None
    return _("Finished a goal: %(goal)s") % {"goal": goal.title}


def plan_history(client: Client, limit: int = HISTORY_SHOWN) -> list[GoalEvent]:
    """Return CLIENT's latest LIMIT plan events, newest first (one query)."""
    return list(GoalEvent.objects.filter(client=client).select_related("actor", "goal")[:limit])


@dataclass
class HistoryLine:
    """One change to the plan as the client reads it, in their language."""

    at: datetime
    what: str
    goal: str
    by: str


def _status_word(detail: str) -> str:
    """The status a STATUS event's DETAIL names, in the current language. The detail was
    stored as the status's label in the language of whoever made the change."""
    for value, label in GoalStatus.choices:
        for language in settings.LANGUAGES:
            with translation.override(language[0]):
                stored = str(label)
            if stored == detail:
                return str(GoalStatus(value).label)
    return ""


def client_history(client: Client, limit: int = HISTORY_SHOWN) -> list[HistoryLine]:
    """Return CLIENT's latest LIMIT plan changes for their own page (one query): what changed,
    on which goal, and who changed it ("You", the advocate's name or the program)."""
    lines = []
    for event in plan_history(client, limit):
        what = str(EventKind(event.kind).label)
        if event.kind == EventKind.STATUS and (word := _status_word(event.detail)):
            what = _("Status changed to “%(status)s”") % {"status": word}
        if event.actor is None:
            by = _("Alongside")
        elif client.user_id is not None and event.actor_id == client.user_id:
            by = _("You")
        else:
            by = event.actor.display_name or _("Your advocate")
        lines.append(HistoryLine(at=event.at, what=what, goal=event.goal.title, by=by))
    return lines
