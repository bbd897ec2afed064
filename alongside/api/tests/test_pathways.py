"""/api/v1/clients/{id}/pathways: step progress, following a pathway, moving a stage."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from alongside.accounts.models import ApiToken
from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.clients.models import Client
from alongside.pathways.models import OwnStage, StageMove
from alongside.pathways.services import add_own_stage, move_stage
from alongside.testing.personas import give_portal_account, login
from alongside.testing.querycount import count_queries


def pathways(client: Any) -> str:
    return f"/clients/{client.public_id}/pathways"


def stage(client: Any, pathway: str = "12-step", key: str = "step-1") -> str:
    return f"{pathways(client)}/{pathway}/stages/{key}"


@pytest.fixture
def casey_api(cast, bearer):
    """Casey, calling with a token of their own portal account."""
    _, raw = ApiToken.issue(give_portal_account(cast.casey, "casey@portal.test"))
    return bearer(raw)


def _twelve_step(body: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in body["pathways"] if p["key"] == "12-step")


# --- Reading ---------------------------------------------------------------------------------


def test_advocate_reads_stages_with_history_and_guidance(cast, api_as):
    move_stage(cast.ana, cast.casey, "12-step", "step-1", "introduced", note="Read it slowly.")
    move_stage(cast.ana, cast.casey, "12-step", "step-1", "working")
    response = api_as(cast.ana).get(pathways(cast.casey))
    assert response.status_code == 200
    body = response.json()
    assert body["client_id"] == str(cast.casey.public_id)
    twelve = _twelve_step(body)
    assert twelve["own"] is False
    assert len(twelve["stages"]) == 12
    first, second = twelve["stages"][:2]
    assert first["key"] == "step-1"
    assert first["state"] == "working"
    assert first["next_states"] == ["completed"]
    assert first["guidance"] == "Read it slowly."
    assert [(m["from_state"], m["to_state"]) for m in first["moves"]] == [
        ("not_started", "introduced"),
        ("introduced", "working"),
    ]
    assert first["moves"][0]["note"] == "Read it slowly."
    assert first["moves"][0]["moved_by"] == {"id": str(cast.ana.public_id), "name": "Ana Advocate"}
    assert (second["state"], second["moves"], second["guidance"]) == ("not_started", [], "")


def test_reading_pathways_is_audited(cast, api_as):
    api_as(cast.ana).get(pathways(cast.casey))
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.VIEW, "pathway_progress")
    assert event.client_public_id == cast.casey.public_id


def test_director_reads_the_guidance_notes(cast, api_as):
    move_stage(cast.ana, cast.casey, "12-step", "step-1", "introduced", note="Read it slowly.")
    body = api_as(cast.dana).get(pathways(cast.casey)).json()
    assert _twelve_step(body)["stages"][0]["guidance"] == "Read it slowly."


def test_an_own_pathway_lists_the_clients_own_stages(cast, api_as):
    own = add_own_stage(cast.ana, cast.casey, "Call my sister every Sunday")
    body = api_as(cast.ana).get(pathways(cast.casey)).json()
    [mine] = [p for p in body["pathways"] if p["own"]]
    assert mine["key"] == "other"
    assert [(s["key"], s["title"]) for s in mine["stages"]] == [
        (str(own.public_id), "Call my sister every Sunday")
    ]


def test_clinician_who_sees_the_client_is_refused_and_it_is_audited(cast, api_as):
    move_stage(cast.ana, cast.casey, "12-step", "step-1", "introduced", note="Read it slowly.")
    response = api_as(cast.cleo).get(pathways(cast.casey))
    assert response.status_code == 403
    assert response.json() == {"detail": "Not allowed."}
    assert b"slowly" not in response.content
    [event] = AccessEvent.objects.filter(user_id=cast.cleo.pk)
    assert (event.outcome, event.object_type) == (Outcome.DENIED, "pathway_progress")


@pytest.mark.parametrize(("who", "target"), [("ana", "riley"), ("ana", "quinn"), ("alex", "casey")])
def test_pathways_outside_ones_scope_are_404(cast, api_as, who, target):
    response = api_as(getattr(cast, who)).get(pathways(getattr(cast, target)))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not AccessEvent.objects.exists()


def test_pathways_of_an_unknown_client_are_404(cast, api_as):
    assert api_as(cast.ana).get(f"/clients/{uuid.uuid4()}/pathways").status_code == 404


def test_reading_pathways_needs_authentication(cast, anonymous):
    assert anonymous.get(pathways(cast.casey)).status_code == 401


def test_client_reads_their_own_progress_without_guidance_notes(cast, casey_api):
    move_stage(cast.ana, cast.casey, "12-step", "step-1", "introduced", note="Read it slowly.")
    response = casey_api.get(pathways(cast.casey))
    assert response.status_code == 200
    first = _twelve_step(response.json())["stages"][0]
    assert first["state"] == "introduced"
    assert first["guidance"] is None
    assert first["moves"][0]["note"] is None
    assert b"slowly" not in response.content
    [event] = AccessEvent.objects.filter(action=Action.VIEW)
    assert (event.object_type, event.role) == ("pathway_progress", "client")


def test_client_cannot_read_someone_elses_progress(cast, casey_api):
    assert casey_api.get(pathways(cast.riley)).status_code == 404
    assert casey_api.get(f"/clients/{uuid.uuid4()}/pathways").status_code == 404


def test_reading_pathways_costs_the_same_queries_whatever_the_history(cast, client):
    login(client, cast.ana)
    url = f"/api/v1{pathways(cast.casey)}"
    count_queries(client, url)
    move_stage(cast.ana, cast.casey, "12-step", "step-1", "introduced")
    few = count_queries(client, url)
    for key in ("step-2", "step-3", "step-4"):
        move_stage(cast.ana, cast.casey, "12-step", key, "introduced", note="Go slowly.")
        move_stage(cast.ana, cast.casey, "12-step", key, "working")
    add_own_stage(cast.ana, cast.casey, "Walk every morning")
    add_own_stage(cast.ana, cast.casey, "Cook for friends")
    assert count_queries(client, url) == few


# --- Following a pathway ---------------------------------------------------------------------


def test_advocate_adds_a_pathway(cast, api_as):
    response = api_as(cast.ana).post(pathways(cast.casey), {"pathway": "smart"})
    assert response.status_code == 201
    assert response.json() == {
        "client_id": str(cast.casey.public_id),
        "pathways": ["12-step", "smart"],
    }
    cast.casey.refresh_from_db()
    assert cast.casey.pathways == ["12-step", "smart"]
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.UPDATE, "client_pathways")


def test_following_a_pathway_twice_changes_nothing(cast, api_as):
    response = api_as(cast.ana).post(pathways(cast.casey), {"pathway": "12-step"})
    assert response.status_code == 200
    assert response.json()["pathways"] == ["12-step"]
    assert not AccessEvent.objects.exists()


BAD_FOLLOWS = {
    "no_stages_shipped": ({"pathway": "faith"}, ["body", "pathway"]),
    "unknown": ({"pathway": "astrology"}, ["body", "pathway"]),
    "missing": ({}, ["body", "pathway"]),
    "extra_field": ({"pathway": "smart", "note": "x"}, ["body", "note"]),
}


@pytest.mark.parametrize(("body", "loc"), BAD_FOLLOWS.values(), ids=BAD_FOLLOWS.keys())
def test_bad_follow_is_422_and_changes_nothing(cast, api_as, body, loc):
    response = api_as(cast.ana).post(pathways(cast.casey), body)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [loc]
    cast.casey.refresh_from_db()
    assert cast.casey.pathways == ["12-step"]
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("who", ["cleo", "dana"])
def test_staff_without_record_cannot_add_a_pathway(cast, api_as, who):
    response = api_as(getattr(cast, who)).post(pathways(cast.casey), {"pathway": "smart"})
    assert response.status_code == 403
    cast.casey.refresh_from_db()
    assert cast.casey.pathways == ["12-step"]


@pytest.mark.parametrize("target", ["riley", "quinn"])
def test_adding_a_pathway_outside_ones_scope_is_404(cast, api_as, target):
    client = getattr(cast, target)
    response = api_as(cast.ana).post(pathways(client), {"pathway": "smart"})
    assert response.status_code == 404
    client.refresh_from_db()
    assert client.pathways == ["12-step"]


def test_client_cannot_change_their_own_pathways(cast, casey_api):
    assert casey_api.post(pathways(cast.casey), {"pathway": "smart"}).status_code == 404
    assert Client.objects.get(pk=cast.casey.pk).pathways == ["12-step"]


# --- Moving a stage --------------------------------------------------------------------------


def test_advocate_moves_a_stage_with_a_guidance_note(cast, api_as):
    response = api_as(cast.ana).post(
        stage(cast.casey), {"to_state": "introduced", "note": "Read it slowly."}
    )
    assert response.status_code == 201
    body = response.json()
    move = StageMove.objects.get()
    assert body == {
        "id": str(move.public_id),
        "from_state": "not_started",
        "to_state": "introduced",
        "moved_at": body["moved_at"],
        "moved_by": {"id": str(cast.ana.public_id), "name": "Ana Advocate"},
        "note": "Read it slowly.",
    }
    assert (move.client, move.pathway, move.stage, move.note) == (
        cast.casey,
        "12-step",
        "step-1",
        "Read it slowly.",
    )
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.CREATE, "pathway_progress")


def test_a_stage_of_an_own_pathway_moves_by_its_id(cast, api_as):
    own = add_own_stage(cast.ana, cast.casey, "Walk every morning")
    url = stage(cast.casey, "other", str(own.public_id))
    response = api_as(cast.ana).post(url, {"to_state": "introduced"})
    assert response.status_code == 201
    assert StageMove.objects.get().stage == str(own.public_id)


def test_the_note_is_optional(cast, api_as):
    response = api_as(cast.ana).post(stage(cast.casey), {"to_state": "introduced"})
    assert response.status_code == 201
    assert response.json()["note"] == ""


def _riley_own_stage(cast) -> str:
    return str(add_own_stage(cast.ben, cast.riley, "Someone else's stage").public_id)


BAD_MOVES = {
    "skipping_a_state": ("12-step", "step-1", {"to_state": "completed"}, ["body", "to_state"]),
    "back_to_not_started": ("12-step", "step-1", {"to_state": "not_started"}, ["body", "to_state"]),
    "unknown_state": ("12-step", "step-1", {"to_state": "finished"}, ["body", "to_state"]),
    "missing_state": ("12-step", "step-1", {}, ["body", "to_state"]),
    "long_note": (
        "12-step",
        "step-1",
        {"to_state": "introduced", "note": "x" * 4001},
        ["body", "note"],
    ),
    "null_character": (
        "12-step",
        "step-1",
        {"to_state": "introduced", "note": "a\x00b"},
        ["body", "note"],
    ),
    "not_followed": ("smart", "point-1", {"to_state": "introduced"}, ["path", "pathway"]),
    "unknown_pathway": ("tarot", "step-1", {"to_state": "introduced"}, ["path", "pathway"]),
    "unknown_stage": ("12-step", "step-13", {"to_state": "introduced"}, ["path", "stage"]),
}


@pytest.mark.parametrize(("pathway", "key", "body", "loc"), BAD_MOVES.values(), ids=BAD_MOVES)
def test_bad_move_is_422_and_saves_nothing(cast, api_as, pathway, key, body, loc):
    response = api_as(cast.ana).post(stage(cast.casey, pathway, key), body)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [loc]
    assert StageMove.objects.count() == 0
    assert not AccessEvent.objects.exists()


def test_another_clients_own_stage_cannot_be_moved(cast, api_as):
    cast.casey.pathways = ["12-step", "other"]
    cast.casey.save()
    key = _riley_own_stage(cast)
    response = api_as(cast.ana).post(stage(cast.casey, "other", key), {"to_state": "introduced"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "stage"]
    assert StageMove.objects.count() == 0
    assert OwnStage.objects.count() == 1


@pytest.mark.parametrize("who", ["cleo", "dana"])
def test_staff_without_record_cannot_move_a_stage(cast, api_as, who):
    response = api_as(getattr(cast, who)).post(stage(cast.casey), {"to_state": "introduced"})
    assert response.status_code == 403
    assert StageMove.objects.count() == 0


@pytest.mark.parametrize("target", ["riley", "quinn"])
def test_moving_a_stage_outside_ones_scope_is_404(cast, api_as, target):
    response = api_as(cast.ana).post(stage(getattr(cast, target)), {"to_state": "introduced"})
    assert response.status_code == 404
    assert StageMove.objects.count() == 0


def test_client_cannot_move_their_own_stages(cast, casey_api):
    assert casey_api.post(stage(cast.casey), {"to_state": "introduced"}).status_code == 404
    assert StageMove.objects.count() == 0
