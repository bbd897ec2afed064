"""The follow-up rate per timepoint: table-driven over due, attempted, reached and closed
follow-ups and the edges of the date range and of the window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alongside.aftercare.models import Status
from alongside.aftercare.queries import TimepointRate, followup_rates, org_today
from alongside.aftercare.tests.factories import NO_ANSWER, REACHED, make_followup
from alongside.testing.personas import make_client

TODAY = date(2026, 6, 15)
START = date(2026, 5, 1)
END = date(2026, 6, 30)


def d(offset: int) -> date:
    return TODAY + timedelta(days=offset)


# (case, due_on, status, attempts) -> expected (due, attempted, reached, completed) at 30 days
# (window ±3 days: due on TODAY-3 closes on TODAY, due on TODAY-4 closed yesterday).
CASES = [
    ("not due yet", d(1), Status.SCHEDULED, (), (0, 0, 0, 0)),
    ("due today, in window", d(0), Status.SCHEDULED, (), (1, 0, 0, 0)),
    ("window ends today: still open", d(-3), Status.SCHEDULED, (), (1, 0, 0, 0)),
    ("window ended yesterday: closed", d(-4), Status.SCHEDULED, (), (1, 0, 0, 1)),
    ("tried, no answer, closed", d(-4), Status.SCHEDULED, (NO_ANSWER,), (1, 1, 0, 1)),
    ("tried, no answer, window open", d(-1), Status.SCHEDULED, (NO_ANSWER,), (1, 1, 0, 0)),
    ("reached on the due date", d(0), Status.REACHED, (REACHED,), (1, 1, 1, 1)),
    ("reached early in the window", d(2), Status.REACHED, (REACHED,), (1, 1, 1, 1)),
    ("reached after two tries", d(-10), Status.REACHED, (NO_ANSWER, REACHED), (1, 1, 1, 1)),
    ("returned to treatment: left out", d(-10), Status.RETURNED, (), (0, 0, 0, 0)),
    ("due on the first day of the range", START, Status.SCHEDULED, (), (1, 0, 0, 1)),
    ("due the day before the range", START - timedelta(days=1), Status.SCHEDULED, (), (0,) * 4),
    ("due on the last day of the range", END, Status.REACHED, (REACHED,), (1, 1, 1, 1)),
    ("due the day after the range", END + timedelta(days=1), Status.REACHED, (), (0,) * 4),
]


def _row(rates: list[TimepointRate], days: int) -> TimepointRate:
    return next(r for r in rates if r.days == days)


@pytest.mark.parametrize(("case", "due_on", "status", "attempts", "expected"), CASES)
def test_each_case_counts_where_it_belongs(cast, case, due_on, status, attempts, expected):
    client = make_client(cast.residential, "Avery", advocate=cast.ana, discharged=True)
    make_followup(client.episodes.get(), 30, due_on, status=status, attempts=attempts, by=cast.ana)

    row = _row(followup_rates(cast.org, program_ids=None, start=START, end=END, today=TODAY), 30)

    assert (row.due, row.attempted, row.reached, row.completed) == expected, case
    reached, completed = expected[2], expected[3]
    assert row.rate == (reached / completed if completed else None)


def test_the_rate_is_reached_over_completed_per_timepoint(cast):
    episodes = [
        make_client(cast.residential, f"P{i}", discharged=True).episodes.get() for i in range(5)
    ]
    for episode in episodes[:4]:
        make_followup(episode, 7, d(-20), status=Status.REACHED, attempts=(REACHED,))
    make_followup(episodes[4], 7, d(-20), attempts=(NO_ANSWER, NO_ANSWER))
    make_followup(episodes[0], 30, d(-20), status=Status.REACHED, attempts=(REACHED,))
    make_followup(episodes[1], 30, d(-20))
    make_followup(episodes[2], 30, d(0))  # still in its window: not counted yet

    rates = followup_rates(cast.org, program_ids=None, start=START, end=END, today=TODAY)

    assert _row(rates, 7) == TimepointRate(7, due=5, attempted=5, reached=4, completed=5, rate=0.8)
    assert _row(rates, 30) == TimepointRate(
        30, due=3, attempted=1, reached=1, completed=2, rate=0.5
    )
    # Timepoints the programs schedule are listed even with nothing due.
    assert [r.days for r in rates] == [7, 30, 90, 180, 365]
    assert _row(rates, 90) == TimepointRate(90, 0, 0, 0, 0, None)


def test_program_filter_and_organization(cast):
    residential = make_client(cast.residential, "R", discharged=True).episodes.get()
    outpatient = make_client(cast.outpatient, "O", discharged=True).episodes.get()
    elsewhere = make_client(cast.other_program, "E", discharged=True).episodes.get()
    make_followup(residential, 7, d(-20), status=Status.REACHED, attempts=(REACHED,))
    make_followup(outpatient, 7, d(-20))
    make_followup(elsewhere, 7, d(-20), status=Status.REACHED, attempts=(REACHED,))

    def seven(program_ids):
        rates = followup_rates(cast.org, program_ids=program_ids, start=START, end=END, today=TODAY)
        return _row(rates, 7)

    assert (seven(None).due, seven(None).reached) == (2, 1)
    assert (seven([cast.residential.pk]).due, seven([cast.residential.pk]).rate) == (1, 1.0)
    assert (seven([cast.outpatient.pk]).due, seven([cast.outpatient.pk]).rate) == (1, 0.0)
    # Another organization's program id gives nothing of theirs.
    assert (
        followup_rates(
            cast.org, program_ids=[cast.other_program.pk], start=START, end=END, today=TODAY
        )
        == []
    )


def test_configured_timepoints_are_listed(cast):
    cast.outpatient.settings = {"aftercare": {"followup_days": [14, 60]}}
    cast.outpatient.save()

    rates = followup_rates(
        cast.org, program_ids=[cast.outpatient.pk], start=START, end=END, today=TODAY
    )

    assert [r.days for r in rates] == [14, 60]


def test_today_defaults_to_the_organizations_date(cast):
    today = org_today(cast.org)
    episode = make_client(cast.residential, "T", discharged=True).episodes.get()
    make_followup(episode, 7, today)  # due today in Chicago
    make_followup(episode, 30, today + timedelta(days=1))

    rates = followup_rates(
        cast.org, program_ids=None, start=today - timedelta(days=5), end=today + timedelta(days=5)
    )

    assert (_row(rates, 7).due, _row(rates, 30).due) == (1, 0)


def test_query_count_does_not_grow(cast, django_assert_max_num_queries):
    for i in range(6):
        episode = make_client(cast.residential, f"Q{i}", discharged=True).episodes.get()
        make_followup(episode, 7, d(-20), attempts=(NO_ANSWER,))
    with django_assert_max_num_queries(2):
        followup_rates(cast.org, program_ids=None, start=START, end=END, today=TODAY)
