"""Today's plan reasons: "Task due" and "Goal target date passed" (registered by importing
this module; see apps.py). One query each for the whole caseload; the details name counts
and dates, never the goal's or task's words (those are encrypted free text)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from alongside.clients.models import Client
from alongside.plans.models import Goal, GoalStatus, Task
from alongside.today.reasons import Context, reason


def _day(day: date) -> str:
    return f"{day:%b} {day.day}"


def _latest_today(clients: Sequence[Client], context: Context) -> date | None:
    days = [context.today[c.pk] for c in clients if c.pk in context.today]
    return max(days) if days else None


@reason("task_due", "Task due", priority=58)
def task_due(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """An open task of an active goal is due today or overdue (the client's or an advocate's)."""
    latest = _latest_today(clients, context)
    if latest is None:
        return {}
    rows = Task.objects.filter(
        client_id__in=[c.pk for c in clients],
        done_at__isnull=True,
        due_on__lte=latest,
        goal__status=GoalStatus.ACTIVE,
    ).values_list("client_id", "due_on", "owner_kind")
    due: dict[int, list[tuple[date, str]]] = {}
    for client_id, due_on, owner_kind in rows:
        if due_on is not None and due_on <= context.today[client_id]:
            due.setdefault(client_id, []).append((due_on, owner_kind))
    flagged = {}
    for client_id, items in due.items():
        today = context.today[client_id]
        overdue = sum(1 for due_on, _kind in items if due_on < today)
        advocates = sum(1 for _due, kind in items if kind == "advocate")
        parts = [f"{len(items)} task{'s' if len(items) != 1 else ''} due"]
        if overdue:
            parts.append(f"{overdue} overdue since {_day(min(d for d, _k in items))}")
        if advocates:
            parts.append(f"{advocates} for the advocate")
        flagged[client_id] = ", ".join(parts)
    return flagged


@reason("goal_target_passed", "Goal target date passed", priority=68)
def goal_target_passed(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """An active goal's target date is before the client's today."""
    latest = _latest_today(clients, context)
    if latest is None:
        return {}
    rows = (
        Goal.objects.active()
        .filter(client_id__in=[c.pk for c in clients], target_date__lt=latest)
        .values_list("client_id", "target_date")
    )
    passed: dict[int, list[date]] = {}
    for client_id, target in rows:
        if target is not None and target < context.today[client_id]:
            passed.setdefault(client_id, []).append(target)
    return {
        client_id: (
            f"Target date {_day(dates[0])} passed"
            if len(dates) == 1
            else f"{len(dates)} goals past their target date (earliest {_day(min(dates))})"
        )
        for client_id, dates in passed.items()
    }
