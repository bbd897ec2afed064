"""POST /api/v1/clients: admitting a client through clients.services.admit()."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action
from alongside.clients.models import Client


def admission(cast: Any, **changes: Any) -> dict[str, Any]:
    body = {
        "program": str(cast.residential.public_id),
        "preferred_name": "Morgan",
        "level_of_care": "residential",
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def test_supervisor_admits_a_client(cast, api_as):
    response = api_as(cast.sam).post("/clients", admission(cast, pronouns="they/them"))
    assert response.status_code == 201
    body = response.json()
    client = Client.objects.get(public_id=body["id"])
    assert client.preferred_name == "Morgan"
    assert body["pronouns"] == "they/them"
    assert body["program"] == "Residential"
    assert body["time_zone"] == "America/Chicago"
    assert [e["level_of_care"] for e in body["episodes"]] == ["residential"]


def test_admission_with_an_advocate_assigns_them(cast, api_as):
    body = api_as(cast.sam).post("/clients", admission(cast, advocate=str(cast.ana.public_id)))
    assert body.json()["advocates"] == [{"id": str(cast.ana.public_id), "name": "Ana Advocate"}]


def test_admission_keeps_the_given_details(cast, api_as):
    admitted = (timezone.now() - timedelta(days=2)).isoformat()
    response = api_as(cast.dana).post(
        "/clients",
        admission(
            cast,
            admitted_at=admitted,
            date_of_birth="1990-04-01",
            time_zone="America/Denver",
            language="es",
            pathways=["smart", "medication"],
            email="morgan@example.org",
        ),
    )
    body = response.json()
    assert response.status_code == 201
    assert body["date_of_birth"] == "1990-04-01"
    assert body["time_zone"] == "America/Denver"
    assert body["language"] == "es"
    assert body["pathways"] == ["smart", "medication"]
    assert Client.objects.get(public_id=body["id"]).email == "morgan@example.org"


def test_admission_writes_audit_rows_for_client_episode_and_assignment(cast, api_as):
    body = api_as(cast.sam).post("/clients", admission(cast, advocate=str(cast.ana.public_id)))
    events = AccessEvent.objects.filter(client_public_id=body.json()["id"])
    assert sorted((e.action, e.object_type) for e in events) == [
        (Action.CREATE, "assignment"),
        (Action.CREATE, "client"),
        (Action.CREATE, "episode"),
    ]


def _future() -> str:
    return (timezone.now() + timedelta(days=1)).isoformat()


BAD_ADMISSIONS = {
    "missing_preferred_name": ({"preferred_name": None}, "preferred_name"),
    "blank_preferred_name": ({"preferred_name": "   "}, "preferred_name"),
    "unknown_level_of_care": ({"level_of_care": "spa"}, "level_of_care"),
    "admitted_in_the_future": ({"admitted_at": _future}, "admitted_at"),
    "admitted_at_without_zone": ({"admitted_at": "2024-01-01T09:00:00"}, "admitted_at"),
    "unknown_pathway": ({"pathways": ["astrology"]}, "pathways"),
    "unknown_time_zone": ({"time_zone": "Mars/Olympus"}, "time_zone"),
    "malformed_email": ({"email": "not-an-address"}, "email"),
    "program_not_a_uuid": ({"program": "1"}, "program"),
}


@pytest.mark.parametrize(("changes", "field"), BAD_ADMISSIONS.values(), ids=BAD_ADMISSIONS.keys())
def test_bad_admission_is_422_on_the_field_and_saves_nothing(cast, api_as, changes, field):
    changes = {k: v() if callable(v) else v for k, v in changes.items()}
    clients_before = Client.objects.count()
    response = api_as(cast.sam).post("/clients", admission(cast, **changes))
    assert response.status_code == 422
    assert [e["loc"][:2] for e in response.json()["detail"]] == [["body", field]]
    assert Client.objects.count() == clients_before
    assert not AccessEvent.objects.exists()


def test_program_of_another_organization_is_422_on_program_and_saves_nothing(cast, api_as):
    clients_before = Client.objects.count()
    response = api_as(cast.sam).post(
        "/clients", admission(cast, program=str(cast.other_program.public_id))
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "program"],
                "msg": "Choose a program you can admit into.",
                "type": "value_error",
            }
        ]
    }
    assert Client.objects.count() == clients_before


def test_advocate_the_caller_cannot_assign_is_422_on_advocate_and_saves_nothing(cast, api_as):
    clients_before = Client.objects.count()
    response = api_as(cast.sam).post(
        "/clients", admission(cast, advocate=str(cast.oscar.public_id))
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "advocate"]
    assert Client.objects.count() == clients_before


def test_service_errors_have_the_same_shape_as_schema_errors(cast, api_as):
    response = api_as(cast.sam).post("/clients", admission(cast, preferred_name=" "))
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "preferred_name"],
                "msg": "Enter the name the person would like to be called.",
                "type": "value_error",
            }
        ]
    }


def test_errors_do_not_echo_what_was_sent(cast, api_as):
    response = api_as(cast.sam).post(
        "/clients", admission(cast, preferred_name="Morgan Secret " * 20, email="morgan@@x")
    )
    assert response.status_code == 422
    assert b"Morgan" not in response.content
    assert b"morgan@@x" not in response.content


def test_advocate_cannot_admit_and_nothing_is_saved(cast, api_as):
    clients_before = Client.objects.count()
    response = api_as(cast.ana).post("/clients", admission(cast))
    assert response.status_code == 403
    assert response.json() == {"detail": "Not allowed."}
    assert Client.objects.count() == clients_before
    assert not AccessEvent.objects.exists()


def test_clinician_cannot_admit(cast, api_as):
    assert api_as(cast.cleo).post("/clients", admission(cast)).status_code == 403


def test_admission_needs_authentication(cast, anonymous):
    clients_before = Client.objects.count()
    assert anonymous.post("/clients", admission(cast)).status_code == 401
    assert Client.objects.count() == clients_before


def test_unparseable_body_is_400_with_a_json_detail(cast, api_as):
    response = api_as(cast.sam).post("/clients", "{not json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}
