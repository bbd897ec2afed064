"""Recording follow-up calls and outcomes; re-engagement; who can reach the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from alongside.aftercare.models import FollowUp, FollowUpAttempt, FollowUpOutcome, Status
from alongside.aftercare.services import Outcome, readmit, record_attempt
from alongside.aftercare.tests.factories import BARC10_ANSWERS, discharge_days_ago
from alongside.assessments.models import AssessmentResponse
from alongside.audit.models import AccessEvent
from alongside.clients.access import Capability, capabilities_for, get_client_for, visible_to
from alongside.organizations.models import Membership, Role


def good_outcome(**changes) -> Outcome:
    values = {
        "in_recovery": "yes",
        "in_their_words": "Going to meetings, working again.",
        "housing_stable": "yes",
        "working_or_school": "yes",
        "returned_to_treatment": "no",
        "overdose_or_er": "no",
    }
    values.update(changes)
    return Outcome(**values)


@pytest.fixture
def seven_day(cast) -> FollowUp:
    """Casey's 7-day follow-up, due today (discharged 7 days ago)."""
    episode = discharge_days_ago(cast.sam, cast.casey, 7)
    return episode.followups.get(days=7)


def test_several_attempts_then_reached_with_outcome(cast, seven_day):
    record_attempt(cast.ana, seven_day, result="no_answer")
    record_attempt(cast.ana, seven_day, result="wrong_number")
    assert seven_day.status == Status.SCHEDULED

    attempt = record_attempt(cast.ana, seven_day, result="reached", outcome=good_outcome())

    seven_day.refresh_from_db()
    assert seven_day.status == Status.REACHED and seven_day.reached_at == attempt.attempted_at
    outcome = FollowUpOutcome.objects.get(follow_up=seven_day)
    assert outcome.in_their_words == "Going to meetings, working again."
    assert outcome.barc10 is None
    assert FollowUpAttempt.objects.filter(follow_up=seven_day).count() == 3
    audited = set(
        AccessEvent.objects.filter(client_id=cast.casey.pk, action="create").values_list(
            "object_type", flat=True
        )
    )
    assert {"followupattempt", "followupoutcome"} <= audited


def test_the_words_are_encrypted_at_rest(cast, seven_day):
    from django.db import connection

    record_attempt(cast.ana, seven_day, result="reached", outcome=good_outcome())
    with connection.cursor() as cursor:
        cursor.execute("SELECT in_their_words FROM aftercare_followupoutcome")
        (stored,) = cursor.fetchone()
    assert "meetings" not in stored


def test_barc10_goes_through_the_assessments_service(cast, seven_day):
    record_attempt(
        cast.ana, seven_day, result="reached", outcome=good_outcome(barc10=BARC10_ANSWERS)
    )

    response = AssessmentResponse.objects.get(client=cast.casey)
    assert (response.instrument, response.total, response.source) == ("barc10", 50, "staff")
    assert FollowUpOutcome.objects.get(follow_up=seven_day).barc10 == response


