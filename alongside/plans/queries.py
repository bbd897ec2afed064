"""Reads of a recovery plan: a fixed number of queries whatever the plan's size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from alongside.clients.models import Client
from alongside.plans.models import Domain, Goal, GoalEvent, GoalStatus, Task

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
        Goal.objects.filter(client=client).prefetch_related(Prefetch("tasks", queryset=tasks))
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


def plan_history(client: Client, limit: int = HISTORY_SHOWN) -> list[GoalEvent]:
    """Return CLIENT's latest LIMIT plan events, newest first (one query)."""
    return list(GoalEvent.objects.filter(client=client).select_related("actor", "goal")[:limit])
