"""Escalation with an advanced clock: advocate and on call at once, supervisor at 15
minutes, director at 30, then everyone every 15 minutes until someone takes it."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from alongside.notifications.delivery import deliver_due
from alongside.notifications.models import Delivery, Status
from alongside.safety.models import AlertRecipient
from alongside.safety.services import acknowledge, escalate_due, resolve
from alongside.safety.tests.conftest import SATURDAY_NOON
from alongside.safety.tests.factories import make_alert

T0 = SATURDAY_NOON  # nobody working: the person on call (fallback: Sam) is step 0


def minutes(n):
    return T0 + timedelta(minutes=n)


def routed(alert):
    return [
        (r.step, r.user.display_name, r.role)
        for r in AlertRecipient.objects.filter(alert=alert).order_by("step", "user__display_name")
    ]


@pytest.fixture
def alert(cast, casey_online):
    return make_alert(casey_online, now=T0)


def test_nothing_escalates_before_the_timer(alert):
    assert escalate_due(minutes(14)) == 0
    assert [step for step, *_ in routed(alert)] == [0]


def test_the_supervisor_at_15_minutes_and_the_director_at_30(alert):
    escalate_due(minutes(15))
    escalate_due(minutes(30))
    assert routed(alert) == [
        (0, "Sam Supervisor", "on_call"),
        (1, "Sam Supervisor", "supervisor"),
        (2, "Dana Director", "director"),
    ]


def test_then_it_repeats_to_everyone_every_interval(alert):
    for n in (15, 30, 45, 60):
        escalate_due(minutes(n))
    steps = Counter(step for step, *_ in routed(alert))
    assert steps[3] == 2 and steps[4] == 2  # Sam and Dana again (Ana is off on Saturday)


def test_a_sweeper_that_was_down_catches_up_in_one_pass(alert):
    assert escalate_due(minutes(31)) == 2
    assert [step for step, *_ in routed(alert)] == [0, 1, 2]


def test_running_the_sweep_twice_takes_each_step_once(alert):
    escalate_due(minutes(15))
    escalate_due(minutes(15))
    escalate_due(minutes(16))
    assert [step for step, *_ in routed(alert)] == [0, 1]


def test_acknowledging_stops_escalation(cast, alert):
    acknowledge(cast.ana, alert, "Calling now", now=minutes(5))
    assert escalate_due(minutes(60)) == 0
    alert.refresh_from_db()
    assert (alert.state, alert.owner, alert.acknowledgement_note) == (
        "acknowledged",
        cast.ana,
        "Calling now",
    )


def test_notices_still_waiting_are_not_sent_once_someone_took_it(cast, alert):
    acknowledge(cast.sam, alert, now=minutes(1))
    deliver_due(minutes(1))
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SKIPPED}


def test_no_delivery_is_sent_twice(alert):
    for n in (0, 15, 15, 30, 31, 45):
        escalate_due(minutes(n))
        deliver_due(minutes(n))
    keys = list(Delivery.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys))
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_second_person_cannot_take_a_taken_alert(cast, alert):
    acknowledge(cast.ana, alert, now=minutes(2))
    with pytest.raises(ValidationError, match="Ana Advocate already took this alert"):
        acknowledge(cast.sam, alert, now=minutes(3))


def test_resolving_an_untaken_alert_names_who_took_it(cast, alert):
    resolved = resolve(
        cast.ana, alert, "Talked for an hour; safe with family tonight", now=minutes(4)
    )
    assert (resolved.state, resolved.acknowledged_by, resolved.resolved_by) == (
        "resolved",
        cast.ana,
        cast.ana,
    )
    assert escalate_due(minutes(60)) == 0


def test_resolving_needs_what_was_done(cast, alert):
    with pytest.raises(ValidationError):
        resolve(cast.ana, alert, "   ")
    alert.refresh_from_db()
    assert alert.state == "open"


@pytest.mark.parametrize("who", ["cleo", "alex", "oscar"])
def test_people_outside_the_care_team_cannot_take_it(cast, alert, who):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        acknowledge(getattr(cast, who), alert)


def test_a_program_timer_changes_the_interval_but_never_below_five_minutes(cast, casey_online):
    cast.residential.settings = {"escalation_minutes": 1}
    cast.residential.save()
    alert = make_alert(casey_online, now=T0)
    assert alert.interval_minutes == 5
    assert escalate_due(minutes(5)) == 1