def test_bad_barc10_saves_nothing(cast, seven_day):
    with pytest.raises(ValidationError) as error:
        record_attempt(
            cast.ana, seven_day, result="reached", outcome=good_outcome(barc10={"q1": 9})
        )
    assert "barc10" in error.value.message_dict
    assert not FollowUpAttempt.objects.exists()
    assert not AssessmentResponse.objects.exists()
    seven_day.refresh_from_db()
    assert seven_day.status == Status.SCHEDULED


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"result": "maybe"}, "result"),
        ({"result": "reached"}, "in_recovery"),  # reached without an outcome
        ({"result": "reached", "outcome": good_outcome(in_recovery="sort of")}, "in_recovery"),
        ({"result": "reached", "outcome": good_outcome(housing_stable="")}, "housing_stable"),
        (
            {"result": "reached", "outcome": good_outcome(in_their_words="x" * 2001)},
            "in_their_words",
        ),
        (
            {"result": "no_answer", "attempted_at": timezone.now() + timedelta(hours=1)},
            "attempted_at",
        ),
        (
            {"result": "no_answer", "attempted_at": timezone.now() - timedelta(days=4)},
            "attempted_at",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(cast, seven_day, kwargs, field):
    with pytest.raises(ValidationError) as error:
        record_attempt(cast.ana, seven_day, **kwargs)
    assert field in error.value.message_dict
    assert not FollowUpAttempt.objects.exists()
    assert not FollowUpOutcome.objects.exists()


def test_a_naive_time_is_refused(cast, seven_day):
    with pytest.raises(ValidationError):
        record_attempt(
            cast.ana,
            seven_day,
            result="no_answer",
            attempted_at=timezone.now().replace(tzinfo=None),
        )


def test_outside_the_window_is_refused(cast):
    episode = discharge_days_ago(cast.sam, cast.casey, 1)
    thirty = episode.followups.get(days=30)
    with pytest.raises(ValidationError, match="window opens"):
        record_attempt(cast.ana, thirty, result="no_answer")


def test_a_reached_followup_takes_no_more_attempts(cast, seven_day):
    record_attempt(cast.ana, seven_day, result="reached", outcome=good_outcome())
    with pytest.raises(ValidationError, match="already done"):
        record_attempt(cast.ana, seven_day, result="no_answer")


def test_who_may_record(cast, seven_day):
    for person in (cast.cleo, cast.alex, cast.oscar, cast.ben):
        with pytest.raises(PermissionDenied):
            record_attempt(person, seven_day, result="no_answer")
    record_attempt(cast.sam, seven_day, result="no_answer")  # the supervisor may
    assert FollowUpAttempt.objects.count() == 1


def test_the_advocate_reaches_the_person_for_the_call_only_in_its_window(cast):
    """Assignments ended at discharge: Ana still reaches Casey while the call is due."""
    episode = discharge_days_ago(cast.sam, cast.casey, 7, end_assignments=True)

    assert Capability.RECORD in capabilities_for(cast.ana, cast.casey)
    assert get_client_for(cast.ana, cast.casey.public_id, need=Capability.RECORD)
    assert cast.casey in visible_to(cast.sam)  # her supervisor, for the team's calls
    assert cast.casey not in visible_to(cast.ben)

    episode.followups.filter(days=7).update(status=Status.REACHED, reached_at=timezone.now())
    assert cast.casey not in visible_to(cast.ana)  # no call due now
    with pytest.raises(Http404):
        get_client_for(cast.ana, cast.casey.public_id)


def test_the_supervisor_takes_over_calls_of_an_advocate_who_left(cast):
    discharge_days_ago(cast.sam, cast.casey, 7, end_assignments=True)
    Membership.objects.filter(user=cast.ana, role=Role.PRA).update(is_active=False)

    assert cast.casey not in visible_to(cast.ana)
    assert Capability.RECORD in capabilities_for(cast.sam, cast.casey)


# --- Re-engagement ---------------------------------------------------------------------------


def test_readmission_links_the_prior_episode_and_stops_its_calls(cast, seven_day):
    record_attempt(cast.ana, seven_day, result="reached", outcome=good_outcome())
    prior = seven_day.episode

    episode = readmit(cast.sam, cast.casey, program=cast.outpatient, level_of_care="outpatient")

    assert episode.previous_episode == prior and episode.is_open
    statuses = dict(prior.followups.values_list("days", "status"))
    assert statuses == {
        7: "reached",
        30: "returned",
        90: "returned",
        180: "returned",
        365: "returned",
    }


def test_readmission_bad_input(cast, seven_day):
    with pytest.raises(ValidationError) as error:
        readmit(cast.sam, cast.casey, program=cast.other_program, level_of_care="spa")
    assert set(error.value.message_dict) == {"program", "level_of_care"}
    with pytest.raises(ValidationError, match="open episode"):
        readmit(cast.sam, cast.jordan, program=cast.outpatient, level_of_care="outpatient")
    assert cast.casey.episodes.count() == 1
    assert not FollowUp.objects.filter(status=Status.RETURNED).exists()


def test_readmission_needs_manage(cast, seven_day):
    with pytest.raises(PermissionDenied):
        readmit(cast.ana, cast.casey, program=cast.outpatient, level_of_care="outpatient")
