"""When assessments are due: the pure rule, program overrides, and a client's real episode."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from alongside.assessments.models import Source
from alongside.assessments.queries import due_for
from alongside.assessments.schedule import (
    DEFAULT_SCHEDULES,
    DISCHARGE,
    INTAKE,
    INTAKE_WINDOW_DAYS,
    PERIODIC,
    Due,
    Schedule,
    due_assessments,
    schedules_for,
)
from alongside.assessments.services import record_assessment
from alongside.clients.models import Episode
from alongside.testing.personas import make_client

ADMITTED = date(2026, 3, 1)
BARC_ONLY = {"barc10": DEFAULT_SCHEDULES["barc10"]}


def due_on(today, *, last=None, discharged_on=None, schedules=None, admitted_on=ADMITTED):
    return due_assessments(
        today,
        admitted_on=admitted_on,
        discharged_on=discharged_on,
        schedules=BARC_ONLY if schedules is None else schedules,
        last_given=last or {},
    )


def days(n: int) -> date:
    return ADMITTED + timedelta(days=n)


# --- The rule -------------------------------------------------------------------------------


def test_barc10_is_due_at_intake_from_the_day_of_admission():
    assert due_on(ADMITTED) == [Due("barc10", INTAKE, ADMITTED)]


def test_the_intake_assessment_stays_due_through_the_intake_window():
    assert due_on(days(INTAKE_WINDOW_DAYS - 1)) == [Due("barc10", INTAKE, ADMITTED)]


def test_a_missed_intake_is_picked_up_by_the_30_day_rule_not_chased_as_intake():
    assert due_on(days(INTAKE_WINDOW_DAYS)) == []
    assert due_on(days(29)) == []
    assert due_on(days(30)) == [Due("barc10", PERIODIC, days(30), 30)]


def test_nothing_is_due_after_the_intake_response():
    assert due_on(days(2), last={"barc10": days(1)}) == []


def test_due_again_30_days_after_the_latest_response():
    last = {"barc10": days(3)}
    assert due_on(days(32), last=last) == []
    assert due_on(days(33), last=last) == [Due("barc10", PERIODIC, days(33), 30)]
    assert due_on(days(50), last=last) == [Due("barc10", PERIODIC, days(33), 30)]


def test_a_fresh_response_clears_what_was_due():
    assert due_on(days(40), last={"barc10": days(40)}) == []


def test_a_response_from_before_this_admission_does_not_count():
    before = {"barc10": ADMITTED - timedelta(days=3)}
    assert due_on(days(1), last=before) == [Due("barc10", INTAKE, ADMITTED)]


def test_nothing_is_due_without_an_episode_or_before_admission():
    assert due_on(ADMITTED, admitted_on=None) == []
    assert due_on(ADMITTED - timedelta(days=1)) == []


def test_phq9_and_gad7_are_due_every_30_days_by_default_but_not_at_intake():
    schedules = schedules_for({})
    assert due_on(ADMITTED, schedules=schedules) == [Due("barc10", INTAKE, ADMITTED)]
    assert due_on(days(30), schedules=schedules, last={"barc10": days(1)}) == [
        Due("phq9", PERIODIC, days(30), 30),
        Due("gad7", PERIODIC, days(30), 30),
    ]


def test_the_discharge_assessment_is_due_for_a_week_after_discharge():
    out = days(60)
    last = {"barc10": days(45)}
    assert due_on(out, discharged_on=out, last=last) == [Due("barc10", DISCHARGE, out)]
    assert due_on(out + timedelta(days=6), discharged_on=out, last=last) != []
    assert due_on(out + timedelta(days=7), discharged_on=out, last=last) == []


def test_a_response_on_or_after_the_discharge_day_counts_as_the_discharge_one():
    out = days(60)
    assert due_on(out + timedelta(days=1), discharged_on=out, last={"barc10": out}) == []


def test_periodic_assessments_stop_at_discharge():
    out = days(60)
    schedules = schedules_for({})
    due = due_on(out + timedelta(days=1), discharged_on=out, schedules=schedules)
    assert [d.instrument for d in due] == ["barc10"]


# --- Program settings -----------------------------------------------------------------------


def test_a_program_changes_one_field_and_keeps_the_rest():
    schedules = schedules_for({"assessments": {"barc10": {"every_days": 60}}})
    assert schedules["barc10"] == Schedule(at_intake=True, every_days=60, at_discharge=True)
    assert schedules["phq9"] == DEFAULT_SCHEDULES["phq9"]


def test_a_program_switches_an_instrument_off_or_on():
    schedules = schedules_for(
        {
            "assessments": {
                "gad7": False,
                "auditc": {"at_intake": True},
                "phq9": {"every_days": None},
            }
        }
    )
    assert "gad7" not in schedules
    assert "phq9" not in schedules  # no occasion left
    assert schedules["auditc"] == Schedule(at_intake=True)


@pytest.mark.parametrize(
    "program_settings",
    [
        None,
        "weekly",
        {"assessments": "monthly"},
        {"assessments": {"barc10": {"every_days": 0}}},
        {"assessments": {"barc10": {"every_days": "30"}}},
        {"assessments": {"barc10": {"every_days": True, "at_intake": "yes"}}},
        {"assessments": {"cssrs": {"every_days": 7}}},
    ],
)
def test_settings_that_are_not_understood_keep_the_defaults(program_settings):
    assert schedules_for(program_settings) == DEFAULT_SCHEDULES


# --- A client's real episode (two queries) ------------------------------------------------------


def test_a_newly_admitted_client_has_barc10_due_at_intake(cast):
    due = due_for([cast.newcomer], timezone.now())
    assert [(d.instrument, d.occasion) for d in due[cast.newcomer.pk]] == [("barc10", INTAKE)]


def test_the_programs_schedule_is_used(cast):
    cast.residential.settings = {"assessments": {"phq9": {"at_intake": True}}}
    cast.residential.save()
    due = due_for([cast.newcomer], timezone.now())
    assert [d.instrument for d in due[cast.newcomer.pk]] == ["barc10", "phq9"]


def test_a_response_given_now_clears_the_intake_assessment(cast):
    record_assessment(
        cast.sam, cast.newcomer, "barc10", {f"q{n}": 4 for n in range(1, 11)}, source=Source.STAFF
    )
    assert cast.newcomer.pk not in due_for([cast.newcomer], timezone.now())


def test_a_client_40_days_in_has_the_monthly_assessments_due(cast):
    person = make_client(cast.residential, "Forty", admitted_days_ago=40)
    due = due_for([person], timezone.now())[person.pk]
    assert [(d.instrument, d.occasion) for d in due] == [
        ("barc10", PERIODIC),
        ("phq9", PERIODIC),
        ("gad7", PERIODIC),
    ]


def test_a_recently_discharged_client_has_the_discharge_barc10_due(cast):
    person = make_client(cast.residential, "Leaving", admitted_days_ago=50, discharged=True)
    due = due_for([person], timezone.now())[person.pk]
    assert [(d.instrument, d.occasion) for d in due] == [("barc10", DISCHARGE)]


def test_an_open_episode_wins_over_a_recent_discharge(cast):
    Episode.objects.filter(client=cast.casey).update(
        discharged_at=timezone.now(), discharge_reason="transferred"
    )
    Episode.objects.create(
        organization=cast.org,
        client=cast.casey,
        program=cast.outpatient,
        level_of_care="outpatient",
        admitted_at=timezone.now(),
    )
    due = due_for([cast.casey], timezone.now())[cast.casey.pk]
    assert [(d.instrument, d.occasion) for d in due] == [("barc10", INTAKE)]
