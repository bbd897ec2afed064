"""/api/v1/clients/{id}/plan, /goals and /tasks: a recovery plan through the API."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from alongside.accounts.models import ApiToken
from alongside.api.tests.verbs import patch
from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.plans.models import Goal, GoalEvent, Task
from alongside.plans.services import set_goal_status
from alongside.plans.tests.factories import make_goal, make_task, today_of
from alongside.recovery.models import Win, WinKind
from alongside.testing.personas import give_portal_account, login
from alongside.testing.querycount import count_queries


def plan(client: Any) -> str:
    return f"/clients/{client.public_id}/plan"


def goals(client: Any) -> str:
    return f"/clients/{client.public_id}/goals"


def goal_url(goal: Goal) -> str:
    return f"/clients/{goal.client.public_id}/goals/{goal.public_id}"


def task_url(task: Task) -> str:
    return f"/clients/{task.client.public_id}/tasks/{task.public_id}"


@pytest.fixture
def casey_api(cast, bearer):
    """Casey, calling with a token of their own portal account."""
    _, raw = ApiToken.issue(give_portal_account(cast.casey, "casey@portal.test"))
    return bearer(raw)


def _plan_rows() -> tuple[int, int, int, int]:
    return (
        Goal.objects.count(),
        Task.objects.count(),
        GoalEvent.objects.count(),
        Win.objects.count(),
    )


# --- Reading the plan ------------------------------------------------------------------------


def test_advocate_reads_goals_with_their_tasks(cast, api_as):
    target = today_of(cast.casey) + timedelta(days=30)
    goal = make_goal(cast.ana, cast.casey, "Get my ID back", domain="legal", target_date=target)
    task = make_task(cast.ana, goal, "Find my birth certificate", owner_kind="advocate")
    make_goal(cast.ana, cast.casey, "Apply to three jobs", domain="work")
    writes = AccessEvent.objects.count()
    response = api_as(cast.ana).get(plan(cast.casey))
    assert response.status_code == 200
    body = response.json()
    assert body["client_id"] == str(cast.casey.public_id)
    assert body["today"] == today_of(cast.casey).isoformat()
    assert [g["title"] for g in body["goals"]] == ["Get my ID back", "Apply to three jobs"]
    first = body["goals"][0]
    assert first | {"created_at": None, "updated_at": None} == {
        "id": str(goal.public_id),
        "domain": "legal",
        "title": "Get my ID back",
        "specific": "",
        "measurable": "",
        "achievable": "",
        "relevant": "",
        "time_bound": "",
        "status": "active",
        "target_date": target.isoformat(),
        "overdue": False,
        "done_on": None,
        "win_id": None,
        "suggested_from": None,
        "created_at": None,
        "updated_at": None,
        "tasks": [
            {
                "id": str(task.public_id),
                "goal_id": str(goal.public_id),
                "title": "Find my birth certificate",
                "due_on": None,
                "owner_kind": "advocate",
                "owner": {"id": str(cast.ana.public_id), "name": "Ana Advocate"},
                "done": False,
                "done_at": None,
            }
        ],
    }
    [event] = AccessEvent.objects.order_by("pk")[writes:]
    assert (event.action, event.object_type) == (Action.VIEW, "recovery_plan")


def test_clinician_who_sees_the_client_is_refused(cast, api_as):
    make_goal(cast.ana, cast.casey, "Get my ID back")
    response = api_as(cast.cleo).get(plan(cast.casey))
    assert response.status_code == 403
    assert b"ID back" not in response.content
    assert AccessEvent.objects.filter(outcome=Outcome.DENIED).count() == 1


@pytest.mark.parametrize(("who", "target"), [("ana", "riley"), ("ana", "quinn"), ("alex", "casey")])
def test_a_plan_outside_ones_scope_is_404(cast, api_as, who, target):
    response = api_as(getattr(cast, who)).get(plan(getattr(cast, target)))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_plan_needs_authentication(cast, anonymous):
    assert anonymous.get(plan(cast.casey)).status_code == 401


def test_client_reads_their_own_plan(cast, casey_api):
    make_goal(cast.ana, cast.casey, "Get my ID back")
    response = casey_api.get(plan(cast.casey))
    assert response.status_code == 200
    assert [g["title"] for g in response.json()["goals"]] == ["Get my ID back"]
    assert AccessEvent.objects.filter(object_type="recovery_plan", role="client").count() == 1


def test_client_cannot_read_someone_elses_plan(cast, casey_api):
    make_goal(cast.ben, cast.riley, "Riley's goal")
    response = casey_api.get(plan(cast.riley))
    assert response.status_code == 404
    assert b"Riley" not in response.content


def test_plan_query_count_does_not_grow_with_the_plan(cast, client):
    login(client, cast.ana)
    url = f"/api/v1{plan(cast.casey)}"
    goal = make_goal(cast.ana, cast.casey)
    make_task(cast.ana, goal)
    count_queries(client, url)
    few = count_queries(client, url)
    for n in range(6):
        more = make_goal(cast.ana, cast.casey, f"Goal {n}")
        make_task(cast.ana, more, owner_kind="advocate")
        make_task(cast.ana, more)
    set_goal_status(cast.ana, more, "done")
    assert count_queries(client, url) == few


# --- Goals -----------------------------------------------------------------------------------


def test_advocate_adds_a_goal(cast, api_as):
    target = today_of(cast.casey) + timedelta(days=60)
    response = api_as(cast.ana).post(
        goals(cast.casey),
        {
            "domain": "work",
            "title": "Apply to three jobs",
            "measurable": "Three applications sent",
            "target_date": target.isoformat(),
        },
    )
    assert response.status_code == 201
    goal = Goal.objects.get()
    body = response.json()
    assert body["id"] == str(goal.public_id)
    assert (body["domain"], body["title"], body["measurable"], body["tasks"]) == (
        "work",
        "Apply to three jobs",
        "Three applications sent",
        [],
    )
    assert (goal.client, goal.created_by, goal.target_date) == (cast.casey, cast.ana, target)
    assert AccessEvent.objects.filter(action=Action.CREATE, object_type="goal").count() == 1
    assert GoalEvent.objects.filter(goal=goal, kind="created").count() == 1


def test_client_adds_a_goal_to_their_own_plan(cast, casey_api):
    response = casey_api.post(goals(cast.casey), {"domain": "housing", "title": "Find a room"})
    assert response.status_code == 201
    goal = Goal.objects.get()
    assert goal.client == cast.casey
    assert goal.created_by == cast.casey.user


def _past(cast) -> str:
    return (today_of(cast.casey) - timedelta(days=1)).isoformat()


BAD_GOALS = {
    "missing_title": ({"title": None}, "title"),
    "blank_title": ({"title": "   "}, "title"),
    "long_title": ({"title": "x" * 141}, "title"),
    "unknown_domain": ({"domain": "lottery"}, "domain"),
    "long_prompt": ({"specific": "x" * 301}, "specific"),
    "past_target": ({"target_date": _past}, "target_date"),
    "far_target": ({"target_date": "2099-01-01"}, "target_date"),
    "not_a_date": ({"target_date": "soon"}, "target_date"),
    "extra_field": ({"priority": "high"}, "priority"),
}


@pytest.mark.parametrize(("changes", "field"), BAD_GOALS.values(), ids=BAD_GOALS.keys())
def test_bad_goal_is_422_on_the_field_and_saves_nothing(cast, api_as, changes, field):
    body: dict[str, Any] = {"domain": "work", "title": "Apply to three jobs"}
    body.update({k: v(cast) if callable(v) else v for k, v in changes.items()})
    body = {k: v for k, v in body.items() if v is not None}
    response = api_as(cast.ana).post(goals(cast.casey), body)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", field]]
    assert _plan_rows() == (0, 0, 0, 0)
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("who", ["cleo", "dana"])
def test_staff_without_record_cannot_add_a_goal(cast, api_as, who):
    body = {"domain": "work", "title": "Apply to three jobs"}
    assert api_as(getattr(cast, who)).post(goals(cast.casey), body).status_code == 403
    assert _plan_rows() == (0, 0, 0, 0)


@pytest.mark.parametrize("target", ["riley", "quinn"])
def test_adding_a_goal_outside_ones_scope_is_404(cast, api_as, target):
    body = {"domain": "work", "title": "Apply to three jobs"}
    assert api_as(cast.ana).post(goals(getattr(cast, target)), body).status_code == 404
    assert _plan_rows() == (0, 0, 0, 0)


def test_client_cannot_add_a_goal_for_someone_else(cast, casey_api):
    body = {"domain": "work", "title": "Apply to three jobs"}
    assert casey_api.post(goals(cast.riley), body).status_code == 404
    assert _plan_rows() == (0, 0, 0, 0)


def test_patch_changes_only_the_fields_sent(cast, api_as):
    target = today_of(cast.casey) + timedelta(days=10)
    goal = make_goal(cast.ana, cast.casey, "Get my ID", domain="legal", target_date=target)
    response = patch(api_as(cast.ana), goal_url(goal), {"title": "Get my state ID back"})
    assert response.status_code == 200
    goal.refresh_from_db()
    assert (goal.title, goal.domain, goal.target_date) == ("Get my state ID back", "legal", target)
    assert GoalEvent.objects.filter(goal=goal, kind="edited").get().detail == "title"


def test_patch_with_null_target_date_clears_it(cast, api_as):
    target = today_of(cast.casey) + timedelta(days=10)
    goal = make_goal(cast.ana, cast.casey, target_date=target)
    response = patch(api_as(cast.ana), goal_url(goal), {"target_date": None})
    assert response.status_code == 200
    assert response.json()["target_date"] is None
    goal.refresh_from_db()
    assert goal.target_date is None


def test_finishing_the_last_task_and_the_goal_makes_one_win_the_client_sees(
    cast, api_as, casey_api
):
    goal = make_goal(cast.ana, cast.casey, "Get my ID back")
    task = make_task(cast.ana, goal)
    ticked = patch(casey_api, task_url(task), {"done": True})
    assert ticked.status_code == 200
    assert ticked.json()["done"] is True
    response = patch(api_as(cast.ana), goal_url(goal), {"status": "done"})
    assert response.status_code == 200
    body = response.json()
    win = Win.objects.get()
    assert (body["status"], body["done_on"], body["win_id"]) == (
        "done",
        today_of(cast.casey).isoformat(),
        str(win.public_id),
    )
    assert (win.client, win.kind, win.goal) == (cast.casey, WinKind.GOAL, goal)
    patch(api_as(cast.ana), goal_url(goal), {"status": "done"})
    assert Win.objects.count() == 1
    [seen] = casey_api.get(plan(cast.casey)).json()["goals"]
    assert (seen["status"], seen["win_id"]) == ("done", str(win.public_id))


def test_client_marks_their_own_goal_done(cast, casey_api):
    goal = make_goal(cast.ana, cast.casey, "Get my ID back")
    response = patch(casey_api, goal_url(goal), {"status": "done"})
    assert response.status_code == 200
    assert Win.objects.get().created_by == cast.casey.user


def test_an_edit_and_a_status_change_together(cast, api_as):
    goal = make_goal(cast.ana, cast.casey)
    response = patch(
        api_as(cast.ana), goal_url(goal), {"title": "New words", "status": "set_aside"}
    )
    assert response.status_code == 200
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("New words", "set_aside")


BAD_PATCHES = {
    "blank_title": ({"title": " "}, ["body", "title"]),
    "null_title": ({"title": None}, ["body", "title"]),
    "unknown_status": ({"status": "abandoned"}, ["body", "status"]),
    "past_target": ({"target_date": _past}, ["body", "target_date"]),
    "long_prompt": ({"relevant": "x" * 301}, ["body", "relevant"]),
    "extra_field": ({"win_id": str(uuid.uuid4())}, ["body", "win_id"]),
    "bad_edit_with_done": ({"title": "", "status": "done"}, ["body", "title"]),
}


@pytest.mark.parametrize(("changes", "loc"), BAD_PATCHES.values(), ids=BAD_PATCHES.keys())
def test_bad_patch_is_422_and_changes_nothing(cast, api_as, changes, loc):
    goal = make_goal(cast.ana, cast.casey, "Get my ID back")
    before = _plan_rows()
    audits = AccessEvent.objects.count()
    body = {k: v(cast) if callable(v) else v for k, v in changes.items()}
    response = patch(api_as(cast.ana), goal_url(goal), body)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [loc]
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("Get my ID back", "active")
    assert _plan_rows() == before
    assert AccessEvent.objects.count() == audits


def test_a_goal_of_another_client_is_404_under_this_clients_id(cast, api_as):
    rileys = make_goal(cast.ben, cast.riley, "Riley's goal")
    url = f"/clients/{cast.casey.public_id}/goals/{rileys.public_id}"
    response = patch(api_as(cast.ana), url, {"status": "done"})
    assert response.status_code == 404
    rileys.refresh_from_db()
    assert rileys.status == "active"


@pytest.mark.parametrize("who", ["cleo", "dana"])
def test_staff_without_record_cannot_change_a_goal(cast, api_as, who):
    goal = make_goal(cast.ana, cast.casey)
    assert patch(api_as(getattr(cast, who)), goal_url(goal), {"status": "done"}).status_code == 403
    assert not Win.objects.exists()


def test_changing_a_goal_outside_ones_scope_is_404(cast, api_as):
    goal = make_goal(cast.oscar, cast.quinn)
    assert patch(api_as(cast.ana), goal_url(goal), {"status": "done"}).status_code == 404
    assert not Win.objects.exists()


# --- Tasks -----------------------------------------------------------------------------------


def test_advocate_adds_a_task(cast, api_as):
    goal = make_goal(cast.ana, cast.casey)
    due = today_of(cast.casey) + timedelta(days=3)
    response = api_as(cast.ana).post(
        f"{goal_url(goal)}/tasks",
        {"title": "Call the bank", "due_on": due.isoformat(), "owner_kind": "advocate"},
    )
    assert response.status_code == 201
    task = Task.objects.get()
    body = response.json()
    assert body["id"] == str(task.public_id)
    assert (body["title"], body["due_on"], body["owner_kind"]) == (
        "Call the bank",
        due.isoformat(),
        "advocate",
    )
    assert body["owner"] == {"id": str(cast.ana.public_id), "name": "Ana Advocate"}
    assert AccessEvent.objects.filter(action=Action.CREATE, object_type="task").count() == 1


def test_client_adds_a_task_for_their_advocate_naming_nobody(cast, casey_api):
    goal = make_goal(cast.ana, cast.casey)
    body = {"title": "Help me with the form", "owner_kind": "advocate"}
    response = casey_api.post(f"{goal_url(goal)}/tasks", body)
    assert response.status_code == 201
    assert response.json()["owner"] is None


BAD_TASKS = {
    "missing_title": ({"title": None}, "title"),
    "blank_title": ({"title": "  "}, "title"),
    "long_title": ({"title": "x" * 201}, "title"),
    "past_due": ({"due_on": _past}, "due_on"),
    "unknown_owner": ({"owner_kind": "sponsor"}, "owner_kind"),
}


@pytest.mark.parametrize(("changes", "field"), BAD_TASKS.values(), ids=BAD_TASKS.keys())
def test_bad_task_is_422_and_saves_nothing(cast, api_as, changes, field):
    goal = make_goal(cast.ana, cast.casey)
    before = _plan_rows()
    body: dict[str, Any] = {"title": "Call the bank"}
    body.update({k: v(cast) if callable(v) else v for k, v in changes.items()})
    body = {k: v for k, v in body.items() if v is not None}
    response = api_as(cast.ana).post(f"{goal_url(goal)}/tasks", body)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", field]]
    assert _plan_rows() == before


def test_a_task_cannot_be_added_to_a_finished_goal(cast, api_as):
    goal = make_goal(cast.ana, cast.casey)
    patch(api_as(cast.ana), goal_url(goal), {"status": "done"})
    before = _plan_rows()
    response = api_as(cast.ana).post(f"{goal_url(goal)}/tasks", {"title": "One more"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Reopen the goal before adding tasks to it."
    assert _plan_rows() == before


def test_adding_a_task_to_a_goal_outside_ones_scope_is_404(cast, api_as):
    goal = make_goal(cast.ben, cast.riley)
    response = api_as(cast.ana).post(f"{goal_url(goal)}/tasks", {"title": "Call the bank"})
    assert response.status_code == 404
    assert not Task.objects.exists()


def test_clinician_cannot_add_a_task(cast, api_as):
    goal = make_goal(cast.ana, cast.casey)
    response = api_as(cast.cleo).post(f"{goal_url(goal)}/tasks", {"title": "Call the bank"})
    assert response.status_code == 403
    assert not Task.objects.exists()


def test_ticking_and_unticking_a_task(cast, api_as):
    task = make_task(cast.ana, make_goal(cast.ana, cast.casey))
    api = api_as(cast.ana)
    assert patch(api, task_url(task), {"done": True}).json()["done"] is True
    task.refresh_from_db()
    assert task.done_by == cast.ana
    assert patch(api, task_url(task), {"done": False}).json()["done"] is False
    task.refresh_from_db()
    assert task.done_at is None
    kinds = list(GoalEvent.objects.filter(kind__startswith="task_").values_list("kind", flat=True))
    assert sorted(kinds) == ["task_added", "task_done", "task_undone"]


@pytest.mark.parametrize("body", [{}, {"done": "maybe"}, {"done": True, "title": "x"}])
def test_bad_tick_is_422_and_changes_nothing(cast, api_as, body):
    task = make_task(cast.ana, make_goal(cast.ana, cast.casey))
    before = _plan_rows()
    response = patch(api_as(cast.ana), task_url(task), body)
    assert response.status_code == 422
    task.refresh_from_db()
    assert task.done_at is None
    assert _plan_rows() == before


def test_ticking_a_task_outside_ones_scope_is_404(cast, api_as, casey_api):
    task = make_task(cast.ben, make_goal(cast.ben, cast.riley))
    assert patch(api_as(cast.ana), task_url(task), {"done": True}).status_code == 404
    assert patch(casey_api, task_url(task), {"done": True}).status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


def test_a_task_of_another_client_is_404_under_this_clients_id(cast, api_as):
    task = make_task(cast.ben, make_goal(cast.ben, cast.riley))
    url = f"/clients/{cast.casey.public_id}/tasks/{task.public_id}"
    assert patch(api_as(cast.sam), url, {"done": True}).status_code == 404
    task.refresh_from_db()
    assert task.done_at is None
