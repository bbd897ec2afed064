"""Advocates' working hours: are they working now, and when do they next start?

Boundaries protect advocates (who are not on call by accident) and set honest expectations
for clients: outside hours a client is told when a reply is likely and where to get help
now, and the advocate's "new message" notice waits until their next start.

Times are wall-clock times in the advocate's own zone (their account's, else their
organization's); each day's moments are built from the local date, so a daylight-saving
change moves nothing.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from alongside.messaging.models import WorkingDay
from alongside.organizations.models import Organization

# Used until an advocate sets their own week: Monday to Friday, 9:00 to 17:00.
DEFAULT_WEEK: dict[int, tuple[time, time]] = {day: (time(9), time(17)) for day in range(5)}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Week:
    days: dict[int, tuple[time, time]]  # weekday -> (starts, ends); missing days are off
    zone: zoneinfo.ZoneInfo
    is_default: bool = False

    def is_working(self, now: datetime) -> bool:
        local = now.astimezone(self.zone)
        hours = self.days.get(local.weekday())
        if hours is None:
            return False
        starts, ends = self._moments(local, hours)
        return starts <= local < ends

    def next_start(self, now: datetime) -> datetime | None:
        """Return the next moment after NOW at which a working period starts; None if the
        week has no working days."""
        local = now.astimezone(self.zone)
        for offset in range(8):
            day = local + timedelta(days=offset)
            hours = self.days.get(day.weekday())
            if hours is None:
                continue
            starts, _ends = self._moments(day, hours)
            if starts > local:
                return starts
        return None

    def _moments(self, day: datetime, hours: tuple[time, time]) -> tuple[datetime, datetime]:
        return (
            datetime.combine(day.date(), hours[0], tzinfo=self.zone),
            datetime.combine(day.date(), hours[1], tzinfo=self.zone),
        )


def _zone_of(user: Any, organization: Organization) -> zoneinfo.ZoneInfo:
    for name in (getattr(user, "time_zone", ""), organization.time_zone):
        if name:
            try:
                return zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    return zoneinfo.ZoneInfo("UTC")


def weeks_of(users: Iterable[Any], organization: Organization) -> dict[int, Week]:
    """Return each user's working week in ORGANIZATION, keyed by user id (one query)."""
    users = list(users)
    days: dict[int, dict[int, tuple[time, time]]] = {}
    rows = WorkingDay.objects.filter(
        organization=organization, user_id__in=[u.pk for u in users]
    ).values_list("user_id", "weekday", "starts", "ends")
    for user_id, weekday, starts, ends in rows:
        days.setdefault(user_id, {})[weekday] = (starts, ends)
    return {
        user.pk: Week(
            days=days.get(user.pk, DEFAULT_WEEK),
            zone=_zone_of(user, organization),
            is_default=user.pk not in days,
        )
        for user in users
    }


def week_of(user: Any, organization: Organization) -> Week:
    return weeks_of([user], organization)[user.pk]


@dataclass(frozen=True)
class ReplyExpectation:
    """What a client is told before writing: is anyone working now, and if not, when."""

    available_now: bool
    next_reply_at: datetime | None  # the earliest next start among the advocates
    advocate_count: int


def reply_expectation(weeks: Iterable[Week], now: datetime) -> ReplyExpectation:
    weeks = list(weeks)
    if any(week.is_working(now) for week in weeks):
        return ReplyExpectation(True, None, len(weeks))
    starts = [s for s in (week.next_start(now) for week in weeks) if s is not None]
    return ReplyExpectation(False, min(starts) if starts else None, len(weeks))


def reply_expectation_for(client: Any, now: datetime) -> ReplyExpectation:
    """What CLIENT is told before writing: from their current, active advocates' weeks."""
    advocates = [
        a.advocate
        for a in client.assignments.current().select_related("advocate")
        if a.advocate.is_active
    ]
    organization = Organization.objects.get(pk=client.organization_id)
    return reply_expectation(weeks_of(advocates, organization).values(), now)
