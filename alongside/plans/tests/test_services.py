"""The plan services: goals, tasks, completion into one Win, BARC-10 suggestions, history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alongside.assessments.services import record_assessment
from alongside.audit.models import AccessEvent, Action
from alongside.plans.models import Goal, GoalEvent, Task
from alongside.plans.services import (
    create_goal,
    edit_goal,
    set_goal_status,
    set_task_done,
    suggest_goals_from_barc10,
)
from alongside.plans.tests.factories import make_goal, make_task, today_of
from alongside.recovery.models import Win, WinKind


def barc10(cast, **low):
    answers = {f"q{n}": 5 for n in range(1, 11)}
    answers.update(low)
    return record_assessment(cast.ana, cast.casey, "barc10", answers, source="staff")


def test_advocate_adds_a_goal_with_smart_prompts(cast):
    goal = make_goal(cast.ana, cast.casey, specific="A checking account", time_bound="By spring")
    stored = Goal.objects.get(pk=goal.pk)
    assert stored.title == "Open a bank account"
    assert stored.smart_answers()[0][1] == "A checking account"
    assert stored.status == "active"


def test_goal_creation_is_audited_and_kept_in_history(cast):
    goal = make_goal(cast.ana, cast.casey)
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_type="goal", object_public_id=goal.public_id
    ).exists()
    assert list(GoalEvent.objects.filter(goal=goal).values_list("kind", flat=True)) == ["created"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "x" * 141),
        ("domain", "astrology"),
        ("specific", "x" * 301),
        ("title", "bad\x00text"),
    ],
)
def test_bad_goal_input_is_refused_and_nothing_is_saved(cast, field, value):
    data = {"domain": "housing", "title": "Find an apartment", field: value}
    with pytest.raises(ValidationError) as raised:
        create_goal(cast.ana, cast.casey, data)
    assert field in raised.value.message_dict
    assert not Goal.objects.exists()


def test_a_target_date_in_the_past_is_refused(cast):
    data = {"domain": "housing", "title": "Find an apartment"}
    data["target_date"] = today_of(cast.casey) - timedelta(days=1)
    with pytest.raises(ValidationError):
        create_goal(cast.ana, cast.casey, data)
    assert not Goal.objects.exists()


def test_an_advocate_of_another_client_cannot_add_a_goal(cast):
    with pytest.raises(PermissionDenied):
        make_goal(cast.ben, cast.casey)


def test_a_director_reads_but_cannot_write_the_plan(cast):
    with pytest.raises(PermissionDenied):
        make_goal(cast.dana, cast.casey)


def test_editing_names_the_changed_fields_in_history(cast):
    goal = make_goal(cast.ana, cast.casey)
    edit_goal(cast.ana, goal, {"domain": "finances", "title": "Open a savings account"})
    event = GoalEvent.objects.filter(goal=goal, kind="edited").get()
    assert event.detail == "title"
    assert "savings" not in event.detail


def test_completing_the_last_task_and_the_goal_creates_one_win(cast):
    goal = make_goal(cast.ana, cast.casey)
    task = make_task(cast.ana, goal)
    set_task_done(cast.ana, task, True)
    set_goal_status(cast.ana, goal, "done")
    win = Win.objects.get(client=cast.casey)
    assert (win.kind, win.title) == (WinKind.GOAL, "Finished a goal")
    assert Goal.objects.get(pk=goal.pk).win == win


def test_the_win_row_holds_no_text_of_the_goal(cast):
    goal = make_goal(cast.ana, cast.casey)
    set_goal_status(cast.ana, goal, "done")
    # Every stored column of the Win, as the database holds it.
    row = Win.objects.filter(client=cast.casey).values().get()
    stored = " ".join(str(value) for value in row.values())
    assert "bank" not in stored.lower()
    assert row["title"] == "Finished a goal"
    # The goal is still reachable from the Win, and its title is the encrypted one.
    assert Win.objects.get(pk=row["id"]).goal.title == "Open a bank account"


def test_the_migration_scrubs_goal_text_from_earlier_wins(cast):
    from importlib import import_module

    from django.apps import apps

    goal = set_goal_status(cast.ana, make_goal(cast.ana, cast.casey), "done")
    Win.objects.filter(client=cast.casey).update(title="Open a bank account")
    personal = Win.objects.create(
        organization=cast.org,
        client=cast.casey,
        kind="personal",
        title="A walk",
        occurred_on=goal.done_on,
    )

    import_module("alongside.plans.migrations.0002_goal_wins_without_goal_text").scrub(apps, None)

    assert Win.objects.get(pk=goal.win_id).title == "Finished a goal"
    assert Win.objects.get(pk=personal.pk).title == "A walk"


def test_saving_done_twice_makes_no_second_win(cast):
    goal = make_goal(cast.ana, cast.casey)
    set_goal_status(cast.ana, goal, "done")
    set_goal_status(cast.ana, goal, "done")
    assert Win.objects.filter(client=cast.casey).count() == 1


def test_reopening_and_finishing_again_keeps_the_one_win(cast):
    goal = make_goal(cast.ana, cast.casey)
    set_goal_status(cast.ana, goal, "done")
    set_goal_status(cast.ana, goal, "active")
    set_goal_status(cast.ana, goal, "done")
    assert Win.objects.filter(client=cast.casey).count() == 1


def test_an_unknown_status_is_refused(cast):
    goal = make_goal(cast.ana, cast.casey)
    with pytest.raises(ValidationError):
        set_goal_status(cast.ana, goal, "finished")
    assert Goal.objects.get(pk=goal.pk).status == "active"


def test_advocate_task_names_the_advocate_as_owner(cast):
    task = make_task(cast.ana, make_goal(cast.ana, cast.casey), owner_kind="advocate")
    assert task.owner == cast.ana


def test_ticking_and_unticking_a_task(cast):
    task = make_task(cast.ana, make_goal(cast.ana, cast.casey))
    set_task_done(cast.ana, task, True)
    assert Task.objects.get(pk=task.pk).done_by == cast.ana
    set_task_done(cast.ana, task, False)
    assert Task.objects.get(pk=task.pk).done_at is None


def test_bad_task_input_is_refused_and_nothing_is_saved(cast):
    goal = make_goal(cast.ana, cast.casey)
    with pytest.raises(ValidationError) as raised:
        make_task(cast.ana, goal, title=" ", owner_kind="neighbour")
    assert set(raised.value.message_dict) == {"title", "owner_kind"}
    assert not Task.objects.exists()


def test_suggestions_come_from_the_lowest_barc10_areas(cast):
    barc10(cast, q7=1, q5=2, q3=2, q9=3)
    goals = suggest_goals_from_barc10(cast.ana, cast.casey)
    assert [(g.suggested_from, g.domain) for g in goals] == [
        ("q7", "housing"),
        ("q3", "health"),
        ("q5", "family"),
    ]


def test_suggesting_twice_adds_nothing_new(cast):
    barc10(cast, q7=1, q5=2, q3=2)
    suggest_goals_from_barc10(cast.ana, cast.casey)
    assert suggest_goals_from_barc10(cast.ana, cast.casey) == []
    assert Goal.objects.count() == 3


def test_without_a_barc10_there_is_nothing_to_suggest(cast):
    with pytest.raises(ValidationError):
        suggest_goals_from_barc10(cast.ana, cast.casey)
    assert not Goal.objects.exists()


def test_the_client_writes_their_own_plan(cast, casey_account):
    goal = make_goal(casey_account, cast.casey, "Call my sister")
    task = make_task(casey_account, goal, owner_kind="advocate")
    assert task.owner is None
    set_goal_status(casey_account, goal, "done")
    assert Win.objects.get(client=cast.casey).created_by == casey_account
