"""/api/v1/groups, /groups/{id}/sessions and /sessions/{id}/attendance."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from alongside.accounts.models import ApiToken
from alongside.api.tests.verbs import put
from alongside.audit.models import AccessEvent, Action
from alongside.groups.models import Attendance, Group, Topic
from alongside.groups.tests.conftest import enrol, make_clients, make_group, make_session
from alongside.support.models import Encounter, EncounterKind
from alongside.testing.personas import give_portal_account, login
from alongside.testing.querycount import count_queries


def sessions(group: Any) -> str:
    return f"/groups/{group.public_id}/sessions"


def attendance(session: Any) -> str:
    return f"/sessions/{session.public_id}/attendance"


def marks(clients: list[Any], status: str = "present", note: str = "") -> list[dict[str, Any]]:
    return [{"client_id": str(c.public_id), "status": status, "note": note} for c in clients]


def _rows() -> tuple[int, int]:
    return Attendance.objects.count(), Encounter.objects.count()


@pytest.fixture
def group(cast):
    group = make_group(cast)
    enrol(group, cast.casey)
    return group


@pytest.fixture
def session(group):
    return make_session(group)


@pytest.fixture
def twelve(cast, group):
    clients = make_clients(cast, 12)
    enrol(group, *clients)
    group.roster.filter(client=cast.casey).delete()
    return clients


def _riverbend_group(cast):
    group = Group.objects.create(
        organization=cast.other_org,
        program=cast.other_program,
        name="Riverbend open share",
        topic=Topic.OPEN_SHARE,
        capacity=10,
    )
    group.facilitators.add(cast.oscar)
    return group


# --- Groups ----------------------------------------------------------------------------------


def test_facilitator_lists_their_groups(cast, api_as, group):
    make_group(cast, facilitator=cast.ben)
    response = api_as(cast.ana).get("/groups")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item == {
        "id": str(group.public_id),
        "name": "Evening step study",
        "program": {"id": str(cast.residential.public_id), "name": "Residential"},
        "topic": "step-study",
        "capacity": 20,
        "location": "Room 2",
        "video_link": "",
        "facilitators": [{"id": str(cast.ana.public_id), "name": "Ana Advocate"}],
        "facilitating": True,
        "roster_count": 1,
    }


def test_supervisor_sees_every_group_of_the_organization_and_no_other(cast, api_as, group):
    bens = make_group(cast, facilitator=cast.ben)
    _riverbend_group(cast)
    body = api_as(cast.sam).get("/groups").json()
    assert {item["id"] for item in body["items"]} == {str(group.public_id), str(bens.public_id)}
    assert all(item["facilitating"] is False for item in body["items"])


@pytest.mark.parametrize("who", ["cleo", "alex", "oscar"])
def test_others_see_none_of_the_organizations_groups(cast, api_as, group, who):
    body = api_as(getattr(cast, who)).get("/groups").json()
    assert str(group.public_id) not in {item["id"] for item in body["items"]}


def test_a_clients_token_lists_no_groups(cast, bearer, group):
    _, raw = ApiToken.issue(give_portal_account(cast.casey, "casey@portal.test"))
    assert bearer(raw).get("/groups").json() == {"items": [], "count": 0}


def test_groups_page_like_every_list(cast, api_as, group):
    make_group(cast)
    body = api_as(cast.ana).get("/groups", limit=1, offset=1).json()
    assert (len(body["items"]), body["count"]) == (1, 2)
    assert api_as(cast.ana).get("/groups", limit=0).status_code == 422


def test_groups_need_authentication(anonymous):
    assert anonymous.get("/groups").status_code == 401


# --- Sessions --------------------------------------------------------------------------------


def test_sessions_are_listed_earliest_first_and_paged(cast, api_as, group):
    late = make_session(group, starts_in=timedelta(days=2))
    early = make_session(group, starts_in=timedelta(days=-2))
    middle = make_session(group, starts_in=timedelta(hours=1))
    body = api_as(cast.ana).get(sessions(group), limit=2).json()
    assert body["count"] == 3
    assert [s["id"] for s in body["items"]] == [str(early.public_id), str(middle.public_id)]
    assert body["items"][0] == {
        "id": str(early.public_id),
        "group_id": str(group.public_id),
        "starts_at": body["items"][0]["starts_at"],
        "ends_at": body["items"][0]["ends_at"],
        "minutes": 60,
        "cancelled": False,
    }
    since = (timezone.now() + timedelta(days=1)).isoformat()
    body = api_as(cast.ana).get(sessions(group), since=since).json()
    assert [s["id"] for s in body["items"]] == [str(late.public_id)]


def test_sessions_since_needs_an_offset(cast, api_as, group):
    response = api_as(cast.ana).get(sessions(group), since="2026-11-26T10:00:00")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "since"]


def test_supervisor_lists_the_sessions_of_a_group_they_oversee(cast, api_as, group, session):
    assert api_as(cast.sam).get(sessions(group)).json()["count"] == 1


@pytest.mark.parametrize("who", ["ben", "cleo", "alex", "oscar"])
def test_sessions_of_a_group_one_does_not_see_are_404(cast, api_as, group, session, who):
    response = api_as(getattr(cast, who)).get(sessions(group))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_sessions_of_another_organizations_group_are_404(cast, api_as):
    theirs = _riverbend_group(cast)
    make_session(theirs)
    assert api_as(cast.sam).get(sessions(theirs)).status_code == 404


def test_sessions_of_an_unknown_group_are_404(cast, api_as):
    assert api_as(cast.ana).get(f"/groups/{uuid.uuid4()}/sessions").status_code == 404


# --- Attendance ------------------------------------------------------------------------------


def test_facilitator_reads_attendance_and_it_is_audited(cast, api_as, group, session):
    response = api_as(cast.ana).get(attendance(session))
    assert response.status_code == 200
    body = response.json()
    assert body["session"]["id"] == str(session.public_id)
    assert body["note"] == ""
    assert body["rows"] == [
        {
            "client": {"id": str(cast.casey.public_id), "name": "Casey"},
            "status": None,
            "note": "",
        }
    ]
    assert body["hidden"] == 0
    [event] = AccessEvent.objects.all()
    assert (event.action, event.client_id) == (Action.VIEW, cast.casey.pk)


def test_attendance_shows_only_clients_the_facilitator_may_record_for(cast, api_as, group):
    enrol(group, cast.riley)
    session = make_session(group)
    body = api_as(cast.ana).get(attendance(session)).json()
    assert [row["client"]["name"] for row in body["rows"]] == ["Casey"]
    assert body["hidden"] == 1


def test_attendance_for_twelve_creates_twelve_group_encounters_and_no_duplicates(
    cast, api_as, group, twelve
):
    session = make_session(group)
    api = api_as(cast.ana)
    first = put(api, attendance(session), {"note": "Read chapter 5.", "marks": marks(twelve)})
    assert first.status_code == 200
    assert Encounter.objects.filter(kind=EncounterKind.GROUP).count() == 12
    again = put(api, attendance(session), {"note": "Final note.", "marks": marks(twelve)})
    assert again.status_code == 200
    encounters = Encounter.objects.filter(client__in=twelve)
    assert encounters.count() == 12
    assert all("Final note." in e.note and "chapter 5" not in e.note for e in encounters)
    assert Attendance.objects.filter(session=session).count() == 12
    body = again.json()
    assert body["note"] == "Final note."
    assert {row["status"] for row in body["rows"]} == {"present"}
    created = AccessEvent.objects.filter(action=Action.CREATE, object_type="encounter")
    assert created.count() == 12


def test_excused_makes_no_encounter_and_changing_to_absent_removes_it(cast, api_as, session):
    api = api_as(cast.ana)
    put(api, attendance(session), {"marks": marks([cast.casey], "late", "Came from work.")})
    encounter = Encounter.objects.get(client=cast.casey)
    assert "Came from work." in encounter.note
    put(api, attendance(session), {"marks": marks([cast.casey], "absent")})
    assert not Encounter.objects.filter(client=cast.casey).exists()
    assert Attendance.objects.get(session=session).status == "absent"


def _other_session(cast):
    return make_session(_riverbend_group(cast))


BAD_ATTENDANCE = {
    "unknown_status": (
        lambda cast: {"marks": marks([cast.casey], "asleep")},
        ["body", "marks", 0, "status"],
    ),
    "long_person_note": (
        lambda cast: {"marks": marks([cast.casey], note="x" * 201)},
        ["body", "marks", 0, "note"],
    ),
    "long_group_note": (
        lambda cast: {"note": "x" * 4001, "marks": marks([cast.casey])},
        ["body", "note"],
    ),
    "not_on_roster": (
        lambda cast: {"marks": marks([cast.jordan])},
        ["body", "marks", 0, "client_id"],
    ),
    "roster_member_one_may_not_record_for": (
        lambda cast: {"marks": marks([cast.riley])},
        ["body", "marks", 0, "client_id"],
    ),
    "unknown_client": (
        lambda cast: {"marks": [{"client_id": str(uuid.uuid4()), "status": "present"}]},
        ["body", "marks", 0, "client_id"],
    ),
    "listed_twice": (
        lambda cast: {"marks": marks([cast.casey, cast.casey])},
        ["body", "marks", 1, "client_id"],
    ),
    "missing_marks": (lambda cast: {"note": "x"}, ["body", "marks"]),
    "not_a_uuid": (
        lambda cast: {"marks": [{"client_id": "42", "status": "present"}]},
        ["body", "marks", 0, "client_id"],
    ),
}


@pytest.mark.parametrize(("make_body", "loc"), BAD_ATTENDANCE.values(), ids=BAD_ATTENDANCE)
def test_bad_attendance_is_422_and_saves_nothing(cast, api_as, group, session, make_body, loc):
    enrol(group, cast.riley)
    response = put(api_as(cast.ana), attendance(session), make_body(cast))
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [loc]
    assert _rows() == (0, 0)
    session.refresh_from_db()
    assert session.note == ""
    assert not AccessEvent.objects.exists()


def test_attendance_before_the_session_starts_is_422(cast, api_as, group):
    later = make_session(group, starts_in=timedelta(days=1))
    response = put(
        api_as(cast.ana), attendance(later), {"note": "Hi", "marks": marks([cast.casey])}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body"],
            "msg": "Attendance can be taken once the session has started.",
            "type": "value_error",
        }
    ]
    assert _rows() == (0, 0)
    later.refresh_from_db()
    assert later.note == ""


def test_supervisor_who_does_not_facilitate_is_refused(cast, api_as, session):
    api = api_as(cast.sam)
    assert api.get(attendance(session)).status_code == 403
    assert put(api, attendance(session), {"marks": marks([cast.casey])}).status_code == 403
    assert _rows() == (0, 0)


@pytest.mark.parametrize("who", ["ben", "cleo", "alex", "oscar"])
def test_attendance_of_a_group_one_does_not_see_is_404(cast, api_as, session, who):
    api = api_as(getattr(cast, who))
    assert api.get(attendance(session)).status_code == 404
    assert put(api, attendance(session), {"marks": marks([cast.casey])}).status_code == 404
    assert _rows() == (0, 0)


def test_attendance_of_another_organizations_session_is_404(cast, api_as):
    theirs = _other_session(cast)
    enrol(theirs.group, cast.quinn)
    response = put(api_as(cast.sam), attendance(theirs), {"marks": marks([cast.quinn])})
    assert response.status_code == 404
    assert api_as(cast.ana).get(attendance(theirs)).status_code == 404
    assert _rows() == (0, 0)


def test_attendance_query_count_does_not_grow_with_the_roster(cast, client, group):
    session = make_session(group)
    login(client, cast.ana)
    url = f"/api/v1{attendance(session)}"
    count_queries(client, url)
    few = count_queries(client, url)
    enrol(group, *make_clients(cast, 8))
    assert count_queries(client, url) == few


def test_attendance_of_a_cancelled_session_is_422(cast, api_as, session):
    session.cancelled = True
    session.save()
    response = put(api_as(cast.ana), attendance(session), {"marks": marks([cast.casey])})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "This session was cancelled."
    assert _rows() == (0, 0)


def test_a_clients_token_reaches_no_attendance(cast, bearer, session):
    _, raw = ApiToken.issue(give_portal_account(cast.casey, "casey@portal.test"))
    api = bearer(raw)
    assert api.get(attendance(session)).status_code == 404
    assert put(api, attendance(session), {"marks": marks([cast.casey])}).status_code == 404
    assert api.get(sessions(session.group)).status_code == 404
    assert _rows() == (0, 0)
