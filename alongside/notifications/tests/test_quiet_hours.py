"""Quiet hours: notices to a person wait out their night, in their own zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from alongside.notifications.quiet import after_quiet_hours


@pytest.mark.parametrize(
    ("zone", "now", "expected"),
    [
        # 3 PM in Chicago: sent at once.
        ("America/Chicago", datetime(2026, 11, 25, 21, 0, tzinfo=UTC), None),
        # 10 PM in Chicago: waits until 8 AM the next morning.
        (
            "America/Chicago",
            datetime(2026, 11, 26, 4, 0, tzinfo=UTC),
            datetime(2026, 11, 26, 14, 0, tzinfo=UTC),
        ),
        # 2 AM in Chicago: waits until 8 AM the same day.
        (
            "America/Chicago",
            datetime(2026, 11, 26, 8, 0, tzinfo=UTC),
            datetime(2026, 11, 26, 14, 0, tzinfo=UTC),
        ),
        # The same instant is mid-afternoon in Tokyo: sent at once.
        ("Asia/Tokyo", datetime(2026, 11, 26, 4, 0, tzinfo=UTC), None),
        # 11 PM on the night clocks go back (Nov 1, 2026): 8 AM CST is 14:00 UTC.
        (
            "America/Chicago",
            datetime(2026, 11, 1, 4, 0, tzinfo=UTC),
            datetime(2026, 11, 1, 14, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_notice_waits_for_the_morning_in_the_person_zone(zone, now, expected):
    assert after_quiet_hours(zone, now) == (expected or now)


def test_an_unknown_zone_does_not_hold_a_notice_back():
    now = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
    assert after_quiet_hours("Not/AZone", now) == now
