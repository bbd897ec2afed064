"""GET /api/v1/clients/{id}: one client's record, or the same 404 for missing and not yours."""

from __future__ import annotations

import uuid

from alongside.api.tests.payloads import integers_in
from alongside.audit.models import AccessEvent, Action
from alongside.clients.services import transfer


def test_advocate_opens_a_client_on_their_caseload(cast, api_as):
    response = api_as(cast.ana).get(f"/clients/{cast.casey.public_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(cast.casey.public_id)
    assert body["preferred_name"] == "Casey"
    assert body["program"] == "Residential"
    assert body["time_zone"] == "America/Chicago"
    assert body["language"] == "en"
    assert body["pathways"] == ["12-step"]
    assert body["date_of_birth"] is None


def test_record_lists_episodes_with_their_program(cast, api_as):
    episode = cast.casey.episodes.get()
    body = api_as(cast.ana).get(f"/clients/{cast.casey.public_id}").json()
    assert body["episodes"] == [
        {
            "id": str(episode.public_id),
            "program": {"id": str(cast.residential.public_id), "name": "Residential"},
            "level_of_care": "residential",
            "admitted_at": body["episodes"][0]["admitted_at"],
            "discharged_at": None,
            "discharge_reason": None,
        }
    ]


def test_record_keeps_assignment_history_after_a_transfer(cast, api_as):
    transfer(cast.sam, cast.casey.assignments.get(), cast.ben)
    body = api_as(cast.sam).get(f"/clients/{cast.casey.public_id}").json()
    assert body["advocates"] == [{"id": str(cast.ben.public_id), "name": "Ben Advocate"}]
    assert [(a["advocate"]["name"], a["end_reason"]) for a in body["assignments"]] == [
        ("Ben Advocate", None),
        ("Ana Advocate", "transferred"),
    ]


def test_opening_a_client_writes_a_view_audit_row(cast, api_as):
    api_as(cast.ana).get(f"/clients/{cast.casey.public_id}")
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.VIEW, "client")
    assert event.client_public_id == cast.casey.public_id
    assert event.user_id == cast.ana.pk


def test_client_outside_the_caseload_is_404(cast, api_as):
    response = api_as(cast.ana).get(f"/clients/{cast.riley.public_id}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_client_of_another_organization_is_404(cast, api_as):
    response = api_as(cast.ana).get(f"/clients/{cast.quinn.public_id}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_unknown_client_id_is_the_same_404(cast, api_as):
    response = api_as(cast.ana).get(f"/clients/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_administrator_cannot_open_any_client(cast, api_as):
    assert api_as(cast.alex).get(f"/clients/{cast.casey.public_id}").status_code == 404


def test_refused_open_writes_no_audit_row(cast, api_as):
    api_as(cast.ana).get(f"/clients/{cast.riley.public_id}")
    assert not AccessEvent.objects.exists()


def test_integer_client_id_is_422_on_the_path(cast, api_as):
    response = api_as(cast.ana).get(f"/clients/{cast.casey.pk}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "id"]


def test_client_record_needs_authentication(cast, anonymous):
    response = anonymous.get(f"/clients/{cast.casey.public_id}")
    assert response.status_code == 401


def test_record_carries_no_integer_ids(cast, api_as):
    body = api_as(cast.ana).get(f"/clients/{cast.casey.public_id}").json()
    assert integers_in(body) == []


def test_malformed_client_id_error_does_not_repeat_the_input(cast, api_as):
    response = api_as(cast.ana).get("/clients/casey-private-name")
    assert response.status_code == 422
    assert "casey" not in response.content.decode().lower()
    assert response.json()["detail"][0]["msg"] == "Must be a UUID."
