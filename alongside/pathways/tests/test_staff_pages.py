"""The staff pathways page and its POST endpoints: move, follow, own stage."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.pathways.models import OwnStage, StageMove
from alongside.pathways.services import move_stage
from alongside.testing.personas import login


def page(client_record) -> str:
    return reverse("pathways:client", args=[client_record.public_id])


def move_url(client_record) -> str:
    return reverse("pathways:move", args=[client_record.public_id])


def test_advocate_sees_each_stage_with_its_state_and_guidance(client, cast):
    move_stage(cast.ana, cast.casey, "12-step", "step-1", "introduced", note="Start small")
    login(client, cast.ana)
    response = client.get(page(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Step 12" in body and "Service" in body
    assert "Introduced" in body and "Start small" in body
    assert "Mark as working on it" in body


def test_viewing_the_page_is_audited(client, cast):
    login(client, cast.ana)
    client.get(page(cast.casey))
    assert AccessEvent.objects.filter(
        action=Action.VIEW, object_type="pathway_progress", client_id=cast.casey.pk
    ).exists()


@pytest.mark.parametrize("persona", ["sam", "dana"])
def test_supervisor_and_director_read_the_page(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(page(cast.casey)).status_code == 200


def test_director_gets_no_move_buttons(client, cast):
    login(client, cast.dana)
    assert b"Mark as" not in client.get(page(cast.casey)).content


def test_clinician_is_refused_and_the_refusal_audited(client, cast):
    login(client, cast.cleo)
    assert client.get(page(cast.casey)).status_code == 403
    assert AccessEvent.objects.filter(
        client_id=cast.casey.pk, user_id=cast.cleo.pk, outcome=Outcome.DENIED
    ).exists()


@pytest.mark.parametrize("persona", ["ben", "oscar", "alex"])
def test_page_is_not_found_outside_ones_scope(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(page(cast.casey)).status_code == 404


def test_a_client_account_cannot_open_the_staff_page(client, cast, casey_account):
    client.force_login(casey_account)
    assert client.get(page(cast.casey)).status_code == 404


def test_profile_links_to_the_pathways_page(client, cast):
    login(client, cast.ana)
    response = client.get(reverse("workspace:client", args=[cast.casey.public_id]))
    assert page(cast.casey).encode() in response.content


def test_advocate_moves_a_stage_from_the_page(client, cast):
    login(client, cast.ana)
    data = {"pathway": "12-step", "stage": "step-1", "to_state": "introduced", "note": "Hi"}
    response = client.post(move_url(cast.casey), data)
    assert response.status_code == 302
    move = StageMove.objects.get()
    assert (move.to_state, move.note, move.moved_by) == ("introduced", "Hi", cast.ana)


def test_move_refuses_get(client, cast):
    login(client, cast.ana)
    assert client.get(move_url(cast.casey)).status_code == 405


def test_a_move_not_allowed_shows_the_error_and_saves_nothing(client, cast):
    login(client, cast.ana)
    data = {"pathway": "12-step", "stage": "step-1", "to_state": "completed"}
    response = client.post(move_url(cast.casey), data)
    assert response.status_code == 422
    assert "cannot move to completed" in response.content.decode()
    assert not StageMove.objects.exists()


def test_an_empty_move_form_shows_errors_and_saves_nothing(client, cast):
    login(client, cast.ana)
    response = client.post(move_url(cast.casey), {})
    assert response.status_code == 422
    assert b"nothing was saved" in response.content
    assert not StageMove.objects.exists()


def test_a_director_cannot_move_a_stage(client, cast):
    login(client, cast.dana)
    data = {"pathway": "12-step", "stage": "step-1", "to_state": "introduced"}
    assert client.post(move_url(cast.casey), data).status_code == 403
    assert not StageMove.objects.exists()


def test_an_outsider_cannot_move_a_stage(client, cast):
    login(client, cast.oscar)
    data = {"pathway": "12-step", "stage": "step-1", "to_state": "introduced"}
    assert client.post(move_url(cast.casey), data).status_code == 404
    assert not StageMove.objects.exists()


def test_advocate_adds_a_pathway_from_the_page(client, cast):
    login(client, cast.ana)
    url = reverse("pathways:follow", args=[cast.casey.public_id])
    assert client.post(url, {"pathway": "smart"}).status_code == 302
    cast.casey.refresh_from_db()
    assert cast.casey.pathways == ["12-step", "smart"]


def test_adding_an_unknown_pathway_shows_an_error_and_changes_nothing(client, cast):
    login(client, cast.ana)
    url = reverse("pathways:follow", args=[cast.casey.public_id])
    assert client.post(url, {"pathway": "nonsense"}).status_code == 422
    cast.casey.refresh_from_db()
    assert cast.casey.pathways == ["12-step"]


def test_advocate_names_an_own_stage_from_the_page(client, cast):
    login(client, cast.ana)
    url = reverse("pathways:own_stage", args=[cast.casey.public_id])
    assert client.post(url, {"title": "Call my mom weekly"}).status_code == 302
    assert OwnStage.objects.get().title == "Call my mom weekly"
    assert "Call my mom weekly" in client.get(page(cast.casey)).content.decode()


def test_an_empty_own_stage_name_shows_an_error_and_saves_nothing(client, cast):
    login(client, cast.ana)
    url = reverse("pathways:own_stage", args=[cast.casey.public_id])
    assert client.post(url, {"title": ""}).status_code == 422
    assert not OwnStage.objects.exists()


def test_the_page_costs_the_same_queries_with_a_long_history(client, cast):
    login(client, cast.ana)
    client.get(page(cast.casey))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(page(cast.casey))
    for step in range(1, 13):
        for state in ["introduced", "working", "completed"]:
            move_stage(cast.ana, cast.casey, "12-step", f"step-{step}", state, note="n")
    with CaptureQueriesContext(connection) as many:
        client.get(page(cast.casey))
    assert len(many) == len(few)
