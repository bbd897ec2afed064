"""/api/v1/checkins and /api/v1/clients/{id}/checkins: recording and reading check-ins."""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from alongside.accounts.models import ApiToken
from alongside.api.tests.payloads import integers_in
from alongside.audit.models import AccessEvent, Action
from alongside.checkins.models import CheckIn, Source
from alongside.checkins.wording import AFTER_USE_CLIENT, AFTER_USE_STAFF
from alongside.testing.personas import give_portal_account, login, make_checkin, noon_days_ago
from alongside.testing.querycount import count_queries

CHECKINS = "/checkins"


def listing(client: Any) -> str:
    return f"/clients/{client.public_id}/checkins"


@pytest.fixture
def casey_api(cast, bearer):
    """Casey, calling with a token of their own portal account."""
    _, raw = ApiToken.issue(give_portal_account(cast.casey, "casey@portal.test"))
    return bearer(raw)


def for_casey(cast: Any, **fields: Any) -> dict[str, Any]:
    return {"client_id": str(cast.casey.public_id), "mood": 4, "craving": 2, **fields}


# --- Recording as staff ------------------------------------------------------------------


def test_advocate_records_a_check_in_for_a_client(cast, api_as):
    response = api_as(cast.ana).post(
        CHECKINS,
        for_casey(
            cast,
            sleep_quality="good",
            sleep_hours=7.5,
            went_well="Went to a meeting.",
            wants_contact=True,
        ),
    )
    assert response.status_code == 201
    body = response.json()
    row = CheckIn.objects.get(public_id=body["id"])
    assert row.client == cast.casey
    assert (row.source, row.recorded_by) == (Source.API, cast.ana)
    assert body == {
        "id": str(row.public_id),
        "client_id": str(cast.casey.public_id),
        "local_date": row.local_date.isoformat(),
        "occurred_at": body["occurred_at"],
        "mood": 4,
        "mood_label": "Good",
        "craving": 2,
        "used_since_last": False,
        "substance": "",
        "sleep_hours": 7.5,
        "sleep_quality": "good",
        "went_well": "Went to a meeting.",
        "wants_contact": True,
        "safety_concern": False,
        "overdose": False,
        "source": "api",
        "recorded_by": {"id": str(cast.ana.public_id), "name": "Ana Advocate"},
        "follow_up": None,
        "crisis": None,
    }
    assert integers_in(body) == [4, 2]


def test_only_mood_and_craving_are_needed(cast, api_as):
    response = api_as(cast.ana).post(CHECKINS, for_casey(cast))
    assert response.status_code == 201
    row = CheckIn.objects.get()
    assert (row.sleep_hours, row.sleep_quality, row.went_well) == (None, "", "")


def test_bearer_token_of_an_advocate_records_too(cast, bearer):
    _, raw = ApiToken.issue(cast.ana)
    assert bearer(raw).post(CHECKINS, for_casey(cast)).status_code == 201
    assert CheckIn.objects.get().recorded_by == cast.ana


def test_check_in_keeps_the_time_it_was_given(cast, api_as):
    when = timezone.now() - timedelta(days=2)
    body = api_as(cast.ana).post(CHECKINS, for_casey(cast, occurred_at=when.isoformat())).json()
    row = CheckIn.objects.get(public_id=body["id"])
    assert row.occurred_at == when
    assert (
        body["local_date"]
        == timezone.localdate(when, zoneinfo.ZoneInfo(cast.casey.time_zone)).isoformat()
    )


def test_staff_get_staff_words_after_reported_use(cast, api_as):
    body = api_as(cast.ana).post(CHECKINS, for_casey(cast, used_since_last=True)).json()
    assert body["follow_up"] == AFTER_USE_STAFF


def test_second_check_in_the_same_day_updates_it(cast, api_as):
    api = api_as(cast.ana)
    first = api.post(CHECKINS, for_casey(cast, mood=1)).json()
    second = api.post(CHECKINS, for_casey(cast, mood=5)).json()
    assert second["id"] == first["id"]
    assert list(CheckIn.objects.values_list("mood", flat=True)) == [5]
    assert list(AccessEvent.objects.values_list("action", flat=True).order_by("sequence")) == [
        Action.CREATE,
        Action.UPDATE,
    ]


def test_recording_writes_a_create_audit_row(cast, api_as):
    body = api_as(cast.ana).post(CHECKINS, for_casey(cast)).json()
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.CREATE, "checkin")
    assert event.object_public_id == body["id"]


def test_staff_must_say_which_client(cast, api_as):
    response = api_as(cast.ana).post(CHECKINS, {"mood": 3, "craving": 1})
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "client_id"]]
    assert not CheckIn.objects.exists()


def test_client_outside_the_caseload_is_404_and_saves_nothing(cast, api_as):
    response = api_as(cast.ben).post(CHECKINS, for_casey(cast))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not CheckIn.objects.exists()


