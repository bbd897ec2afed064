"""/api/v1/clients/{id}/encounters: logging support contacts and reading the timeline."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action
from alongside.support.models import Encounter
from alongside.testing.personas import make_encounter


def url(client: Any) -> str:
    return f"/clients/{client.public_id}/encounters"


def test_advocate_logs_an_encounter(cast, api_as):
    occurred = timezone.now() - timedelta(hours=2)
    response = api_as(cast.ana).post(
        url(cast.casey),
        {
            "kind": "one-on-one",
            "occurred_at": occurred.isoformat(),
            "minutes": 45,
            "location": "Day room",
            "topics": ["housing", "goals"],
            "note": "Went over the housing list.",
            "follow_up_on": "2030-01-15",
        },
    )
    assert response.status_code == 201
    body = response.json()
    encounter = Encounter.objects.get(public_id=body["id"])
    assert encounter.client == cast.casey
    assert encounter.occurred_at == occurred
    assert body == {
        "id": str(encounter.public_id),
        "kind": "one-on-one",
        "occurred_at": body["occurred_at"],
        "minutes": 45,
        "location": "Day room",
        "topics": ["housing", "goals"],
        "note": "Went over the housing list.",
        "follow_up_on": "2030-01-15",
        "advocate": {"id": str(cast.ana.public_id), "name": "Ana Advocate"},
    }


def test_encounter_without_a_time_happened_now(cast, api_as):
    before = timezone.now()
    body = api_as(cast.ana).post(url(cast.casey), {"kind": "phone"}).json()
    assert Encounter.objects.get(public_id=body["id"]).occurred_at >= before


def test_logging_an_encounter_writes_a_create_audit_row(cast, api_as):
    body = api_as(cast.ana).post(url(cast.casey), {"kind": "phone"}).json()
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.CREATE, "encounter")
    assert event.object_public_id == body["id"]


def _future() -> str:
    return (timezone.now() + timedelta(hours=1)).isoformat()


BAD_ENCOUNTERS = {
    "unknown_kind": ({"kind": "seance"}, "kind"),
    "missing_kind": ({"kind": None}, "kind"),
    "zero_minutes": ({"minutes": 0}, "minutes"),
    "more_minutes_than_a_day": ({"minutes": 1441}, "minutes"),
    "occurred_in_the_future": ({"occurred_at": _future}, "occurred_at"),
    "unknown_topic": ({"topics": ["weather"]}, "topics"),
}


@pytest.mark.parametrize(("changes", "field"), BAD_ENCOUNTERS.values(), ids=BAD_ENCOUNTERS.keys())
def test_bad_encounter_is_422_on_the_field_and_saves_nothing(cast, api_as, changes, field):
    body = {"kind": "phone", "minutes": 10}
    body.update({k: v() if callable(v) else v for k, v in changes.items()})
    body = {k: v for k, v in body.items() if v is not None}
    response = api_as(cast.ana).post(url(cast.casey), body)
    assert response.status_code == 422
    assert [e["loc"][:2] for e in response.json()["detail"]] == [["body", field]]
    assert not Encounter.objects.exists()
    assert not AccessEvent.objects.exists()


def test_clinician_cannot_log_an_encounter_and_nothing_is_saved(cast, api_as):
    response = api_as(cast.cleo).post(url(cast.casey), {"kind": "phone"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Not allowed."}
    assert not Encounter.objects.exists()


def test_encounter_for_a_client_outside_the_caseload_is_404_and_saves_nothing(cast, api_as):
    response = api_as(cast.ana).post(url(cast.riley), {"kind": "phone"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not Encounter.objects.exists()


def test_encounter_for_a_client_of_another_organization_is_404(cast, api_as):
    response = api_as(cast.ana).post(url(cast.quinn), {"kind": "phone"})
    assert response.status_code == 404
    assert not Encounter.objects.exists()


def test_encounter_for_an_unknown_client_is_404(cast, api_as):
    response = api_as(cast.ana).post(f"/clients/{uuid.uuid4()}/encounters", {"kind": "phone"})
    assert response.status_code == 404


def test_encounters_are_listed_newest_first(cast, api_as):
    now = timezone.now()
    older = make_encounter(cast.casey, cast.ana, when=now - timedelta(days=3))
    newer = make_encounter(cast.casey, cast.ana, when=now - timedelta(days=1))
    body = api_as(cast.ana).get(url(cast.casey)).json()
    assert [e["id"] for e in body["items"]] == [str(newer.public_id), str(older.public_id)]
    assert body["count"] == 2


def test_encounter_list_pages_like_every_list(cast, api_as):
    now = timezone.now()
    for days in range(1, 6):
        make_encounter(cast.casey, cast.ana, when=now - timedelta(days=days))
    body = api_as(cast.ana).get(url(cast.casey), limit=2, offset=4).json()
    assert len(body["items"]) == 1
    assert body["count"] == 5


def test_encounter_list_rejects_a_bad_limit(cast, api_as):
    response = api_as(cast.ana).get(url(cast.casey), limit=500)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_advocate_reads_encounter_notes(cast, api_as):
    make_encounter(cast.casey, cast.ana, note="Talked about the weekend.")
    [item] = api_as(cast.ana).get(url(cast.casey)).json()["items"]
    assert item["note"] == "Talked about the weekend."


def test_clinician_sees_encounters_without_their_notes(cast, api_as):
    make_encounter(cast.casey, cast.ana, note="Talked about the weekend.")
    response = api_as(cast.cleo).get(url(cast.casey))
    [item] = response.json()["items"]
    assert item["note"] is None
    assert item["kind"] == "one-on-one"
    assert b"weekend" not in response.content


def test_reading_encounters_audits_one_view_of_the_client(cast, api_as):
    make_encounter(cast.casey, cast.ana)
    make_encounter(cast.casey, cast.ana)
    api_as(cast.ana).get(url(cast.casey))
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.VIEW, "encounter_list")
    assert event.client_public_id == cast.casey.public_id


def test_encounters_of_a_client_outside_the_caseload_are_404(cast, api_as):
    make_encounter(cast.riley, cast.ben)
    response = api_as(cast.ana).get(url(cast.riley))
    assert response.status_code == 404
    assert not AccessEvent.objects.exists()


def test_encounter_list_query_count_does_not_grow_with_history(cast, api_as):
    api = api_as(cast.ana)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get(url(cast.casey))
        assert response.status_code == 200
        return len(captured.captured_queries)

    make_encounter(cast.casey, cast.ana)
    api.get(url(cast.casey))  # the first audit write creates the chain head
    small = queries_for_list()
    for days in range(1, 80):
        make_encounter(cast.casey, cast.ben, when=timezone.now() - timedelta(days=days))
    large = queries_for_list()
    assert large == small
