"""Working hours: who is working now, and when the next working period starts."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time

import pytest

from alongside.messaging.hours import DEFAULT_WEEK, Week, reply_expectation, week_of
from alongside.messaging.models import WorkingDay
from alongside.messaging.tests.conftest import (
    MONDAY_9AM,
    SATURDAY_NOON,
    THURSDAY_9AM,
    WEDNESDAY_8PM,
    WEDNESDAY_10AM,
)

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
OFFICE = Week(days=DEFAULT_WEEK, zone=CHICAGO)


@pytest.mark.parametrize(
    ("now", "working"),
    [
        (WEDNESDAY_10AM, True),
        (WEDNESDAY_8PM, False),
        (SATURDAY_NOON, False),
        (MONDAY_9AM, True),  # the start minute belongs to the working period
        (datetime(2026, 11, 25, 23, 0, tzinfo=UTC), False),  # 5:00 PM: the end is excluded
    ],
)
def test_the_default_week_is_weekdays_nine_to_five(now, working):
    assert OFFICE.is_working(now) is working


@pytest.mark.parametrize(
    ("now", "next_start"),
    [
        (WEDNESDAY_8PM, THURSDAY_9AM),
        (SATURDAY_NOON, MONDAY_9AM),
        (WEDNESDAY_10AM, THURSDAY_9AM),  # while working, the next start is tomorrow's
    ],
)
def test_the_next_start_is_the_next_working_morning(now, next_start):
    assert OFFICE.next_start(now) == next_start


def test_the_next_start_follows_a_daylight_saving_change():
    # Saturday March 7, 2026 noon CST; clocks go forward on Sunday March 8.
    saturday = datetime(2026, 3, 7, 18, 0, tzinfo=UTC)
    monday_9am_cdt = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)  # UTC-5 after the change
    assert OFFICE.next_start(saturday) == monday_9am_cdt


def test_a_week_without_working_days_has_no_next_start():
    assert Week(days={}, zone=CHICAGO).next_start(WEDNESDAY_10AM) is None


def test_an_advocate_without_hours_works_the_default_week(cast):
    week = week_of(cast.ana, cast.org)
    assert week.is_default
    assert week.days == DEFAULT_WEEK
    assert week.zone == CHICAGO


def test_an_advocate_set_hours_replace_the_default(cast):
    WorkingDay.objects.create(
        organization=cast.org, user=cast.ana, weekday=5, starts=time(10), ends=time(14)
    )
    week = week_of(cast.ana, cast.org)
    assert not week.is_default
    assert week.is_working(SATURDAY_NOON)
    assert not week.is_working(WEDNESDAY_10AM)


def test_an_advocate_own_zone_wins_over_the_organization(cast):
    cast.ana.time_zone = "America/New_York"
    cast.ana.save()
    # 8:30 AM in Chicago is 9:30 AM in New York: working only by New York's clock.
    assert week_of(cast.ana, cast.org).is_working(datetime(2026, 11, 25, 14, 30, tzinfo=UTC))


def test_someone_is_available_when_any_advocate_is_working():
    weekend = Week(days={5: (time(9), time(17))}, zone=CHICAGO)
    expectation = reply_expectation([OFFICE, weekend], SATURDAY_NOON)
    assert expectation.available_now
    assert expectation.next_reply_at is None


def test_out_of_hours_the_earliest_next_start_is_expected():
    late = Week(days={0: (time(13), time(17))}, zone=CHICAGO)
    expectation = reply_expectation([late, OFFICE], SATURDAY_NOON)
    assert not expectation.available_now
    assert expectation.next_reply_at == MONDAY_9AM
