"""IANA time zones: validation and choices."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from functools import cache

from django.core.exceptions import ValidationError


@cache
def available_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_zone(value: str) -> None:
    """Raise ValidationError unless VALUE is an IANA zone name such as America/Chicago."""
    if value not in available_zones():
        raise ValidationError("%(value)s is not a known time zone.", params={"value": value})


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_zones())]


def local_date(zone_name: str, moment: datetime) -> date:
    """Return the calendar date in the IANA zone ZONE_NAME at the aware instant MOMENT.

    A person's "today" is their own calendar's: at 10:30 UTC on Jan 1 it is already Jan 2 in
    Kiritimati (UTC+14) and still Jan 1 in Chicago.
    """
    if moment.tzinfo is None:
        raise ValueError("local_date() needs an aware datetime")
    return moment.astimezone(zoneinfo.ZoneInfo(zone_name)).date()
