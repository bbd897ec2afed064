"""Days in recovery and milestones: pure functions over local calendar dates.

Everything here works on `date`s in the client's own time zone (`client_today()` turns "now"
into that date); nothing reads the clock or the database, so the rules are tested by tables.

Counting rules:

- The start date is day 0. "Days in recovery" is the number of whole calendar days from the
  latest recovery start date to the client's today.
- Milestones are calendar milestones, not stopwatch ones: "24 hours" is reached on the day after
  the start (on a daylight-saving change day a local day is 23 or 25 hours long; the person's
  calendar is what counts), "30 days" on start + 30 days.
- Months and years use calendar arithmetic from the start date, clamped to the end of the
  month when the day does not exist: Jan 31 + 1 month is Feb 28 (Feb 29 in a leap year),
  Aug 31 + 6 months is the last day of February, and Feb 29 + 1 year is Feb 28. Each
  milestone is computed from the start date itself, never from the previous milestone, so a
  clamp never drifts (Feb 29, 2024 + 4 years is Feb 29, 2028).
- A recurrence of use ends the current span; a new start begins a new one. Total days in
  recovery is the sum of every span (start to the recurrence that ended it) plus the current
  span (start to today).
- Taking prescribed medication (buprenorphine, methadone, naltrexone or any other) never
  affects any count: there is deliberately no kind of event for it, because medication is a
  recovery pathway, not a recurrence.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import count
from typing import Protocol

from alongside.lib.zones import local_date

START = "start"
RECURRENCE = "recurrence"


@dataclass(frozen=True)
class Milestone:
    """One rung of the ladder: KEY is stable ("30d", "6m", "2y"), LABEL is for people."""

    key: str
    label: str
    days: int = 0
    months: int = 0


# The fixed rungs; yearly milestones follow from "1y" for ever (see ladder()).
FIXED_LADDER: tuple[Milestone, ...] = (
    Milestone("24h", "24 hours", days=1),
    Milestone("7d", "7 days", days=7),
    Milestone("30d", "30 days", days=30),
    Milestone("60d", "60 days", days=60),
    Milestone("90d", "90 days", days=90),
    Milestone("6m", "6 months", months=6),
    Milestone("9m", "9 months", months=9),
)


def yearly(years: int) -> Milestone:
    return Milestone(f"{years}y", "1 year" if years == 1 else f"{years} years", months=12 * years)


def ladder() -> Iterator[Milestone]:
    """Yield every milestone in order: the fixed rungs, then 1 year, 2 years, … without end."""
    yield from FIXED_LADDER
    for years in count(1):
        yield yearly(years)


def milestone_by_key(key: str) -> Milestone | None:
    """Return the milestone with KEY ("30d", "3y"); None if there is no such milestone."""
    for milestone in FIXED_LADDER:
        if milestone.key == key:
            return milestone
    if key.endswith("y") and key[:-1].isdigit() and int(key[:-1]) >= 1:
        return yearly(int(key[:-1]))
    return None


def add_months(start: date, months: int) -> date:
    """Return START plus MONTHS calendar months, clamped to the last day of the month."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def reached_on(start: date, milestone: Milestone) -> date:
    """Return the local date on which a span that began on START reaches MILESTONE."""
    return add_months(start, milestone.months) + timedelta(days=milestone.days)


def days_in_recovery(latest_start: date | None, today: date) -> int | None:
    """Return whole days from LATEST_START to TODAY (0 on the start date); None without a
    start. A start after today (a client whose zone moved west) counts as 0, never negative."""
    if latest_start is None:
        return None
    return max(0, (today - latest_start).days)


def next_milestone(start: date, today: date) -> tuple[Milestone, date]:
    """Return the first milestone not yet reached on TODAY, with the date it will be reached."""
    for milestone in ladder():
        when = reached_on(start, milestone)
        if when > today:
            return milestone, when
    raise AssertionError("the ladder never ends")  # pragma: no cover


def milestones_between(start: date, since: date, today: date) -> list[tuple[Milestone, date]]:
    """Return the milestones of a span begun on START reached after SINCE and on or before
    TODAY (the half-open range (SINCE, TODAY]), oldest first, each with its date.

    `milestones_between(start, start, today)` is every milestone reached so far.
    """
    reached = []
    for milestone in ladder():
        when = reached_on(start, milestone)
        if when > today:
            break
        if when > since:
            reached.append((milestone, when))
    return reached


@dataclass(frozen=True)
class Span:
    """One attempt: from a start date to the recurrence that ended it (None: still going)."""

    start: date
    end: date | None = None

    def days(self, today: date) -> int:
        return max(0, ((self.end or today) - self.start).days)


def spans(events: Iterable[tuple[str, date]]) -> list[Span]:
    """Return the spans described by EVENTS, (kind, date) pairs in the order recorded.

    A start ends nothing and a recurrence begins nothing. A start recorded while another span
    is still going corrects that span's start date (the earlier row stays in the history but
    no longer counts); a recurrence with no span going is history only.
    """
    result: list[Span] = []
    current: date | None = None
    for kind, on_date in events:
        if kind == START:
            current = on_date
        elif kind == RECURRENCE and current is not None:
            result.append(Span(current, on_date))
            current = None
    if current is not None:
        result.append(Span(current))
    return result


def current_start(span_list: Sequence[Span]) -> date | None:
    """Return the start date of the span still going; None after a recurrence or with none."""
    if span_list and span_list[-1].end is None:
        return span_list[-1].start
    return None


def total_days_in_recovery(span_list: Sequence[Span], today: date) -> int:
    """Return the days of every ended span plus the current span up to TODAY."""
    return sum(span.days(today) for span in span_list)


class HasTimeZone(Protocol):
    time_zone: str


def client_today(client: HasTimeZone, now: datetime) -> date:
    """Return the calendar date in CLIENT's own time zone at the aware instant NOW.

    "Today" is always the client's date, never the server's or the advocate's: at 10:00 UTC
    on Jan 1 it is already Jan 2 in Kiritimati and still Dec 31 in Pago Pago.
    """
    return local_date(client.time_zone, now)
