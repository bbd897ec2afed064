"""The "large center" of DESIGN.md §6, for `seed_demo --scale` and `make bench`.

`--scale large` means 5,000 clients, 200 staff, 1,000,000 check-ins, 300,000 contacts and
50,000 assessment responses; `--scale clients=50,checkins=2000` gives explicit counts (the
keys of `Scale`). The load has two steps:

1. The normal demo center (plan.py, builder.py) for the scale's clients, with two changes to
   its plan: current caseloads are re-dealt so that every advocate who holds one holds 15 to
   40 people (`CASELOAD_MIN`..`CASELOAD_MAX`, most near `CASELOAD_MODE`, a few heavy ones), and
   the staff is filled up to the requested size with clinicians (a center's other staff, who
   carry no caseload).
2. History in bulk (large_history.py) up to the requested totals: earlier check-ins, contacts
   and assessment responses. A client's share grows with how long they have been with the
   center, times an engagement drawn per person, so most people have a short history and a
   few a long one. The audit log gets one `create` event per client and kind of history
   (check-ins, assessment responses) with no object id: "this person's history was loaded",
   not a million rows a seed would take minutes to chain. The builder's own rows keep their
   per-record events; contacts get none there either.

A count below what step 1 already makes (or above what the clients' days can hold: one
check-in per client per day) is refused with `ScaleError`, and nothing is left written.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime

from django.db import connection, transaction

from alongside.demo import names
from alongside.demo.builder import build_demo_center
from alongside.demo.plan import CenterPlan, StaffPlan, plan_center
from alongside.demo.roster import DEMO_EMAIL_DOMAIN, PROGRAMS
from alongside.organizations.models import Role

CASELOAD_MIN = 15
CASELOAD_MAX = 40
CASELOAD_MODE = 20


class ScaleError(ValueError):
    """A --scale that cannot be built as asked."""


@dataclass(frozen=True)
class Scale:
    """How big a center to build. None: whatever the normal demo plan makes."""

    clients: int = 150
    staff: int | None = None
    checkins: int | None = None
    encounters: int | None = None  # support contacts
    assessments: int | None = None  # assessment responses

    def label(self) -> str:
        """Return the scale as `--scale` takes it, e.g. "clients=50,checkins=2000"."""
        return ",".join(
            f"{f.name}={getattr(self, f.name)}"
            for f in fields(self)
            if getattr(self, f.name) is not None
        )


LARGE = Scale(clients=5_000, staff=200, checkins=1_000_000, encounters=300_000, assessments=50_000)
NAMED = {"large": LARGE}
KEYS = tuple(f.name for f in fields(Scale))


def parse_scale(text: str) -> Scale:
    """Return the Scale TEXT names: "large", or "key=count" pairs joined by commas."""
    text = text.strip()
    if text in NAMED:
        return NAMED[text]
    counts: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in KEYS:
            raise ScaleError(
                f"--scale takes {' or '.join(NAMED)}, or counts like clients=5000,checkins=1000000"
                f" (keys: {', '.join(KEYS)}); not {part!r}"
            )
        try:
            number = int(value.strip().replace("_", ""))
        except ValueError:
            raise ScaleError(f"{key} must be a whole number, not {value!r}") from None
        if number < (1 if key == "clients" else 0):
            raise ScaleError(f"{key} must be at least {1 if key == 'clients' else 0}")
        counts[key] = number
    if not counts:
        raise ScaleError("--scale is empty")
    return Scale(**counts)


@dataclass(frozen=True)
class LargeSummary:
    scale: Scale
    staff: int
    clients: int
    checkins: int
    encounters: int
    assessments: int
    audit_events: int
    seconds: float


def plan_large(scale: Scale, seed: int) -> CenterPlan:
    """Return the demo plan for SCALE: caseloads re-dealt, staff filled up with clinicians."""
    plan = plan_center(seed=seed, clients=scale.clients)
    rng = random.Random(f"large-{seed}")
    deal_caseloads(plan, rng)
    if scale.staff is not None:
        add_staff(plan, scale.staff)
    return plan


def deal_caseloads(plan: CenterPlan, rng: random.Random) -> None:
    """Re-deal current assignments (in place) so each advocate with a caseload has 15-40.

    Advocates keep as many of their own current clients as their new caseload holds; the
    rest go to advocates with room. Advocates left without current clients keep their past
    ones. Only the open (last) assignment of a moved client changes hands.
    """
    advocates = [s.email for s in plan.staff if s.role == Role.PRA]
    current: dict[str, list[int]] = {email: [] for email in advocates}
    for index, person in enumerate(plan.clients):
        if person.assignments and person.assignments[-1].ended_ago is None:
            current[person.assignments[-1].advocate].append(index)
    sizes = caseload_sizes(rng, sum(len(v) for v in current.values()), len(advocates))
    pool: list[int] = []
    kept: dict[str, list[int]] = {}
    for email, size in zip(advocates, sizes, strict=True):
        kept[email] = current[email][:size]
        pool.extend(current[email][size:])
    for email, size in zip(advocates, sizes, strict=True):
        while len(kept[email]) < size:
            kept[email].append(pool.pop())
    for email, indexes in kept.items():
        for index in indexes:
            person = plan.clients[index]
            if person.assignments[-1].advocate != email:
                person.assignments[-1] = replace(person.assignments[-1], advocate=email)


def caseload_sizes(rng: random.Random, total: int, advocates: int) -> list[int]:
    """Return one caseload size per advocate, summing to TOTAL: 15-40 each (most near 20,
    a long tail of heavy ones), then zeros; one smaller caseload only when TOTAL < 15."""
    if advocates < 1:
        raise ScaleError("the plan has no advocates")
    if total > advocates * CASELOAD_MAX:
        raise ScaleError(f"{total} current clients do not fit {advocates} caseloads of 40")
    sizes: list[int] = []
    left = total
    while left > 0 and len(sizes) < advocates:
        size = round(rng.triangular(CASELOAD_MIN, CASELOAD_MAX, CASELOAD_MODE))
        sizes.append(min(left, size))
        left -= sizes[-1]
    if len(sizes) > 1 and sizes[-1] < CASELOAD_MIN:
        left += sizes.pop()
    position = 0
    while left > 0:  # ran out of advocates, or a short last caseload: spread it out
        slot = position % len(sizes)
        if sizes[slot] < CASELOAD_MAX:
            sizes[slot] += 1
            left -= 1
        position += 1
    return sizes + [0] * (advocates - len(sizes))


def add_staff(plan: CenterPlan, target: int) -> None:
    """Fill PLAN's staff up to TARGET with clinicians, alternating programs."""
    extra = target - len(plan.staff)
    if extra < 0:
        raise ScaleError(
            f"staff={target} is too few: {len(plan.staff)} staff look after these clients"
        )
    firsts, lasts = names.STAFF_FIRST_NAMES, names.STAFF_LAST_NAMES
    for number in range(extra):
        plan.staff.append(
            StaffPlan(
                f"clinician{number + 2}@{DEMO_EMAIL_DOMAIN}",
                f"{firsts[(number * 7 + 3) % len(firsts)]} {lasts[(number * 5 + 1) % len(lasts)]}",
                Role.CLINICIAN,
                program_kinds=(PROGRAMS[number % len(PROGRAMS)][1],),
            )
        )


