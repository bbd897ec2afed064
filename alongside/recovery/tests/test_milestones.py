"""The counting rules as tables: pure functions over local dates, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from alongside.recovery.milestones import (
    FIXED_LADDER,
    RECURRENCE,
    START,
    Span,
    add_months,
    client_today,
    current_start,
    days_in_recovery,
    ladder,
    milestone_by_key,
    milestones_between,
    next_milestone,
    reached_on,
    spans,
    total_days_in_recovery,
)

D = date


@dataclass
class Person:
    time_zone: str


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- The ladder -----------------------------------------------------------------------------


def test_ladder_runs_from_24_hours_through_9_months_then_yearly():
    rungs = [m.key for m, _ in zip(ladder(), range(12), strict=False)]
    assert rungs == ["24h", "7d", "30d", "60d", "90d", "6m", "9m", "1y", "2y", "3y", "4y", "5y"]


def test_ladder_labels_read_naturally():
    labels = [m.label for m, _ in zip(ladder(), range(9), strict=False)]
    assert labels == [
        "24 hours",
        "7 days",
        "30 days",
        "60 days",
        "90 days",
        "6 months",
        "9 months",
        "1 year",
        "2 years",
    ]


@pytest.mark.parametrize(
    ("key", "label"),
    [("24h", "24 hours"), ("9m", "9 months"), ("1y", "1 year"), ("25y", "25 years")],
)
def test_milestone_is_found_by_its_key(key, label):
    milestone = milestone_by_key(key)
    assert milestone is not None
    assert milestone.label == label


@pytest.mark.parametrize("key", ["", "0y", "y", "5d", "12m", "-1y", "1.5y"])
def test_unknown_milestone_key_is_none(key):
    assert milestone_by_key(key) is None


# --- Calendar arithmetic --------------------------------------------------------------------

ADD_MONTHS = [
    # start, months, expected: clamp to the month's last day when the day does not exist
    (D(2024, 1, 15), 1, D(2024, 2, 15)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
    (D(2023, 1, 31), 1, D(2023, 2, 28)),
    (D(2024, 3, 31), 1, D(2024, 4, 30)),
    (D(2024, 11, 30), 3, D(2025, 2, 28)),
    (D(2024, 12, 15), 1, D(2025, 1, 15)),  # across the year end
    (D(2024, 1, 31), 12, D(2025, 1, 31)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
]


@pytest.mark.parametrize(("start", "months", "expected"), ADD_MONTHS)
def test_adding_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


REACHED_ON = [
    # start, milestone key, the local date it is reached
    (D(2024, 1, 1), "24h", D(2024, 1, 2)),
    (D(2024, 12, 31), "24h", D(2025, 1, 1)),
    (D(2025, 3, 8), "24h", D(2025, 3, 9)),  # reached on the (23-hour) spring-forward day
    (D(2025, 11, 1), "24h", D(2025, 11, 2)),  # and on the (25-hour) fall-back day
    (D(2024, 1, 1), "7d", D(2024, 1, 8)),
    (D(2024, 1, 1), "30d", D(2024, 1, 31)),
    (D(2024, 1, 1), "60d", D(2024, 3, 1)),  # February 2024 has 29 days
    (D(2023, 1, 1), "60d", D(2023, 3, 2)),  # February 2023 has 28
    (D(2024, 1, 1), "90d", D(2024, 3, 31)),
    (D(2024, 1, 31), "6m", D(2024, 7, 31)),
    (D(2023, 8, 31), "6m", D(2024, 2, 29)),  # month end, leap year
    (D(2024, 8, 31), "6m", D(2025, 2, 28)),  # month end, common year
    (D(2024, 3, 31), "6m", D(2024, 9, 30)),
    (D(2024, 5, 31), "9m", D(2025, 2, 28)),
    (D(2024, 1, 1), "1y", D(2025, 1, 1)),
    (D(2024, 2, 29), "1y", D(2025, 2, 28)),  # leap day: Feb 28 in common years
    (D(2024, 2, 29), "2y", D(2026, 2, 28)),
    (D(2024, 2, 29), "4y", D(2028, 2, 29)),  # from the start, so the clamp never drifts
    (D(2010, 6, 15), "15y", D(2025, 6, 15)),
]


@pytest.mark.parametrize(("start", "key", "expected"), REACHED_ON)
def test_milestone_is_reached_on_its_calendar_date(start, key, expected):
    milestone = milestone_by_key(key)
    assert milestone is not None
    assert reached_on(start, milestone) == expected


def test_fixed_rungs_are_reached_in_order_for_every_start_of_a_leap_year():
    start = D(2024, 1, 1)
    while start.year == 2024:
        dates = [reached_on(start, m) for m in FIXED_LADDER]
        assert dates == sorted(dates)
        assert len(set(dates)) == len(dates)
        start = D.fromordinal(start.toordinal() + 1)


# --- Days in recovery -----------------------------------------------------------------------

DAYS_IN_RECOVERY = [
    # latest start, today, days
    (None, D(2024, 1, 1), None),
    (D(2024, 1, 1), D(2024, 1, 1), 0),  # the start date is day 0
    (D(2024, 1, 1), D(2024, 1, 2), 1),
    (D(2024, 2, 28), D(2024, 3, 1), 2),  # across a leap day
    (D(2023, 2, 28), D(2023, 3, 1), 1),
    (D(2024, 12, 31), D(2025, 1, 1), 1),
    (D(2020, 1, 1), D(2025, 1, 1), 1827),  # backdated five years, two leap days
    (D(2024, 1, 2), D(2024, 1, 1), 0),  # a start "tomorrow" never counts negative
]


@pytest.mark.parametrize(("start", "today", "expected"), DAYS_IN_RECOVERY)
def test_days_in_recovery_count_whole_calendar_days(start, today, expected):
    assert days_in_recovery(start, today) == expected


NEXT_MILESTONE = [
    # start, today, next key, its date
    (D(2024, 1, 1), D(2024, 1, 1), "24h", D(2024, 1, 2)),
    (D(2024, 1, 1), D(2024, 1, 2), "7d", D(2024, 1, 8)),  # 24 hours reached today
    (D(2024, 1, 1), D(2024, 1, 31), "60d", D(2024, 3, 1)),
    (D(2024, 1, 1), D(2024, 3, 31), "6m", D(2024, 7, 1)),
    (D(2024, 1, 1), D(2024, 10, 1), "1y", D(2025, 1, 1)),
    (D(2024, 1, 1), D(2025, 1, 1), "2y", D(2026, 1, 1)),
    (D(2024, 2, 29), D(2025, 2, 27), "1y", D(2025, 2, 28)),
    (D(2010, 6, 15), D(2025, 6, 14), "15y", D(2025, 6, 15)),
]


@pytest.mark.parametrize(("start", "today", "key", "expected"), NEXT_MILESTONE)
def test_next_milestone_is_the_first_not_yet_reached(start, today, key, expected):
    milestone, when = next_milestone(start, today)
    assert (milestone.key, when) == (key, expected)


MILESTONES_BETWEEN = [
    # start, since, today, keys reached in (since, today]
    (D(2024, 1, 1), D(2024, 1, 1), D(2024, 1, 1), []),
    (D(2024, 1, 1), D(2024, 1, 1), D(2024, 1, 2), ["24h"]),
    (D(2024, 1, 1), D(2024, 1, 1), D(2024, 4, 15), ["24h", "7d", "30d", "60d", "90d"]),
    (D(2024, 1, 1), D(2024, 1, 30), D(2024, 1, 31), ["30d"]),
    (D(2024, 1, 1), D(2024, 1, 31), D(2024, 3, 1), ["60d"]),  # 30 days was on `since`
    (D(2024, 1, 1), D(2024, 3, 1), D(2024, 3, 30), []),
    (
        D(2020, 3, 1),  # backdated three years
        D(2020, 3, 1),
        D(2023, 3, 1),
        ["24h", "7d", "30d", "60d", "90d", "6m", "9m", "1y", "2y", "3y"],
    ),
]


@pytest.mark.parametrize(("start", "since", "today", "keys"), MILESTONES_BETWEEN)
def test_milestones_between_are_those_reached_after_since_up_to_today(start, since, today, keys):
    reached = milestones_between(start, since, today)
    assert [m.key for m, _ in reached] == keys
    assert all(since < when <= today for _, when in reached)


# --- Spans and total days across attempts ---------------------------------------------------

SPANS = [
    # events (kind, date) as recorded, today, spans, total days, current start
    ([], D(2024, 1, 1), [], 0, None),
    ([(START, D(2024, 1, 1))], D(2024, 1, 11), [Span(D(2024, 1, 1))], 10, D(2024, 1, 1)),
    (
        [(START, D(2024, 1, 1)), (RECURRENCE, D(2024, 1, 11))],
        D(2024, 2, 1),
        [Span(D(2024, 1, 1), D(2024, 1, 11))],
        10,
        None,
    ),
    (  # a recurrence, then a restart: both spans count toward the total
        [(START, D(2024, 1, 1)), (RECURRENCE, D(2024, 1, 11)), (START, D(2024, 1, 20))],
        D(2024, 1, 30),
        [Span(D(2024, 1, 1), D(2024, 1, 11)), Span(D(2024, 1, 20))],
        20,
        D(2024, 1, 20),
    ),
    (  # a recurrence on the start date itself: a span of 0 days
        [(START, D(2024, 1, 1)), (RECURRENCE, D(2024, 1, 1)), (START, D(2024, 1, 2))],
        D(2024, 1, 5),
        [Span(D(2024, 1, 1), D(2024, 1, 1)), Span(D(2024, 1, 2))],
        3,
        D(2024, 1, 2),
    ),
    (  # a later start corrects the current one to an earlier (backdated) date
        [(START, D(2024, 1, 10)), (START, D(2024, 1, 5))],
        D(2024, 1, 15),
        [Span(D(2024, 1, 5))],
        10,
        D(2024, 1, 5),
    ),
    (  # ... or to a later date
        [(START, D(2024, 1, 1)), (START, D(2024, 1, 10))],
        D(2024, 1, 15),
        [Span(D(2024, 1, 10))],
        5,
        D(2024, 1, 10),
    ),
    (  # a recurrence with no count going is history only
        [(RECURRENCE, D(2024, 1, 1)), (START, D(2024, 1, 2))],
        D(2024, 1, 3),
        [Span(D(2024, 1, 2))],
        1,
        D(2024, 1, 2),
    ),
    (  # three attempts across a leap year: 90 + 31 + 366 days
        [
            (START, D(2023, 1, 1)),
            (RECURRENCE, D(2023, 4, 1)),
            (START, D(2023, 5, 1)),
            (RECURRENCE, D(2023, 6, 1)),
            (START, D(2023, 7, 1)),
        ],
        D(2024, 7, 1),
        [
            Span(D(2023, 1, 1), D(2023, 4, 1)),
            Span(D(2023, 5, 1), D(2023, 6, 1)),
            Span(D(2023, 7, 1)),
        ],
        487,
        D(2023, 7, 1),
    ),
]


@pytest.mark.parametrize(("events", "today", "expected", "total", "current"), SPANS)
def test_spans_and_total_days_across_attempts(events, today, expected, total, current):
    result = spans(events)
    assert result == expected
    assert total_days_in_recovery(result, today) == total
    assert current_start(result) == current


def test_days_in_recovery_restart_from_the_new_start_after_a_recurrence():
    events = [(START, D(2024, 1, 1)), (RECURRENCE, D(2024, 3, 1)), (START, D(2024, 3, 2))]
    today = D(2024, 3, 12)
    assert days_in_recovery(current_start(spans(events)), today) == 10
    assert total_days_in_recovery(spans(events), today) == 60 + 10


# --- "Today" in the client's own time zone --------------------------------------------------

CLIENT_TODAY = [
    # the instant (UTC), the client's zone, their local date
    (utc(2025, 1, 1, 10), "UTC", D(2025, 1, 1)),  # the server's zone
    (utc(2025, 1, 1, 10), "Pacific/Kiritimati", D(2025, 1, 2)),  # UTC+14: already tomorrow
    (utc(2025, 1, 1, 10), "Pacific/Pago_Pago", D(2024, 12, 31)),  # UTC-11: still yesterday
    (utc(2024, 2, 29, 12), "Pacific/Kiritimati", D(2024, 3, 1)),
    (utc(2024, 3, 1, 10, 59), "Pacific/Pago_Pago", D(2024, 2, 29)),  # leap day, far west
    # Chicago springs forward at 2:00 on Mar 9, 2025 (08:00 UTC): a 23-hour day.
    (utc(2025, 3, 9, 5, 59), "America/Chicago", D(2025, 3, 8)),
    (utc(2025, 3, 9, 6, 0), "America/Chicago", D(2025, 3, 9)),
    (utc(2025, 3, 9, 8, 0), "America/Chicago", D(2025, 3, 9)),
    (utc(2025, 3, 10, 4, 59), "America/Chicago", D(2025, 3, 9)),  # 23:59 CDT
    (utc(2025, 3, 10, 5, 0), "America/Chicago", D(2025, 3, 10)),
    # And falls back at 2:00 on Nov 2, 2025: a 25-hour day.
    (utc(2025, 11, 2, 5, 0), "America/Chicago", D(2025, 11, 2)),
    (utc(2025, 11, 3, 5, 59), "America/Chicago", D(2025, 11, 2)),  # 23:59 CST
    (utc(2025, 11, 3, 6, 0), "America/Chicago", D(2025, 11, 3)),
]


@pytest.mark.parametrize(("now", "zone", "expected"), CLIENT_TODAY)
def test_today_is_the_date_on_the_clients_own_calendar(now, zone, expected):
    assert client_today(Person(zone), now) == expected


def test_client_today_refuses_a_naive_time():
    with pytest.raises(ValueError, match="aware"):
        client_today(Person("UTC"), datetime(2025, 1, 1))


def test_the_same_instant_gives_clients_far_apart_a_two_day_difference():
    now = utc(2025, 1, 1, 10)
    start = D(2024, 12, 31)
    assert days_in_recovery(start, client_today(Person("Pacific/Kiritimati"), now)) == 2
    assert days_in_recovery(start, client_today(Person("Pacific/Pago_Pago"), now)) == 0


def test_a_daylight_saving_day_counts_as_one_day():
    start = D(2025, 3, 9)  # the 23-hour day
    just_after = client_today(Person("America/Chicago"), utc(2025, 3, 10, 5, 0))
    assert days_in_recovery(start, just_after) == 1
    assert milestones_between(start, start, just_after)[0][0].key == "24h"


def test_twenty_four_hours_starting_on_a_fall_back_day_is_the_next_calendar_day():
    start = D(2025, 11, 2)  # 25 hours long in Chicago
    milestone, when = next_milestone(start, start)
    assert (milestone.key, when) == ("24h", D(2025, 11, 3))
    midnight = client_today(Person("America/Chicago"), utc(2025, 11, 3, 6, 0))
    assert days_in_recovery(start, midnight) == 1
