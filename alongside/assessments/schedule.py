"""When assessments are due: schedules per program, and a pure function from a client's
episode and latest responses to what is due on a given day.

Defaults (`DEFAULT_SCHEDULES`), chosen for a peer program inside a treatment center:

- BARC-10 at intake, every 30 days, and at discharge: recovery capital is what peer support
  builds, and the change from intake to discharge is what a funder report asks for.
- PHQ-9 and GAD-7 every 30 days, not at intake: the clinical intake of a treatment center
  usually gives them already, and asking twice in the first week helps nobody. A month in,
  they show whether mood and worry are moving.
- PHQ-2 and AUDIT-C are given when someone decides to (no schedule).

A program changes this in `Program.settings["assessments"]`, per instrument; whatever it
leaves out keeps the default::

    {"assessments": {
        "barc10": {"every_days": 60},                 # keep intake and discharge
        "phq9": {"at_intake": true},                  # intake as well as every 30 days
        "gad7": false,                                # never scheduled here
        "auditc": {"at_intake": true, "every_days": null}
    }}

A value that is not understood (a string of days, zero or negative days, an unknown
instrument) is ignored and the default stays, so a typo never switches a schedule off.

What "due" means, for one instrument, in the client's own calendar days:

- At intake: from the day of admission, for the first `INTAKE_WINDOW_DAYS` days of an open
  episode, while it has not been given since admission. After that window a missed intake
  assessment is not chased as "intake"; the every-N-days rule picks the person up at day N.
- Every N days: N days after the latest response given since admission (or N days after
  admission if there is none), until a new one is given.
- At discharge: for `DISCHARGE_WINDOW_DAYS` days after a discharge (the latest episode is
  closed and no other is open), unless it was given on or after the day of discharge. The
  staff discharge page is not touched; the due item shows in the portal and on the
  assessments page instead.

Only one reason per instrument is given (intake before every-N-days): a person asked for the
same questionnaire twice would answer it once anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from alongside.assessments.catalog import get_instrument

INTAKE_WINDOW_DAYS = 14
DISCHARGE_WINDOW_DAYS = 7

INTAKE = "intake"
PERIODIC = "periodic"
DISCHARGE = "discharge"


@dataclass(frozen=True)
class Schedule:
    """When one instrument is given in one program."""

    at_intake: bool = False
    every_days: int | None = None
    at_discharge: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.at_intake or self.every_days or self.at_discharge)


DEFAULT_SCHEDULES: dict[str, Schedule] = {
    "barc10": Schedule(at_intake=True, every_days=30, at_discharge=True),
    "phq9": Schedule(every_days=30),
    "gad7": Schedule(every_days=30),
}

# The order instruments are offered in when several are due.
ORDER = ("barc10", "phq9", "gad7", "phq2", "auditc")


def _known(key: str) -> bool:
    try:
        get_instrument(key)
    except LookupError:
        return False
    return True


def _overridden(base: Schedule, changes: Mapping[str, Any]) -> Schedule:
    """Return BASE with the understood fields of CHANGES applied."""
    schedule = base
    for name in ("at_intake", "at_discharge"):
        if isinstance(changes.get(name), bool):
            schedule = replace(schedule, **{name: changes[name]})
    if "every_days" in changes:
        days = changes["every_days"]
        if days is None:
            schedule = replace(schedule, every_days=None)
        elif isinstance(days, int) and not isinstance(days, bool) and days > 0:
            schedule = replace(schedule, every_days=days)
    return schedule


def schedules_for(program_settings: Any) -> dict[str, Schedule]:
    """Return {instrument key: Schedule} for a program with PROGRAM_SETTINGS (its
    `Program.settings`, any JSON): the defaults with the program's changes applied, and
    instruments with no occasion left out."""
    schedules = dict(DEFAULT_SCHEDULES)
    custom = program_settings.get("assessments") if isinstance(program_settings, dict) else None
    if isinstance(custom, dict):
        for key, changes in custom.items():
            if not isinstance(key, str) or not _known(key):
                continue
            if changes is False or changes is None:
                schedules.pop(key, None)
            elif isinstance(changes, dict):
                schedules[key] = _overridden(schedules.get(key, Schedule()), changes)
    return {key: schedule for key, schedule in schedules.items() if not schedule.is_empty}


@dataclass(frozen=True)
class Due:
    """INSTRUMENT (a key) is due for OCCASION (INTAKE, PERIODIC, DISCHARGE) since SINCE."""

    instrument: str
    occasion: str
    since: date
    every_days: int | None = None


def _order(key: str) -> tuple[int, str]:
    return (ORDER.index(key) if key in ORDER else len(ORDER), key)


def due_assessments(
    today: date,
    *,
    admitted_on: date | None,
    discharged_on: date | None,
    schedules: Mapping[str, Schedule],
    last_given: Mapping[str, date],
) -> list[Due]:
    """Return the assessments due on TODAY, in the order they are best offered.

    ADMITTED_ON and DISCHARGED_ON are the client's episode in their own calendar: the open
    one (DISCHARGED_ON None), else the latest one. SCHEDULES come from `schedules_for()` for
    that episode's program. LAST_GIVEN is {instrument key: the client-local date of their
    latest response}, for any instrument they ever answered. Nothing is due without an
    episode, before admission, or after the discharge window.
    """
    if admitted_on is None or today < admitted_on:
        return []
    due: list[Due] = []
    for key in sorted(schedules, key=_order):
        schedule = schedules[key]
        last = last_given.get(key)
        if discharged_on is not None:
            in_window = 0 <= (today - discharged_on).days < DISCHARGE_WINDOW_DAYS
            if schedule.at_discharge and in_window and (last is None or last < discharged_on):
                due.append(Due(key, DISCHARGE, discharged_on))
            continue
        since_admission = last if last is not None and last >= admitted_on else None
        in_intake = (today - admitted_on).days < INTAKE_WINDOW_DAYS
        if schedule.at_intake and since_admission is None and in_intake:
            due.append(Due(key, INTAKE, admitted_on))
        elif schedule.every_days:
            next_on = (since_admission or admitted_on) + timedelta(days=schedule.every_days)
            if today >= next_on:
                due.append(Due(key, PERIODIC, next_on, schedule.every_days))
    return due
