"""The follow-up schedule: which days after discharge, and each follow-up's window.

Per-program settings live in `Program.settings["aftercare"]` (as the risk rules live in
`settings["risk_rules"]`, alongside/safety/rules.py); anything missing or invalid falls back
to the defaults:

    {"followup_days": [7, 30, 90, 180, 365], "alumni_portal": true}

The window rule (shown on the pages): a follow-up N days after discharge is due on the
discharge date (in the client's time zone) plus N days. Its window opens W days before and
closes W days after the due date, where W = max(3, N // 10): ±3 days for the 7- and 30-day
follow-ups, ±9 for 90 days, ±18 for 180, ±36 for 365. A follow-up can be recorded only inside
its window; one not reached by the end of its window is closed (lost to follow-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

DEFAULT_DAYS: tuple[int, ...] = (7, 30, 90, 180, 365)
MAX_DAYS = 730  # two years: a longer follow-up is a setting mistake
MIN_HALF_WIDTH = 3

WINDOW_RULE = (
    "A follow-up N days after discharge is due N days after the discharge date. It can be "
    "recorded from max(3, N ÷ 10) days before to max(3, N ÷ 10) days after that date (±3 days "
    "at 7 and 30 days, ±9 at 90, ±18 at 180, ±36 at 365). Not reached by the end of its "
    "window, it closes as lost to follow-up."
)


def followup_days(program_settings: Any) -> tuple[int, ...]:
    """Return the program's follow-up days (sorted, distinct), or DEFAULT_DAYS when the
    setting is missing or any value is not a whole number of days from 1 to MAX_DAYS."""
    given = program_settings.get("aftercare") if isinstance(program_settings, dict) else None
    days = given.get("followup_days") if isinstance(given, dict) else None
    if not isinstance(days, list) or not days:
        return DEFAULT_DAYS
    if not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= MAX_DAYS for d in days):
        return DEFAULT_DAYS
    return tuple(sorted(set(days)))


def alumni_keep_portal(program_settings: Any) -> bool:
    """Return whether discharged clients of the program keep their portal (default yes)."""
    given = program_settings.get("aftercare") if isinstance(program_settings, dict) else None
    value = given.get("alumni_portal") if isinstance(given, dict) else None
    return value if isinstance(value, bool) else True


def half_width(days: int) -> int:
    return max(MIN_HALF_WIDTH, days // 10)


@dataclass(frozen=True)
class Window:
    due_on: date
    opens_on: date
    closes_on: date


def window_for(discharge_date: date, days: int) -> Window:
    """Return the window of the follow-up DAYS after DISCHARGE_DATE (see the module doc)."""
    due = discharge_date + timedelta(days=days)
    width = timedelta(days=half_width(days))
    return Window(due_on=due, opens_on=due - width, closes_on=due + width)
