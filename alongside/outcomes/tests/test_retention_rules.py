"""Retention-rate denominators, table-driven: who is retained, lost or left out at 30, 60 and
90 days, with episodes at the edge of each window, still open, discharged the same day and
re-admitted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.clients.models import Client, DischargeReason, Episode, LevelOfCare
from alongside.outcomes.filters import parse_filters
from alongside.outcomes.retention import retention

DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)
NOW = timezone.now().replace(microsecond=0)

# (admitted before NOW, stay length or None while open, reason) -> state at (30, 60, 90):
# "R" retained, "L" lost, "-" left out of that timepoint's denominator.
CASES = [
    ("open, exactly 30 days old", 30 * DAY, None, "", "R--"),
    ("open, one second short of 30 days", 30 * DAY - SECOND, None, "", "---"),
    ("open, 90 days old", 90 * DAY, None, "", "RRR"),
    ("open, 59 days old", 59 * DAY, None, "", "R--"),
    ("left on day 29", 200 * DAY, 29 * DAY, DischargeReason.LEFT, "LLL"),
    ("left on day 30 exactly", 200 * DAY, 30 * DAY, DischargeReason.LEFT, "RLL"),
    ("left one second before day 30", 200 * DAY, 30 * DAY - SECOND, DischargeReason.LEFT, "LLL"),
    ("administrative on day 61", 200 * DAY, 61 * DAY, DischargeReason.ADMINISTRATIVE, "RRL"),
    ("left the same day", 200 * DAY, 2 * 3600 * SECOND, DischargeReason.LEFT, "LLL"),
    ("completed the same day", 200 * DAY, 2 * 3600 * SECOND, DischargeReason.COMPLETED, "RRR"),
    ("completed on day 45", 200 * DAY, 45 * DAY, DischargeReason.COMPLETED, "RRR"),
    ("transferred on day 10", 200 * DAY, 10 * DAY, DischargeReason.TRANSFERRED, "RRR"),
    ("incarcerated on day 40", 200 * DAY, 40 * DAY, DischargeReason.INCARCERATED, "R--"),
    ("died on day 5", 200 * DAY, 5 * DAY, DischargeReason.DIED, "---"),
    ("other on day 90", 200 * DAY, 90 * DAY, DischargeReason.OTHER, "RRR"),
]


def _episode(cast, client, admitted_ago, length, reason):
    admitted = NOW - admitted_ago
    return Episode.objects.create(
        organization=cast.org,
        client=client,
        program=cast.residential,
        level_of_care=LevelOfCare.RESIDENTIAL,
        admitted_at=admitted,
        discharged_at=None if length is None else admitted + length,
        discharge_reason=reason,
    )


def _client(cast, name="Person"):
    return Client.objects.create(organization=cast.org, preferred_name=name, time_zone="UTC")


def _filters(cast):
    start = (NOW - 400 * DAY).date()
    return parse_filters(cast.org, start=start, end=NOW.date() + DAY)


def _states(result):
    return "".join("R" if r.retained else "L" if r.lost else "-" for r in result.rates)


@pytest.mark.parametrize(
    ("label", "ago", "length", "reason", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_retention_rate_rule(cast, label, ago, length, reason, expected):
    # The cast's own episodes were admitted 20 days ago: keep them out of the range.
    Episode.objects.filter(organization=cast.org).delete()
    _episode(cast, _client(cast), ago, length, reason)
    result = retention(_filters(cast), NOW)
    assert result.episodes == 1
    assert _states(result) == expected
    for rate, state in zip(result.rates, expected, strict=True):
        assert rate.denominator == (0 if state == "-" else 1)


def test_denominators_add_up_over_the_whole_table(cast):
    Episode.objects.filter(organization=cast.org).delete()
    for _label, ago, length, reason, _expected in CASES:
        _episode(cast, _client(cast), ago, length, reason)
    result = retention(_filters(cast), NOW)
    for index, rate in enumerate(result.rates):
        states = [case[4][index] for case in CASES]
        assert rate.retained == states.count("R")
        assert rate.lost == states.count("L")
        assert rate.denominator == states.count("R") + states.count("L")
        assert rate.retained + rate.lost + rate.still_open_too_young + rate.ended_unrelated == len(
            CASES
        )
    assert result.rates[0].rate == pytest.approx(
        result.rates[0].retained / result.rates[0].denominator
    )


def test_a_readmitted_client_counts_once_per_episode(cast):
    Episode.objects.filter(organization=cast.org).delete()
    person = _client(cast)
    _episode(cast, person, 300 * DAY, 12 * DAY, DischargeReason.LEFT)  # left, then came back
    _episode(cast, person, 200 * DAY, None, "")  # open again, 200 days in
    result = retention(_filters(cast), NOW)
    assert result.episodes == 2
    assert [(r.retained, r.lost) for r in result.rates] == [(1, 1), (1, 1), (1, 1)]


def test_an_episode_admitted_before_the_range_is_not_counted(cast):
    Episode.objects.filter(organization=cast.org).delete()
    _episode(cast, _client(cast), 401 * DAY + DAY, None, "")
    _episode(cast, _client(cast), 100 * DAY, None, "")
    assert retention(_filters(cast), NOW).episodes == 1


def test_open_episodes_are_censored_and_only_dropout_reasons_are_events(cast):
    Episode.objects.filter(organization=cast.org).delete()
    for _label, ago, length, reason, _expected in CASES:
        _episode(cast, _client(cast), ago, length, reason)
    result = retention(_filters(cast), NOW)
    dropouts = sum(
        1 for c in CASES if c[3] in (DischargeReason.LEFT, DischargeReason.ADMINISTRATIVE)
    )
    assert result.overall is not None
    assert result.overall.events == result.dropouts == dropouts
    assert result.overall.n == len(CASES)
