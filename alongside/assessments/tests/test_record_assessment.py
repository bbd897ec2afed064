"""record_assessment(): the one way a response enters the system, whoever gives it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.assessments.instruments import POSITIVE_SCREEN, REMISSION_LEVEL, SAFETY
from alongside.assessments.models import AssessmentResponse, Source
from alongside.assessments.services import answers_from_list, instrument_for, record_assessment
from alongside.audit.models import AccessEvent, Action

PHQ9_ZEROS = {f"q{n}": 0 for n in range(1, 10)}


def phq9(**changes):
    return PHQ9_ZEROS | changes


# --- Saving ---------------------------------------------------------------------------------


def test_advocate_records_a_phq9_given_with_the_client(cast):
    response = record_assessment(
        cast.ana, cast.casey, "phq9", phq9(q1=2, q2=3, q4=1), source=Source.STAFF
    )
    response.refresh_from_db()
    assert (response.client, response.organization) == (cast.casey, cast.org)
    assert (response.instrument, response.version) == ("phq9", 1)
    assert response.total == 6
    assert response.band == "mild"
    assert response.flags == []
    assert response.source == Source.STAFF
    assert response.created_by == cast.ana
    assert response.answers == phq9(q1=2, q2=3, q4=1) | {"difficulty": None}


def test_the_client_records_their_own_in_the_portal(cast, casey_account):
    response = record_assessment(casey_account, cast.casey, "gad7", {"q1": 1}, source=Source.PORTAL)
    assert response.created_by == casey_account
    assert response.source == Source.PORTAL


def test_recording_writes_one_create_audit_row_for_the_response(cast):
    response = record_assessment(cast.ana, cast.casey, "phq2", {"q1": 1, "q2": 1}, source="staff")
    event = AccessEvent.objects.get(action=Action.CREATE, object_type="assessmentresponse")
    assert event.object_public_id == str(response.public_id)
    assert (event.client_id, event.user_id, event.role) == (cast.casey.pk, cast.ana.pk, "pra")


def test_a_skipped_item_saves_the_response_without_a_total(cast):
    response = record_assessment(
        cast.ana, cast.casey, "phq9", phq9(q3=None) | {"q1": 3}, source=Source.STAFF
    )
    response.refresh_from_db()
    assert response.total is None
    assert response.band == ""
    assert response.answers["q3"] is None
    assert response.result().missing == ("q3",)


def test_item_9_above_0_is_saved_with_the_safety_flag_even_without_a_total(cast):
    response = record_assessment(cast.ana, cast.casey, "phq9", {"q9": 1}, source=Source.STAFF)
    assert response.total is None
    assert response.flags == [SAFETY]


def test_flags_from_the_bands_are_saved(cast):
    barc = record_assessment(
        cast.ana, cast.casey, "barc10", {f"q{n}": 5 for n in range(1, 11)}, source=Source.STAFF
    )
    audit_c = record_assessment(
        cast.ana, cast.casey, "auditc", {"q1": 2, "q2": 1, "q3": 0}, sex="female", source="staff"
    )
    assert (barc.total, barc.band, barc.flags) == (50, "strong", [REMISSION_LEVEL])
    assert (audit_c.total, audit_c.sex, audit_c.flags) == (3, "female", [POSITIVE_SCREEN])


def test_audit_c_uses_the_mens_cut_off_only_when_sex_is_male(cast):
    answers = {"q1": 2, "q2": 1, "q3": 0}
    male = record_assessment(cast.ana, cast.casey, "auditc", answers, sex="male", source="staff")
    unknown = record_assessment(cast.ana, cast.casey, "auditc", answers, source="staff")
    assert (male.band, unknown.band) == ("negative", "positive")


def test_the_time_given_is_kept_apart_from_when_it_was_recorded(cast):
    earlier = timezone.now() - timedelta(days=2)
    response = record_assessment(
        cast.ana, cast.casey, "phq2", {"q1": 0, "q2": 0}, source="staff", occurred_at=earlier
    )
    assert response.occurred_at == earlier
    assert response.created_at > earlier


def test_a_saved_response_is_never_changed(cast):
    response = record_assessment(cast.ana, cast.casey, "phq2", {"q1": 0, "q2": 0}, source="staff")
    response.total = 6
    with pytest.raises(ValueError, match="never changed"):
        response.save()


# --- Bad input changes nothing ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "answers", "sex", "field"),
    [
        ("phq10", {}, None, "instrument"),
        ("phq9", phq9(q9=4), None, "q9"),
        ("phq9", phq9(q1="2"), None, "q1"),
        ("phq9", phq9(q1=True), None, "q1"),
        ("phq9", phq9(q11=0), None, "q11"),
        ("phq9", {key: None for key in PHQ9_ZEROS}, None, "answers"),
        ("phq9", phq9(), "male", "sex"),
        ("auditc", {"q1": 0, "q2": 0, "q3": 0}, "other", "sex"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_saved(cast, key, answers, sex, field):
    with pytest.raises(ValidationError) as raised:
        record_assessment(cast.ana, cast.casey, key, answers, sex=sex, source=Source.STAFF)
    assert field in raised.value.message_dict
    assert not AssessmentResponse.objects.exists()
    assert not AccessEvent.objects.filter(action=Action.CREATE).exists()


def test_answers_must_be_by_item(cast):
    with pytest.raises(ValidationError) as raised:
        record_assessment(cast.ana, cast.casey, "phq2", [0, 0], source=Source.STAFF)
    assert "answers" in raised.value.message_dict


def test_every_problem_is_reported_at_once(cast):
    with pytest.raises(ValidationError) as raised:
        record_assessment(
            cast.ana,
            cast.casey,
            "phq9",
            phq9(q1=9, q2=-1),
            source="staff",
            occurred_at=timezone.now() + timedelta(hours=1),
        )
    assert set(raised.value.message_dict) == {"q1", "q2", "occurred_at"}


def test_a_time_without_a_zone_is_refused(cast):
    with pytest.raises(ValidationError) as raised:
        record_assessment(
            cast.ana,
            cast.casey,
            "phq2",
            {"q1": 0, "q2": 0},
            source="staff",
            occurred_at=datetime(2026, 1, 5, 9, 0),
        )
    assert "occurred_at" in raised.value.message_dict


def test_answers_from_a_list_follow_the_item_order():
    phq2 = instrument_for("phq2")
    assert answers_from_list(phq2, [1, None]) == {"q1": 1, "q2": None}
    with pytest.raises(ValidationError) as raised:
        answers_from_list(phq2, [1])
    assert "answers" in raised.value.message_dict


# --- Who may record -------------------------------------------------------------------------


def test_supervisor_records_for_a_client_of_their_team(cast):
    response = record_assessment(cast.sam, cast.riley, "phq2", {"q1": 0, "q2": 0}, source="staff")
    assert response.created_by == cast.sam


@pytest.mark.parametrize("who", ["ben", "cleo", "dana", "alex", "oscar"])
def test_staff_without_record_for_the_client_are_refused_and_nothing_is_saved(cast, who):
    with pytest.raises(PermissionDenied):
        record_assessment(
            getattr(cast, who), cast.casey, "phq2", {"q1": 0, "q2": 0}, source=Source.STAFF
        )
    assert not AssessmentResponse.objects.exists()


def test_a_client_cannot_record_for_another_client(cast, casey_account):
    with pytest.raises(PermissionDenied):
        record_assessment(
            casey_account, cast.jordan, "phq2", {"q1": 0, "q2": 0}, source=Source.PORTAL
        )


def test_the_source_must_match_who_is_recording(cast, casey_account):
    with pytest.raises(ValueError, match="client's own"):
        record_assessment(casey_account, cast.casey, "phq2", {"q1": 0}, source=Source.STAFF)
    with pytest.raises(ValueError, match="staff cannot"):
        record_assessment(cast.ana, cast.casey, "phq2", {"q1": 0}, source=Source.PORTAL)
    assert not AssessmentResponse.objects.exists()
