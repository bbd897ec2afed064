"""The "congratulate on a win" page."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.recovery.models import Win
from alongside.recovery.tests.factories import make_win
from alongside.testing.personas import login


def url(win: Win) -> str:
    return reverse("recovery:congratulate", args=[win.client.public_id, win.public_id])


@pytest.fixture
def win(cast) -> Win:
    return make_win(cast.casey, title="Got my ID back")


def congratulation(win: Win) -> tuple[str, Any]:
    win.refresh_from_db()
    return win.congratulation, win.congratulated_by


def test_advocate_sees_the_win_to_congratulate(client, cast, win):
    login(client, cast.ana)
    response = client.get(url(win))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Congratulate Casey" in body
    assert "Got my ID back" in body


def test_advocate_congratulates_on_a_win(client, cast, win):
    login(client, cast.ana)
    response = client.post(url(win), {"text": "That's huge, well done!"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[cast.casey.public_id])
    assert congratulation(win) == ("That's huge, well done!", cast.ana)


def test_congratulation_is_shown_with_the_win_on_the_profile(client, cast, win):
    login(client, cast.ana)
    body = client.post(url(win), {"text": "Well done!"}, follow=True).content.decode()
    assert "Congratulation added." in body
    assert "“Well done!”" in body
    assert "— Ana Advocate" in body


def test_congratulating_is_audited_as_an_update(client, cast, win):
    login(client, cast.ana)
    client.post(url(win), {"text": "Well done!"})
    assert AccessEvent.objects.filter(
        action=Action.UPDATE, object_public_id=win.public_id, user_id=cast.ana.pk
    ).exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_congratulate_page_refuses_other_methods(client, cast, win, method):
    login(client, cast.ana)
    assert getattr(client, method)(url(win)).status_code == 405
    assert congratulation(win) == ("", None)


@pytest.mark.parametrize("persona", ["oscar", "ben", "alex"])
def test_congratulate_page_is_not_found_outside_ones_scope(client, cast, win, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(win)).status_code == 404
    assert client.post(url(win), {"text": "Hi"}).status_code == 404
    assert congratulation(win) == ("", None)


def test_a_win_of_another_client_is_not_found_under_this_client(client, cast):
    other = make_win(cast.jordan)
    login(client, cast.ana)
    wrong = reverse("recovery:congratulate", args=[cast.casey.public_id, other.public_id])
    assert client.post(wrong, {"text": "Hi"}).status_code == 404
    assert congratulation(other) == ("", None)


def test_an_unknown_win_is_not_found(client, cast):
    login(client, cast.ana)
    missing = reverse("recovery:congratulate", args=[cast.casey.public_id, uuid.uuid4()])
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_roles_that_only_read_may_not_congratulate(client, cast, win, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(win)).status_code == 403
    assert client.post(url(win), {"text": "Hi"}).status_code == 403
    assert congratulation(win) == ("", None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "This field is required."),
        ("x" * 501, "Ensure this value has at most 500 characters (it has 501)."),
    ],
)
def test_bad_congratulation_is_shown_with_its_error_and_saves_nothing(
    client, cast, win, text, message
):
    login(client, cast.ana)
    response = client.post(url(win), {"text": text})
    body = response.content.decode()
    assert response.status_code == 422
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert message in body
    assert congratulation(win) == ("", None)
    assert not AccessEvent.objects.filter(action=Action.UPDATE).exists()


def test_a_second_congratulation_is_a_422_and_keeps_the_first(client, cast, win):
    login(client, cast.ana)
    client.post(url(win), {"text": "First!"})
    login(client, cast.sam)
    response = client.post(url(win), {"text": "Second!"})
    assert response.status_code == 422
    assert "This win has already been congratulated." in response.content.decode()
    assert congratulation(win) == ("First!", cast.ana)