def test_client_of_another_organization_is_404(cast, api_as):
    response = api_as(cast.oscar).post(CHECKINS, for_casey(cast))
    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_unknown_client_is_404(cast, api_as):
    response = api_as(cast.ana).post(CHECKINS, for_casey(cast, client_id=str(uuid.uuid4())))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_staff_who_may_not_record_are_refused_and_nothing_is_saved(cast, api_as, persona):
    response = api_as(getattr(cast, persona)).post(CHECKINS, for_casey(cast))
    assert response.status_code == 403
    assert response.json() == {"detail": "Not allowed."}
    assert not CheckIn.objects.exists()


def test_recording_needs_credentials(cast, anonymous):
    response = anonymous.post(CHECKINS, for_casey(cast))
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}
    assert not CheckIn.objects.exists()


# --- Recording as the client ---------------------------------------------------------------


def test_client_records_their_own_check_in(cast, casey_api):
    response = casey_api.post(CHECKINS, {"mood": 2, "craving": 5})
    assert response.status_code == 201
    row = CheckIn.objects.get(public_id=response.json()["id"])
    assert row.client == cast.casey
    assert row.recorded_by == cast.casey.user
    assert row.source == Source.API


def test_client_may_name_themself(cast, casey_api):
    response = casey_api.post(CHECKINS, for_casey(cast))
    assert response.status_code == 201


def test_client_cannot_record_for_someone_else(cast, casey_api):
    response = casey_api.post(
        CHECKINS, {"client_id": str(cast.jordan.public_id), "mood": 2, "craving": 5}
    )
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "client_id"]]
    assert b"Jordan" not in response.content
    assert not CheckIn.objects.exists()


def test_client_naming_an_unknown_id_gets_the_same_answer(cast, casey_api):
    other = casey_api.post(
        CHECKINS, {"client_id": str(cast.jordan.public_id), "mood": 2, "craving": 5}
    )
    unknown = casey_api.post(CHECKINS, {"client_id": str(uuid.uuid4()), "mood": 2, "craving": 5})
    assert (unknown.status_code, unknown.json()) == (other.status_code, other.json())


def test_client_is_thanked_and_offered_a_call_after_reported_use(cast, casey_api):
    body = casey_api.post(CHECKINS, {"mood": 2, "craving": 6, "used_since_last": True}).json()
    assert body["follow_up"] == AFTER_USE_CLIENT


def test_client_gets_no_follow_up_without_reported_use(cast, casey_api):
    assert casey_api.post(CHECKINS, {"mood": 4, "craving": 1}).json()["follow_up"] is None


# --- Bad input -------------------------------------------------------------------------------


def _future() -> str:
    return (timezone.now() + timedelta(hours=1)).isoformat()


BAD_CHECKINS = {
    "missing_mood": ({"mood": None}, "mood"),
    "mood_0": ({"mood": 0}, "mood"),
    "mood_6": ({"mood": 6}, "mood"),
    "missing_craving": ({"craving": None}, "craving"),
    "craving_negative": ({"craving": -1}, "craving"),
    "craving_11": ({"craving": 11}, "craving"),
    "craving_text": ({"craving": "lots"}, "craving"),
    "unknown_sleep_quality": ({"sleep_quality": "great"}, "sleep_quality"),
    "sleep_over_a_day": ({"sleep_hours": 25}, "sleep_hours"),
    "sleep_negative": ({"sleep_hours": -2}, "sleep_hours"),
    "substance_without_use": ({"substance": "alcohol"}, "substance"),
    "substance_too_long": ({"used_since_last": True, "substance": "x" * 101}, "substance"),
    "went_well_too_long": ({"went_well": "x" * 2001}, "went_well"),
    "in_the_future": ({"occurred_at": _future}, "occurred_at"),
    "without_a_zone": ({"occurred_at": "2025-01-01T09:00:00"}, "occurred_at"),
    "client_id_not_a_uuid": ({"client_id": "casey"}, "client_id"),
}


@pytest.mark.parametrize(("changes", "field"), BAD_CHECKINS.values(), ids=BAD_CHECKINS.keys())
def test_bad_check_in_is_422_on_the_field_and_saves_nothing(cast, api_as, changes, field):
    body = for_casey(cast)
    body.update({k: v() if callable(v) else v for k, v in changes.items()})
    body = {k: v for k, v in body.items() if v is not None}
    response = api_as(cast.ana).post(CHECKINS, body)
    assert response.status_code == 422
    assert [e["loc"][:2] for e in response.json()["detail"]] == [["body", field]]
    assert not CheckIn.objects.exists()
    assert not AccessEvent.objects.exists()


def test_bad_check_in_from_a_client_saves_nothing(cast, casey_api):
    response = casey_api.post(CHECKINS, {"mood": 9, "craving": 2})
    assert response.status_code == 422
    assert not CheckIn.objects.exists()


