"""Time retention analytics over 100,000 episodes (DESIGN.md §6: at most 2 s).

`measure()` seeds a benchmark organization into the current database (once; later calls
reuse it) and times `retention()` (30/60/90-day rates, Kaplan-Meier curves overall and by
early engagement, the log-rank test). Run it on a scratch database only, e.g.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 manage.py bench_outcomes --commit

`make bench` can call `measure()` directly. No timed assertion lives in the unit tests.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.clients.models import Client, DischargeReason, Episode, LevelOfCare
from alongside.organizations.models import Organization, Program
from alongside.outcomes.filters import parse_filters
from alongside.outcomes.retention import retention
from alongside.support.models import Encounter, EncounterKind

SLUG = "outcomes-bench"
BATCH = 5000
CONTACTS_PER_EPISODE = 3  # 300,000 contacts for 100,000 episodes: DESIGN.md's large center
REASONS = (
    (DischargeReason.COMPLETED, 40),
    (DischargeReason.LEFT, 30),
    (DischargeReason.TRANSFERRED, 10),
    (DischargeReason.ADMINISTRATIVE, 10),
    (DischargeReason.OTHER, 6),
    (DischargeReason.INCARCERATED, 3),
    (DischargeReason.DIED, 1),
)


def seed(episodes: int, *, seed: int = 7) -> Organization:
    """Create the benchmark organization with EPISODES episodes (one client each, 30% open)
    admitted over the last three years, and three contacts per episode. Returns it; does
    nothing but return it if it already holds that many episodes."""
    organization, _ = Organization.objects.get_or_create(
        slug=SLUG, defaults={"name": "Outcomes benchmark", "time_zone": "America/Chicago"}
    )
    if Episode.objects.filter(organization=organization).count() >= episodes:
        return organization
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    now = timezone.now()
    program, _ = Program.objects.get_or_create(
        organization=organization,
        name="Bench IOP",
        defaults={"kind": Program.Kind.INTENSIVE_OUTPATIENT},
    )
    advocate, _ = User.objects.get_or_create(
        email="bench-advocate@example.invalid", defaults={"display_name": "Bench advocate"}
    )
    reasons = [r for r, _ in REASONS]
    weights = [w for _, w in REASONS]
    with transaction.atomic():
        for offset in range(0, episodes, BATCH):
            size = min(BATCH, episodes - offset)
            clients = Client.objects.bulk_create(
                Client(organization=organization, preferred_name=f"B{offset + i}", time_zone="UTC")
                for i in range(size)
            )
            rows, contacts = [], []
            for client in clients:
                admitted = now - timedelta(days=rng.uniform(1, 3 * 365))
                engaged = rng.random() < 0.6
                stay = rng.expovariate(1 / (90 if engaged else 45))
                discharged = admitted + timedelta(days=stay)
                is_open = discharged > now or rng.random() < 0.3
                rows.append(
                    Episode(
                        organization=organization,
                        client=client,
                        program=program,
                        level_of_care=LevelOfCare.INTENSIVE_OUTPATIENT,
                        admitted_at=admitted,
                        discharged_at=None if is_open else discharged,
                        discharge_reason="" if is_open else rng.choices(reasons, weights)[0],
                    )
                )
                for number in range(CONTACTS_PER_EPISODE):
                    within = rng.uniform(0, 14 if engaged or number == 0 else 60)
                    contacts.append(
                        Encounter(
                            organization=organization,
                            client=client,
                            advocate=advocate,
                            kind=EncounterKind.PHONE,
                            occurred_at=min(now, admitted + timedelta(days=within)),
                            minutes=15,
                        )
                    )
            Episode.objects.bulk_create(rows)
            Encounter.objects.bulk_create(contacts)
    return organization


def measure(episodes: int = 100_000, *, repeat: int = 3) -> dict[str, Any]:
    """Seed (if needed) and time retention analytics over EPISODES episodes; return the
    median wall and CPU time and every run in seconds, with the number of episodes measured.
    """
    organization = seed(episodes)
    # The planner's statistics, as PostgreSQL's autovacuum keeps them in production: without
    # them it joins the contacts by 100,000 index lookups (0.45 s) instead of one hash join.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    now = timezone.now()
    filters = parse_filters(
        organization, start=(now - timedelta(days=3 * 365 + 2)).date(), end=now.date()
    )
    runs, cpu = [], []
    counted = 0
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = retention(filters, now)
        runs.append(time.perf_counter() - started)
        # This process's CPU time: close to the wall time on an idle machine (SQLite runs
        # in-process, so its work is counted; PostgreSQL's is not).
        cpu.append(time.process_time() - started_cpu)
        counted = result.episodes
    return {
        "episodes": counted,
        "median_seconds": statistics.median(runs),
        "median_cpu_seconds": statistics.median(cpu),
        "runs": runs,
        "budget_seconds": 2.0,
    }
