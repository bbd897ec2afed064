"""Staff plan pages: the plan, adding and changing goals and tasks, suggestions, printing."""

from __future__ import annotations

from alongside.assessments.services import record_assessment
from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.plans.models import Goal, Task
from alongside.plans.tests.factories import make_goal, make_task
from alongside.recovery.models import Win
from alongside.testing.personas import login


def plan_url(client) -> str:
    return f"/clients/{client.public_id}/plan/"


def test_advocate_sees_goals_by_domain_and_the_history(client, cast):
    goal = make_goal(cast.ana, cast.casey)
    make_task(cast.ana, goal, "Bring my ID")
    login(client, cast.ana)
    response = client.get(plan_url(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Finances" in body and "Open a bank account" in body and "Bring my ID" in body
    assert "Plan history" in body and "Goal added" in body
    assert AccessEvent.objects.filter(action=Action.VIEW, object_type="recovery_plan").exists()


def test_the_profile_links_to_the_plan(client, cast):
    login(client, cast.ana)
    body = client.get(f"/clients/{cast.casey.public_id}/").content.decode()
    assert f'href="{plan_url(cast.casey)}"' in body


def test_advocate_adds_a_goal(client, cast):
    login(client, cast.ana)
    response = client.post(
        f"{plan_url(cast.casey)}goals/new/",
        {"domain": "housing", "title": "Find an apartment", "specific": "Near the bus line"},
    )
    assert response.status_code == 302
    assert Goal.objects.get().specific == "Near the bus line"


def test_bad_goal_form_shows_errors_and_saves_nothing(client, cast):
    login(client, cast.ana)
    response = client.post(
        f"{plan_url(cast.casey)}goals/new/",
        {"domain": "moon", "title": "", "target_date": "not a date"},
    )
    assert response.status_code == 422
    assert "Nothing was saved" in response.content.decode()
    assert not Goal.objects.exists()


def test_adding_a_goal_needs_post_or_get(client, cast):
    login(client, cast.ana)
    assert client.put(f"{plan_url(cast.casey)}goals/new/").status_code == 405


def test_clinician_may_not_read_the_plan(client, cast):
    login(client, cast.cleo)
    assert client.get(plan_url(cast.casey)).status_code == 403
    assert AccessEvent.objects.filter(outcome=Outcome.DENIED).exists()


def test_outsider_gets_404(client, cast):
    login(client, cast.oscar)
    assert client.get(plan_url(cast.casey)).status_code == 404


def test_director_reads_but_cannot_add(client, cast):
    make_goal(cast.ana, cast.casey)
    login(client, cast.dana)
    assert client.get(plan_url(cast.casey)).status_code == 200
    response = client.post(
        f"{plan_url(cast.casey)}goals/new/", {"domain": "housing", "title": "Somewhere"}
    )
    assert response.status_code == 403
    assert Goal.objects.count() == 1


def test_ticking_a_task_with_htmx_returns_the_row(client, cast):
    task = make_task(cast.ana, make_goal(cast.ana, cast.casey))
    login(client, cast.ana)
    response = client.post(
        f"{plan_url(cast.casey)}tasks/{task.public_id}/tick/",
        {"done": "on"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "is-done" in response.content.decode()
    assert Task.objects.get().done_at is not None


def test_a_task_of_another_client_is_404(client, cast):
    task = make_task(cast.ana, make_goal(cast.ana, cast.jordan))
    login(client, cast.ana)
    response = client.post(f"{plan_url(cast.casey)}tasks/{task.public_id}/tick/", {"done": "on"})
    assert response.status_code == 404
    assert Task.objects.get().done_at is None


def test_last_task_then_goal_done_gives_one_win_the_client_sees(client, cast, casey_account):
    goal = make_goal(cast.ana, cast.casey)
    task = make_task(cast.ana, goal)
    login(client, cast.ana)
    client.post(f"{plan_url(cast.casey)}tasks/{task.public_id}/tick/", {"done": "on"})
    page = client.get(f"{plan_url(cast.casey)}goals/{goal.public_id}/").content.decode()
    assert "Every task is done" in page
    url = f"{plan_url(cast.casey)}goals/{goal.public_id}/status/"
    assert client.post(url, {"status": "done"}).status_code == 302
    client.post(url, {"status": "done"})
    assert Win.objects.filter(client=cast.casey).count() == 1
    login(client, casey_account)
    assert "Open a bank account" in client.get("/me/").content.decode()


def test_a_bad_status_shows_an_error_and_changes_nothing(client, cast):
    goal = make_goal(cast.ana, cast.casey)
    login(client, cast.ana)
    response = client.post(
        f"{plan_url(cast.casey)}goals/{goal.public_id}/status/", {"status": "finished"}
    )
    assert response.status_code == 422
    assert Goal.objects.get().status == "active"


def test_a_bad_task_shows_an_error_and_saves_nothing(client, cast):
    goal = make_goal(cast.ana, cast.casey)
    login(client, cast.ana)
    response = client.post(
        f"{plan_url(cast.casey)}goals/{goal.public_id}/tasks/new/",
        {"title": "", "owner_kind": "client", "due_on": "2001-01-01"},
    )
    assert response.status_code == 422
    assert not Task.objects.exists()


def test_suggest_from_barc10_adds_goals_in_one_step(client, cast):
    answers = {f"q{n}": 6 for n in range(1, 11)} | {"q4": 1, "q7": 2}
    record_assessment(cast.ana, cast.casey, "barc10", answers, source="staff")
    login(client, cast.ana)
    assert "Suggest goals" in client.get(plan_url(cast.casey)).content.decode()
    response = client.post(f"{plan_url(cast.casey)}suggest/")
    assert response.status_code == 302
    assert sorted(Goal.objects.values_list("domain", flat=True)) == ["community", "housing"]


def test_suggest_without_barc10_is_a_clear_error(client, cast):
    login(client, cast.ana)
    response = client.post(f"{plan_url(cast.casey)}suggest/")
    assert response.status_code == 422
    assert "no BARC-10" in response.content.decode()
    assert not Goal.objects.exists()


def test_the_printable_plan(client, cast):
    make_goal(cast.ana, cast.casey, measurable="Account number in hand")
    login(client, cast.ana)
    response = client.get(f"{plan_url(cast.casey)}print/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Account number in hand" in body
    assert "Mark done" not in body


def test_a_director_sees_a_goal_without_forms_to_change_it(client, cast):
    goal = make_goal(cast.ana, cast.casey)
    make_task(cast.ana, goal)
    login(client, cast.dana)
    response = client.get(f"{plan_url(cast.casey)}goals/{goal.public_id}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Save the goal" not in body and "Mark done" not in body
