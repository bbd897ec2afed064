"""/api/v1/clients/{id}/assessments and /api/v1/instruments."""

from __future__ import annotations

from typing import Any

from alongside.api.assessments import InstrumentKey
from alongside.assessments.catalog import INSTRUMENTS
from alongside.assessments.models import AssessmentResponse, Source
from alongside.assessments.services import record_assessment
from alongside.audit.models import AccessEvent, Action

PHQ9 = [0, 1, 0, 0, 2, 0, 0, 0, 0, None]  # nine items and the closing "how difficult"


def path(client_record: Any) -> str:
    return f"/clients/{client_record.public_id}/assessments"


def integers_in(value: Any) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [i for v in value.values() for i in integers_in(v)]
    if isinstance(value, list):
        return [i for v in value for i in integers_in(v)]
    return []


# --- POST -----------------------------------------------------------------------------------


def test_an_advocate_records_a_phq9_and_gets_the_score(cast, api_as):
    response = api_as(cast.ana).post(path(cast.casey), {"instrument": "phq9", "answers": PHQ9})
    assert response.status_code == 201
    body = response.json()
    saved = AssessmentResponse.objects.get(public_id=body["id"])
    assert (saved.client, saved.source, saved.created_by) == (cast.casey, Source.API, cast.ana)
    assert body["client_id"] == str(cast.casey.public_id)
    assert (body["instrument"], body["version"]) == ("phq9", 1)
    assert (body["total"], body["band"], body["band_label"], body["flags"]) == (
        3,
        "minimal",
        "Minimal",
        [],
    )
    assert body["answers"] == PHQ9
    assert body["explanation"].startswith("Your answers show few signs of low mood")
    assert body["recorded_by"] == {"id": str(cast.ana.public_id), "name": "Ana Advocate"}
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_type="assessmentresponse"
    ).exists()


def test_a_skipped_item_gives_no_total_and_names_it(cast, api_as):
    answers = [0, None, 0, 0, 0, 0, 0, 0, 1, None]
    body = (
        api_as(cast.ana).post(path(cast.casey), {"instrument": "phq9", "answers": answers}).json()
    )
    assert (body["total"], body["band"], body["band_label"]) == (None, None, None)
    assert body["missing"] == ["q2"]
    assert body["flags"] == ["safety"]


def test_audit_c_takes_sex(cast, api_as):
    body = (
        api_as(cast.ana)
        .post(path(cast.casey), {"instrument": "auditc", "answers": [2, 1, 0], "sex": "male"})
        .json()
    )
    assert (body["total"], body["band"], body["sex"]) == (3, "negative", "male")


def test_barc10_names_the_strongest_items(cast, api_as):
    answers = [4, 4, 6, 4, 4, 4, 4, 4, 4, 6]
    body = api_as(cast.ana).post(path(cast.casey), {"instrument": "barc10", "answers": answers})
    assert body.json()["strongest"] == ["q3", "q10"]


def test_a_client_token_records_its_own(cast, casey_account, token_api):
    api = token_api(casey_account)
    response = api.post(path(cast.casey), {"instrument": "phq2", "answers": [1, 1]})
    assert response.status_code == 201
    saved = AssessmentResponse.objects.get()
    assert (saved.client, saved.created_by, saved.source) == (cast.casey, casey_account, "api")


def test_a_client_token_cannot_record_or_read_anyone_else(cast, casey_account, token_api):
    api = token_api(casey_account)
    assert api.post(path(cast.jordan), {"instrument": "phq2", "answers": [1, 1]}).status_code == 404
    assert api.get(path(cast.jordan)).status_code == 404
    assert not AssessmentResponse.objects.exists()


def test_a_clinician_gets_403_and_an_outsider_404(cast, api_as):
    body = {"instrument": "phq2", "answers": [1, 1]}
    assert api_as(cast.cleo).post(path(cast.casey), body).status_code == 403
    assert api_as(cast.oscar).post(path(cast.casey), body).status_code == 404
    assert not AssessmentResponse.objects.exists()


def test_no_caller_gets_401(cast, client):
    response = client.post(
        f"/api/v1{path(cast.casey)}", {"instrument": "phq2"}, content_type="application/json"
    )
    assert response.status_code == 401


def problems(response) -> list[tuple[list, str]]:
    assert response.status_code == 422, response.content
    return [(p["loc"], p["msg"]) for p in response.json()["detail"]]


