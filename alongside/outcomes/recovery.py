"""Recovery capital: the paired BARC-10 change within an episode, from intake (the episode's
first scored response) to its latest. Only episodes with two or more scored responses count;
a response with a skipped item has no total (DESIGN.md §5) and is left out.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from statsmodels.stats.weightstats import DescrStatsW

from alongside.assessments.catalog import BARC10_REMISSION_LEVEL
from alongside.assessments.models import AssessmentResponse
from alongside.organizations.models import Program
from alongside.outcomes.episodes import EpisodeFrame, load_episodes
from alongside.outcomes.filters import Filters

INSTRUMENT = "barc10"
# Engagement over the whole stay, in support contacts per week.
ENGAGEMENT_LEVELS: tuple[tuple[str, float, float], ...] = (
    ("Under 1 contact a week", 0.0, 1.0),
    ("1 to 2 contacts a week", 1.0, 2.0),
    ("Over 2 contacts a week", 2.0, float("inf")),
)


@dataclass(frozen=True)
class Change:
    """The paired change of one group of episodes."""

    label: str
    n: int
    mean_intake: float | None
    mean_latest: float | None
    mean_change: float | None
    ci_low: float | None  # 95% CI of the mean change (t distribution); None with n < 2
    ci_high: float | None
    reaching: int  # latest total at or above the remission level
    changes: list[int]

    @property
    def share_reaching(self) -> float | None:
        return self.reaching / self.n if self.n else None


@dataclass(frozen=True)
class RecoveryCapital:
    filters: Filters
    overall: Change
    by_program: list[Change]
    by_engagement: list[Change]
    remission_level: int = BARC10_REMISSION_LEVEL


def paired_totals(frame: EpisodeFrame, now: datetime) -> dict[int, tuple[int, int]]:
    """Return {episode index: (intake total, latest total)} for episodes with two or more
    scored BARC-10 responses during the stay (one query)."""
    if not len(frame):
        return {}
    rows = (
        AssessmentResponse.objects.filter(
            client_id__in=set(frame.client_ids.tolist()),
            instrument=INSTRUMENT,
            total__isnull=False,
            occurred_at__gte=min(frame.admitted_at),
        )
        .order_by("client_id", "occurred_at", "id")
        .values_list("client_id", "occurred_at", "total")
    )
    by_client: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for client_id, occurred_at, total in rows:
        if total is not None:  # filtered above; a skipped item leaves no total
            by_client[client_id].append((occurred_at, total))
    pairs: dict[int, tuple[int, int]] = {}
    for index, client_id in enumerate(frame.client_ids.tolist()):
        responses = by_client.get(client_id)
        if not responses:
            continue
        start = frame.admitted_at[index]
        end = frame.discharged_at[index] or now
        times = [r[0] for r in responses]
        inside = responses[bisect.bisect_left(times, start) : bisect.bisect_right(times, end)]
        if len(inside) >= 2:
            pairs[index] = (inside[0][1], inside[-1][1])
    return pairs


def change_of(label: str, pairs: list[tuple[int, int]]) -> Change:
    """Return the mean change with its 95% confidence interval for PAIRS (intake, latest)."""
    n = len(pairs)
    if not n:
        return Change(label, 0, None, None, None, None, None, 0, [])
    intake = np.array([p[0] for p in pairs], dtype=float)
    latest = np.array([p[1] for p in pairs], dtype=float)
    changes = latest - intake
    low = high = None
    if n >= 2:
        low, high = (float(v) for v in DescrStatsW(changes).tconfint_mean(alpha=0.05))
    return Change(
        label=label,
        n=n,
        mean_intake=float(intake.mean()),
        mean_latest=float(latest.mean()),
        mean_change=float(changes.mean()),
        ci_low=low,
        ci_high=high,
        reaching=int(np.count_nonzero(latest >= BARC10_REMISSION_LEVEL)),
        changes=[int(c) for c in changes],
    )


def engagement_level(contacts: int, days: int) -> str:
    """Return the engagement level of a stay of DAYS with CONTACTS support contacts."""
    per_week = contacts / (max(days, 1) / 7)
    for label, low, high in ENGAGEMENT_LEVELS:
        if low <= per_week < high:
            return label
    return ENGAGEMENT_LEVELS[-1][0]


def recovery_capital(filters: Filters, now: datetime) -> RecoveryCapital:
    """Return the BARC-10 change for FILTERS: overall, per program, by engagement level."""
    frame = load_episodes(filters, now)
    return recovery_capital_of(frame, filters, now)


def recovery_capital_of(frame: EpisodeFrame, filters: Filters, now: datetime) -> RecoveryCapital:
    pairs = paired_totals(frame, now)
    names = dict(
        Program.objects.filter(organization=filters.organization).values_list("pk", "name")
    )
    per_program: dict[int, list[tuple[int, int]]] = defaultdict(list)
    per_level: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, pair in pairs.items():
        per_program[int(frame.program_ids[index])].append(pair)
        level = engagement_level(int(frame.contacts[index]), int(frame.days[index]))
        per_level[level].append(pair)
    return RecoveryCapital(
        filters=filters,
        overall=change_of("All episodes", list(pairs.values())),
        by_program=[
            change_of(names.get(pk, "Program"), per_program[pk])
            for pk in sorted(per_program, key=lambda pk: names.get(pk, ""))
        ],
        by_engagement=[change_of(label, per_level[label]) for label, _, _ in ENGAGEMENT_LEVELS],
    )
