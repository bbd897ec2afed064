"""Quiet hours: no notice reaches a person in the middle of their night.

A notice that would arrive between QUIET_FROM and QUIET_UNTIL in the person's own zone waits
until QUIET_UNTIL. Check-in reminders are not affected: they go at the time the person chose.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

QUIET_FROM = time(21)
QUIET_UNTIL = time(8)


def after_quiet_hours(zone_name: str, now: datetime) -> datetime:
    """Return NOW if it is outside quiet hours in ZONE_NAME, else the moment they end."""
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return now
    local = now.astimezone(zone)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return now
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    # Built from the local date: the wake-up time is right across daylight-saving changes.
    return datetime.combine(day, QUIET_UNTIL, tzinfo=zone)
