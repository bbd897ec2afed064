"""The client's plan history in the portal, and the portal menu's links to the plan and
pathways."""

from __future__ import annotations

import re

from alongside.plans.services import set_goal_status, set_task_done
from alongside.plans.tests.factories import make_goal, make_task
from alongside.recovery.models import Win
from alongside.testing.personas import login

PLAN = "/me/plan/"


def history_of(body: str) -> str:
    match = re.search(r'<ol class="plan-history".*?</ol>', body, re.S)
    assert match, "no history list on the page"
    return match.group(0)


def test_client_sees_the_history_of_their_plan_with_who_made_each_change(
    client, cast, casey_account
):
    goal = make_goal(cast.ana, cast.casey)
    task = make_task(cast.ana, goal, "Bring my ID")
    set_task_done(casey_account, task, True)
    set_goal_status(cast.ana, goal, "done")
    login(client, casey_account)

    history = history_of(client.get(PLAN).content.decode())

    assert "Goal added" in history
    assert "Task ticked off" in history
    assert "Status changed to “Done”" in history
    assert "“Open a bank account”" in history
    assert "by You" in history
    assert "by Ana Advocate" in history


def test_the_history_is_in_spanish(client, cast, casey_account):
    goal = make_goal(cast.ana, cast.casey)
    set_goal_status(cast.ana, goal, "done")
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    login(client, casey_account)

    body = client.get(PLAN).content.decode()

    assert "Historial del plan" in body
    assert "Estado cambiado a «Lograda»" in history_of(body)


def test_a_plan_without_changes_says_so(client, cast, casey_account):
    login(client, casey_account)

    assert "No changes yet." in client.get(PLAN).content.decode()


def test_the_history_shows_only_the_clients_own_plan(client, cast, casey_account):
    make_goal(cast.ana, cast.jordan, "Jordan's private goal")
    login(client, casey_account)

    assert "Jordan" not in client.get(PLAN).content.decode()


def test_the_portal_menu_links_to_the_plan_and_pathways_and_marks_the_current_page(
    client, cast, casey_account
):
    login(client, casey_account)

    plan = client.get(PLAN).content.decode()
    pathways = client.get("/me/pathways/").content.decode()

    assert re.search(r'<a href="/me/plan/" aria-current="page">My plan</a>', plan)
    assert re.search(r'<a href="/me/pathways/" >My pathways</a>', plan)
    assert re.search(r'<a href="/me/pathways/" aria-current="page">My pathways</a>', pathways)


def test_the_portal_menu_is_in_spanish(client, cast, casey_account):
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    login(client, casey_account)

    body = client.get("/me/").content.decode()

    assert ">Mi plan</a>" in body
    assert ">Mis caminos</a>" in body


def test_the_client_sees_the_finished_goal_named_on_their_home_page(client, cast, casey_account):
    set_goal_status(cast.ana, make_goal(cast.ana, cast.casey), "done")
    login(client, casey_account)

    body = client.get("/me/").content.decode()

    assert "Finished a goal: Open a bank account" in body
    assert Win.objects.get().title == "Finished a goal"
