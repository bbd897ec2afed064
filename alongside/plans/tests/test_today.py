"""Today's plan reasons: a task due, a goal's target date passed."""

from __future__ import annotations

from django.utils import timezone

from alongside.plans.services import set_goal_status, set_task_done
from alongside.plans.tests.factories import (
    backdate_goal,
    backdate_task,
    make_goal,
    make_task,
    today_of,
)
from alongside.today.queries import today_queue


def flags_for(user, client) -> dict[str, str]:
    rows = {row.client.pk: row for row in today_queue(user, timezone.now())}
    row = rows.get(client.pk)
    return {flag.reason.code: flag.detail for flag in row.flags} if row else {}


def test_a_task_due_today_is_on_today(cast):
    make_task(cast.ana, make_goal(cast.ana, cast.casey), due_on=today_of(cast.casey))
    assert flags_for(cast.ana, cast.casey)["task_due"] == "1 task due"


def test_an_overdue_advocate_task_says_so(cast):
    task = make_task(cast.ana, make_goal(cast.ana, cast.casey), owner_kind="advocate")
    backdate_task(task, 2)
    detail = flags_for(cast.ana, cast.casey)["task_due"]
    assert "1 overdue since" in detail and "1 for the advocate" in detail


def test_a_task_due_later_is_not_a_reason(cast):
    from datetime import timedelta

    due = today_of(cast.casey) + timedelta(days=1)
    make_task(cast.ana, make_goal(cast.ana, cast.casey), due_on=due)
    assert "task_due" not in flags_for(cast.ana, cast.casey)


def test_a_done_task_is_not_a_reason(cast):
    task = make_task(cast.ana, make_goal(cast.ana, cast.casey), due_on=today_of(cast.casey))
    set_task_done(cast.ana, task, True)
    assert "task_due" not in flags_for(cast.ana, cast.casey)


def test_a_passed_target_date_is_on_today(cast):
    goal = make_goal(cast.ana, cast.casey)
    backdate_goal(goal, 3)
    assert flags_for(cast.ana, cast.casey)["goal_target_passed"].startswith("Target date")


def test_a_done_goal_past_its_date_is_not_a_reason(cast):
    goal = make_goal(cast.ana, cast.casey)
    backdate_goal(goal, 3)
    set_goal_status(cast.ana, goal, "done")
    assert "goal_target_passed" not in flags_for(cast.ana, cast.casey)


def test_the_target_date_itself_is_not_yet_passed(cast):
    make_goal(cast.ana, cast.casey, target_date=today_of(cast.casey))
    assert "goal_target_passed" not in flags_for(cast.ana, cast.casey)