def test_body_that_is_not_json_is_400(cast, api_as):
    api = api_as(cast.ana)
    response = api.client.post("/api/v1/checkins", "{", content_type="application/json")
    assert response.status_code == 400
    assert not CheckIn.objects.exists()


# --- Reading a client's check-ins -------------------------------------------------------------


def days_ago(n: int) -> Any:
    return noon_days_ago(n)


def test_check_ins_are_listed_newest_day_first(cast, api_as):
    older = make_checkin(cast.casey, occurred_at=days_ago(3))
    newer = make_checkin(cast.casey, occurred_at=days_ago(1), recorded_by=cast.ana)
    make_checkin(cast.jordan, occurred_at=days_ago(1))
    body = api_as(cast.ana).get(listing(cast.casey)).json()
    assert [c["id"] for c in body["items"]] == [str(newer.public_id), str(older.public_id)]
    assert body["count"] == 2
    assert body["items"][0]["recorded_by"] == {
        "id": str(cast.ana.public_id),
        "name": "Ana Advocate",
    }
    assert body["items"][1]["recorded_by"] is None


def test_check_in_list_pages_like_every_list(cast, api_as):
    for n in range(1, 6):
        make_checkin(cast.casey, occurred_at=days_ago(n), craving=n)
    body = api_as(cast.ana).get(listing(cast.casey), limit=2, offset=2).json()
    assert [c["craving"] for c in body["items"]] == [3, 4]
    assert body["count"] == 5


def test_check_in_list_rejects_a_bad_limit(cast, api_as):
    response = api_as(cast.ana).get(listing(cast.casey), limit=0)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_reading_check_ins_audits_one_view_of_the_client(cast, api_as):
    make_checkin(cast.casey, occurred_at=days_ago(1))
    make_checkin(cast.casey, occurred_at=days_ago(2))
    api_as(cast.ana).get(listing(cast.casey))
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.VIEW, "checkin_list")
    assert event.client_public_id == cast.casey.public_id


def test_advocate_reads_the_free_text(cast, api_as):
    make_checkin(cast.casey, went_well="Cooked dinner.", used_since_last=True, substance="pills")
    [item] = api_as(cast.ana).get(listing(cast.casey)).json()["items"]
    assert (item["went_well"], item["substance"]) == ("Cooked dinner.", "pills")


def test_clinician_reads_scores_without_the_free_text(cast, api_as):
    make_checkin(cast.casey, went_well="Cooked dinner.", used_since_last=True, substance="pills")
    response = api_as(cast.cleo).get(listing(cast.casey))
    [item] = response.json()["items"]
    assert (item["went_well"], item["substance"]) == (None, None)
    assert item["used_since_last"] is True
    assert b"Cooked dinner." not in response.content and b"pills" not in response.content


def test_check_ins_of_a_client_outside_the_caseload_are_404(cast, api_as):
    make_checkin(cast.riley)
    response = api_as(cast.ana).get(listing(cast.riley))
    assert response.status_code == 404
    assert not AccessEvent.objects.exists()


def test_check_ins_of_an_unknown_client_are_404(cast, api_as):
    assert api_as(cast.ana).get(f"/clients/{uuid.uuid4()}/checkins").status_code == 404


def test_reading_check_ins_needs_credentials(cast, anonymous):
    assert anonymous.get(listing(cast.casey)).status_code == 401


def test_client_reads_their_own_check_ins(cast, casey_api):
    make_checkin(cast.casey, went_well="Cooked dinner.")
    response = casey_api.get(listing(cast.casey))
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["went_well"] == "Cooked dinner."
    event = AccessEvent.objects.get()
    assert (event.user_id, event.object_type) == (cast.casey.user_id, "checkin_list")


def test_client_cannot_read_someone_elses_check_ins(cast, casey_api):
    make_checkin(cast.jordan)
    response = casey_api.get(listing(cast.jordan))
    assert response.status_code == 404
    assert not AccessEvent.objects.exists()


def test_check_in_list_query_count_does_not_grow_with_history(cast, client):
    login(client, cast.ana)
    url = "/api/v1" + listing(cast.casey)
    make_checkin(cast.casey, occurred_at=days_ago(1), recorded_by=cast.ana)
    client.get(url)  # the first audit write creates the chain head
    small = count_queries(client, url)
    for n in range(2, 80):
        make_checkin(cast.casey, occurred_at=days_ago(n), recorded_by=cast.ben)
    large = count_queries(client, url)
    assert large == small


def test_own_check_in_list_query_count_does_not_grow_with_history(cast, casey_api):
    make_checkin(cast.casey, occurred_at=days_ago(1))
    url = "/api/v1" + listing(cast.casey)
    headers = casey_api.headers
    casey_api.client.get(url, headers=headers)
    small = count_queries(casey_api.client, url, headers=headers)
    for n in range(2, 60):
        make_checkin(cast.casey, occurred_at=days_ago(n))
    assert count_queries(casey_api.client, url, headers=headers) == small
