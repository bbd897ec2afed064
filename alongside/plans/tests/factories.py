"""Small factories for plan tests (through the services, as people would)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from alongside.clients.models import Client
from alongside.plans.models import Goal, Task
from alongside.plans.services import add_task, create_goal
from alongside.recovery.milestones import client_today


def today_of(client: Client) -> date:
    return client_today(client, timezone.now())


def make_goal(
    actor: Any, client: Client, title: str = "Open a bank account", **fields: Any
) -> Goal:
    data = {"domain": "finances", "title": title, **fields}
    goal = create_goal(actor, client, data)
    goal.client = client
    return goal


def make_task(actor: Any, goal: Goal, title: str = "Call the bank", **fields: Any) -> Task:
    data = {"title": title, "owner_kind": "client", **fields}
    return add_task(actor, goal, data)


def backdate_task(task: Task, days: int) -> None:
    """Make TASK due DAYS before its client's today (past dates cannot be entered)."""
    Task.objects.filter(pk=task.pk).update(due_on=today_of(task.client) - timedelta(days=days))


def backdate_goal(goal: Goal, days: int) -> None:
    Goal.objects.filter(pk=goal.pk).update(target_date=today_of(goal.client) - timedelta(days=days))
