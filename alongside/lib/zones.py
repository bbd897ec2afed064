"""IANA time zones: validation and choices."""

from __future__ import annotations

import zoneinfo
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