def test_an_answer_out_of_range_is_a_422_at_its_position_and_saves_nothing(cast, api_as):
    answers = [0, 0, 0, 0, 0, 0, 0, 0, 4, None]
    response = api_as(cast.ana).post(path(cast.casey), {"instrument": "phq9", "answers": answers})
    assert problems(response) == [
        (["body", "answers", 8], "Must be one of 0, 1, 2, 3, or null when skipped.")
    ]
    assert not AssessmentResponse.objects.exists()


def test_the_wrong_number_of_answers_is_a_422(cast, api_as):
    response = api_as(cast.ana).post(path(cast.casey), {"instrument": "phq9", "answers": [0, 1]})
    [(loc, msg)] = problems(response)
    assert loc == ["body", "answers"]
    assert msg.startswith("Give 10 answers, one per question in order")


def test_other_bad_bodies_are_422s_and_save_nothing(cast, api_as):
    api = api_as(cast.ana)
    bad = [
        {"instrument": "cssrs", "answers": [0]},
        {"instrument": "phq2", "answers": ["often", 1]},
        {"instrument": "phq2", "answers": [None, None]},
        {"instrument": "phq2", "answers": [1, 1], "sex": "male"},
        {"instrument": "phq2", "answers": [1, 1], "occurred_at": "2026-01-05T10:00:00"},
        {"instrument": "phq2"},
    ]
    for body in bad:
        assert api.post(path(cast.casey), body).status_code == 422, body
    assert not AssessmentResponse.objects.exists()


def test_the_response_has_no_integer_ids(cast, api_as):
    body = api_as(cast.ana).post(path(cast.casey), {"instrument": "phq2", "answers": [3, 2]}).json()
    assert integers_in(body) == [1, 3, 2, 5]  # version, answers, total


# --- GET ------------------------------------------------------------------------------------


def test_the_list_is_newest_first_paginated_and_audited(cast, api_as):
    for answers in ([0, 0], [1, 1], [2, 2]):
        record_assessment(
            cast.ana,
            cast.casey,
            "phq2",
            dict(zip(["q1", "q2"], answers, strict=True)),
            source="staff",
        )
    record_assessment(cast.ana, cast.casey, "gad7", {"q1": 0}, source="staff")
    api = api_as(cast.cleo)
    response = api.get(path(cast.casey), limit=2)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert [item["instrument"] for item in body["items"]] == ["gad7", "phq2"]
    assert [i["total"] for i in api.get(path(cast.casey), instrument="phq2").json()["items"]] == [
        4,
        2,
        0,
    ]
    assert AccessEvent.objects.filter(
        action=Action.VIEW, object_type="assessment_list", user_id=cast.cleo.pk
    ).exists()


def test_the_client_reads_their_own(cast, casey_account, token_api):
    record_assessment(casey_account, cast.casey, "phq2", {"q1": 0, "q2": 1}, source="portal")
    body = token_api(casey_account).get(path(cast.casey)).json()
    assert [item["total"] for item in body["items"]] == [1]


def test_an_unknown_instrument_filter_is_a_422(cast, api_as):
    assert api_as(cast.ana).get(path(cast.casey), instrument="cssrs").status_code == 422


def test_an_outsider_cannot_list(cast, api_as):
    assert api_as(cast.oscar).get(path(cast.casey)).status_code == 404


# --- Instruments ----------------------------------------------------------------------------


def test_the_instruments_are_listed_with_their_items_and_answers(cast, api_as):
    response = api_as(cast.ana).get("/instruments")
    assert response.status_code == 200
    instruments = {i["key"]: i for i in response.json()}
    assert list(instruments) == ["barc10", "phq9", "phq2", "gad7", "auditc"]
    phq9 = instruments["phq9"]
    assert (phq9["version"], phq9["short_title"], phq9["highest_total"]) == (1, "PHQ-9", 27)
    assert [item["key"] for item in phq9["items"]][-2:] == ["q9", "difficulty"]
    assert phq9["items"][0]["options"][0] == {"value": 0, "label": "Not at all"}
    assert phq9["items"][-1]["scored"] is False
    assert set(instruments["auditc"]["bands_by_sex"]) == {"female", "male"}


def test_the_instruments_need_a_caller(client, db):
    assert client.get("/api/v1/instruments").status_code == 401


def test_the_api_knows_every_instrument_in_the_catalog():
    assert {key.value for key in InstrumentKey} == {i.key for i in INSTRUMENTS}
