"""The client's own plan in the portal: reading, adding, ticking, Spanish, query counts."""

from __future__ import annotations

from alongside.plans.models import Goal, Task
from alongside.plans.tests.factories import make_goal, make_task
from alongside.testing.personas import login
from alongside.testing.querycount import count_queries

PLAN = "/me/plan/"


def speak_spanish(record) -> None:
    record.language = "es"
    record.save(update_fields=["language"])


def test_client_sees_their_plan(client, cast, casey_account):
    make_task(cast.ana, make_goal(cast.ana, cast.casey), "Bring my ID")
    login(client, casey_account)
    response = client.get(PLAN)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Open a bank account" in body and "Bring my ID" in body


def test_client_adds_a_goal(client, cast, casey_account):
    login(client, casey_account)
    response = client.post(f"{PLAN}goals/new/", {"domain": "family", "title": "Call my sister"})
    assert response.status_code == 302
    assert Goal.objects.get().created_by == casey_account


def test_client_bad_goal_shows_errors_and_saves_nothing(client, cast, casey_account):
    login(client, casey_account)
    response = client.post(f"{PLAN}goals/new/", {"domain": "family", "title": "   "})
    assert response.status_code == 422
    assert not Goal.objects.exists()


def test_client_ticks_a_task(client, cast, casey_account):
    task = make_task(cast.ana, make_goal(cast.ana, cast.casey))
    login(client, casey_account)
    response = client.post(f"{PLAN}tasks/{task.public_id}/tick/", {"done": "on"})
    assert response.status_code == 302
    assert Task.objects.get().done_by == casey_account


def test_client_cannot_reach_another_clients_task(client, cast, casey_account):
    task = make_task(cast.ana, make_goal(cast.ana, cast.jordan))
    login(client, casey_account)
    assert client.post(f"{PLAN}tasks/{task.public_id}/tick/", {"done": "on"}).status_code == 404
    assert Task.objects.get().done_at is None


def test_staff_get_404_on_the_portal_plan(client, cast):
    login(client, cast.ana)
    assert client.get(PLAN).status_code == 404


def test_the_plan_is_in_spanish(client, cast, casey_account):
    speak_spanish(cast.casey)
    make_goal(cast.ana, cast.casey)
    login(client, casey_account)
    body = client.get(PLAN).content.decode()
    assert "Mi plan" in body and "Finanzas" in body
    assert "Add a goal" not in body


def test_the_home_page_links_to_the_plan(client, cast, casey_account):
    make_goal(cast.ana, cast.casey)
    login(client, casey_account)
    body = client.get("/me/").content.decode()
    assert f'href="{PLAN}"' in body


def test_plan_page_queries_do_not_grow_with_the_plan(client, cast, casey_account):
    login(client, casey_account)
    goal = make_goal(cast.ana, cast.casey)
    make_task(cast.ana, goal)
    count_queries(client, PLAN)
    small = count_queries(client, PLAN)
    for n in range(4):
        more = make_goal(cast.ana, cast.casey, f"Goal {n}", domain="housing")
        for _ in range(3):
            make_task(cast.ana, more, owner_kind="advocate")
    assert count_queries(client, PLAN) == small


def test_staff_plan_page_queries_do_not_grow_with_the_plan(client, cast):
    login(client, cast.ana)
    url = f"/clients/{cast.casey.public_id}/plan/"
    make_task(cast.ana, make_goal(cast.ana, cast.casey))
    count_queries(client, url)
    small = count_queries(client, url)
    for n in range(4):
        more = make_goal(cast.ana, cast.casey, f"Goal {n}", domain="legal")
        for _ in range(3):
            make_task(cast.ana, more, owner_kind="advocate")
    assert count_queries(client, url) == small
