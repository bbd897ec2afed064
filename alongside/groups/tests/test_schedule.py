"""Sessions from a weekly schedule, in the organization's zone."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from alongside.groups.models import Schedule, Session
from alongside.groups.services import WEEKS_AHEAD, materialize_sessions, session_starts
from alongside.groups.tests.conftest import make_group

CHICAGO = ZoneInfo("America/Chicago")


def schedule(**changes) -> Schedule:
    values = {
        "weekdays": [3],
        "start_time": time(18, 0),
        "minutes": 60,
        "starts_on": date(2026, 10, 1),
    }
    values.update(changes)
    return Schedule(**values)


def test_weekly_session_keeps_its_local_time_across_the_daylight_saving_change():
    starts = session_starts(schedule(), "America/Chicago", date(2026, 10, 26), date(2026, 11, 8))

    assert [s.astimezone(CHICAGO).hour for s in starts] == [18, 18]
    assert [s.utcoffset().total_seconds() / 3600 for s in starts] == [-5, -6]


def test_exception_dates_are_skipped():
    starts = session_starts(
        schedule(exceptions=["2026-11-05"]),
        "America/Chicago",
        date(2026, 10, 26),
        date(2026, 11, 12),
    )

    assert [s.date() for s in starts] == [date(2026, 10, 29), date(2026, 11, 12)]


def test_no_session_before_the_schedule_starts():
    starts = session_starts(
        schedule(starts_on=date(2026, 11, 1)),
        "America/Chicago",
        date(2026, 10, 26),
        date(2026, 11, 6),
    )

    assert [s.date() for s in starts] == [date(2026, 11, 5)]


@pytest.mark.django_db
def test_materializing_twice_creates_each_session_once(cast):
    group = make_group(cast)
    first = materialize_sessions(group)

    materialize_sessions(group)

    assert first in (WEEKS_AHEAD, WEEKS_AHEAD + 1)
    assert Session.objects.filter(group=group).count() == first


@pytest.mark.django_db
def test_the_scheduled_sweep_extends_sessions(cast):
    from alongside.notifications.sweeps import run_sweeps_once

    group = make_group(cast)

    report = run_sweeps_once()

    assert report["group sessions scheduled"] >= WEEKS_AHEAD
    assert Session.objects.filter(group=group).count() == report["group sessions scheduled"]


@pytest.mark.django_db
def test_a_second_sweep_says_it_scheduled_nothing(cast):
    from alongside.notifications.sweeps import run_sweeps_once

    group = make_group(cast)
    run_sweeps_once()
    before = Session.objects.filter(group=group).count()

    report = run_sweeps_once()

    assert report["group sessions scheduled"] == 0
    assert Session.objects.filter(group=group).count() == before