def build_large_center(
    scale: Scale,
    *,
    seed: int = 1,
    now: datetime | None = None,
    report: Callable[[str], None] = lambda line: None,
    progress: bool = False,
) -> LargeSummary | None:
    """Load the demo center at SCALE; return the counts, or None if it is already loaded.

    Raises ScaleError (nothing written) for counts the plan cannot meet.
    """
    from alongside.demo.large_history import History  # the Django models, loaded lazily

    started = time.monotonic()
    plan = plan_large(scale, seed)
    history = History(plan, scale, seed=seed, report=report, progress=progress)
    history.check_plan()
    # One transaction: a history that cannot be built leaves no half-built center behind.
    with transaction.atomic():
        built = build_demo_center(
            seed=seed, clients=scale.clients, now=now, report=report, plan=plan
        )
        if built is None:
            return None
        totals = history.load()
    # Fresh statistics for the query planner. Without them SQLite reads every open assignment
    # of the organization to find one advocate's (the org index instead of advocate+ended_at)
    # in each access check: 5-10x the SQL time of Today and the caseload at this scale.
    report("Updating the query planner's statistics (ANALYZE)…")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return LargeSummary(
        scale=scale,
        staff=built.staff,
        clients=built.clients,
        checkins=totals["checkins"],
        encounters=totals["encounters"],
        assessments=totals["assessments"],
        audit_events=built.audit_events + totals["audit_events"],
        seconds=time.monotonic() - started,
    )
