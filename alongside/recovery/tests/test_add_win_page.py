"""The "add a win" page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.recovery.models import Win, WinKind
from alongside.recovery.tests.factories import days_ago, today_of
from alongside.testing.personas import login


def url(client: Any) -> str:
    return reverse("recovery:add_win", args=[client.public_id])


def test_advocate_sees_the_win_form_dated_today(client, cast):
    login(client, cast.ana)
    response = client.get(url(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Add a win for Casey" in body
    assert f'value="{today_of(cast.casey).isoformat()}"' in body


def test_advocate_adds_a_win(client, cast):
    on = days_ago(cast.casey, 2)
    login(client, cast.ana)
    response = client.post(url(cast.casey), {"title": "First paycheck", "occurred_on": on})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[cast.casey.public_id])
    win = Win.objects.get()
    assert (win.title, win.occurred_on, win.kind, win.created_by) == (
        "First paycheck",
        on,
        WinKind.PERSONAL,
        cast.ana,
    )


def test_added_win_is_confirmed_and_shown_on_the_profile(client, cast):
    login(client, cast.ana)
    data = {"title": "Got my ID back", "occurred_on": today_of(cast.casey)}
    body = client.post(url(cast.casey), data, follow=True).content.decode()
    assert "Win added." in body
    assert "Got my ID back" in body
    assert "added by Ana Advocate" in body


def test_adding_a_win_is_audited(client, cast):
    login(client, cast.ana)
    client.post(url(cast.casey), {"title": "A win", "occurred_on": today_of(cast.casey)})
    win = Win.objects.get()
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_public_id=win.public_id, user_id=cast.ana.pk
    ).exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_win_page_refuses_other_methods(client, cast, method):
    login(client, cast.ana)
    assert getattr(client, method)(url(cast.casey)).status_code == 405
    assert not Win.objects.exists()


@pytest.mark.parametrize("persona", ["oscar", "ben", "alex"])
def test_win_page_is_not_found_outside_ones_scope(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(cast.casey)).status_code == 404
    data = {"title": "A win", "occurred_on": today_of(cast.casey)}
    assert client.post(url(cast.casey), data).status_code == 404
    assert not Win.objects.exists()


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_roles_that_only_read_may_not_add_a_win(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(cast.casey)).status_code == 403
    data = {"title": "A win", "occurred_on": today_of(cast.casey)}
    assert client.post(url(cast.casey), data).status_code == 403
    assert not Win.objects.exists()


BAD_WINS = [
    pytest.param({"title": ""}, "This field is required.", id="no-title"),
    pytest.param({"title": "   "}, "This field is required.", id="blank-title"),
    pytest.param(
        {"title": "x" * 141},
        "Ensure this value has at most 140 characters (it has 141).",
        id="long-title",
    ),
    pytest.param({"occurred_on": ""}, "This field is required.", id="no-date"),
    pytest.param({"occurred_on": "2024-02-30"}, "Enter a valid date.", id="no-such-date"),
    pytest.param({"occurred_on": "future"}, "A win cannot be in the future.", id="future"),
]


@pytest.mark.parametrize(("change", "message"), BAD_WINS)
def test_bad_win_is_shown_with_its_error_and_saves_nothing(client, cast, change, message):
    login(client, cast.ana)
    data = {"title": "First paycheck", "occurred_on": today_of(cast.casey), **change}
    if data["occurred_on"] == "future":
        data["occurred_on"] = days_ago(cast.casey, -1)
    response = client.post(url(cast.casey), data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert message in body
    assert not Win.objects.exists()
    assert not AccessEvent.objects.filter(action=Action.CREATE).exists()
