"""`make bench`: server-side time of the hot pages at the "large" scale (DESIGN.md §6, issue 8).

    .venv/bin/python bench/run.py                  # SQLite: var/bench/large.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything .venv/bin/python bench/run.py
        # PostgreSQL: the database alongside_bench on that server (created if missing)

Seeds a dedicated bench database with `seed_demo --scale large` (reused when a marker file
under var/bench/ says it already holds that scale; --reseed starts over), then signs in the
demo personas with real sessions (Django's test Client: `force_login` plus the second-factor
marks, alongside/testing/personas.py `login`) and sends each page through the whole
middleware stack, round-robin, so every page sees the same background noise. The time is
taken around the WSGI handler call: server time, no network and no browser.

Prints a table (page, p50, p95, p95 / floor p50, SQL queries) and writes the run as JSON to
bench/results/ (git-ignored but for the last documented runs; see docs/performance.md).

The floor is /healthz/me (alongside/lib/floor.py): the middleware plus one indexed query.
Write pages (check-in, contact) add rows to the bench database; a reused database keeps them.
"""

# ruff: noqa: T201 - a command-line tool that prints its table
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
BENCH_DB = "alongside_bench"
P95_BUDGET_MS = 100.0
FLOOR_RATIO_BUDGET = 4.0
MIN_SAMPLES = 20


def bench_database_url(scale: str, database: str = BENCH_DB) -> str:
    """The bench database: a PostgreSQL database named DATABASE (alongside_bench) on
    DATABASE_URL's server, else an SQLite file under var/bench/ named after the scale."""
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(base)._replace(path=f"/{database}"))
    name = "".join(c if c.isalnum() else "-" for c in scale)
    return f"sqlite:///{VAR / (name + '.sqlite3')}"


def marker_for(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme.startswith("postgres"):
        return VAR / f"{parts.hostname}-{parts.port or 5432}{parts.path.replace('/', '-')}.seeded"
    return Path(parts.path + ".seeded")


def manage(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT
    )


def fresh_database(url: str) -> None:
    """Drop and recreate the bench database (PostgreSQL) or remove the file (SQLite)."""
    parts = urlsplit(url)
    if parts.scheme.startswith("postgres"):
        import psycopg

        name = parts.path.lstrip("/")
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        return
    path = Path(parts.path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()


def ensure_seeded(url: str, scale: str, seed: int, reseed: bool) -> float | None:
    """Seed the bench database unless its marker says it holds SCALE and SEED already;
    return the seconds the seed took, or None when reused."""
    marker = marker_for(url)
    wanted = f"{scale} seed={seed}"
    if not reseed and marker.exists() and marker.read_text().strip() == wanted:
        print(f"Reusing the bench database ({wanted}).")
        return None
    VAR.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    fresh_database(url)
    started = time.monotonic()
    manage(url, "migrate", "--skip-checks", "-v0")
    manage(url, "seed_demo", "--skip-checks", "--scale", scale, "--seed", str(seed))
    seconds = time.monotonic() - started
    marker.write_text(wanted + "\n")
    print(f"Seeded in {seconds:.0f} s (migrations included).")
    return seconds


def retention_at_scale(episodes: int) -> dict[str, Any]:
    """Time retention analytics over EPISODES episodes (DESIGN.md: 100,000 in at most 2 s) in
    a database of their own (alongside_bench_outcomes, or var/bench/outcomes-N.sqlite3),
    seeded once by `manage.py bench_outcomes`; return its JSON result."""
    url = bench_database_url(f"outcomes-{episodes}", f"{BENCH_DB}_outcomes")
    marker = marker_for(url)
    if not marker.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        fresh_database(url)
        manage(url, "migrate", "--skip-checks", "-v0")
        print(f"Seeding {episodes:,} episodes for the retention measurement…", flush=True)
    env = {**os.environ, "DATABASE_URL": url}
    finished = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "bench_outcomes",
            "--skip-checks",
            "--commit",
            "--json",
            "--episodes",
            str(episodes),
            "--repeat",
            "5",
        ],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    marker.write_text(f"{episodes}\n")
    result: dict[str, Any] = json.loads(finished.stdout.strip().splitlines()[-1])
    return result


@dataclass
class Page:
    key: str
    label: str
    call: Callable[[int], Any]  # send request number I, return the response
    expect: int = 200
    samples: list[float] = field(default_factory=list)
    queries: int = 0
    note: str = ""


def build_pages() -> tuple[list[Page], list[str]]:
    """Sign the personas in and return the pages to time (floor first), plus skip notes."""
    from django.conf import settings
    from django.test import Client as Browser
    from django.urls import NoReverseMatch, reverse

    from alongside.accounts.models import User
    from alongside.clients.models import Assignment, Client
    from alongside.demo.roster import ADVOCATE, SUPERVISOR
    from alongside.testing.personas import login

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    def signed_in(email: str) -> Browser:
        browser = Browser()
        login(browser, User.objects.get(email=email))
        return browser

    pra, supervisor = signed_in(ADVOCATE), signed_in(SUPERVISOR)
    director = signed_in("director@demo.test")
    caseload = list(
        Assignment.objects.filter(advocate__email=ADVOCATE, ended_at__isnull=True)
        .order_by("client_id")
        .values_list("client__public_id", flat=True)
    )
    portal_people = list(
        Client.objects.filter(user__isnull=False, episodes__discharged_at__isnull=True)
        .distinct()
        .order_by("pk")
        .values_list("user__email", flat=True)[:40]
    )
    portal = [signed_in(email) for email in portal_people]
    profile_urls = [reverse("workspace:client", args=[p]) for p in caseload]
    contact_urls = [reverse("support:log_contact", args=[p]) for p in caseload]
    checkin = reverse("portal:checkin")
    checkin_form = {"mood": "4", "craving": "2", "used_since_last": "no", "safety_concern": "no"}
    contact_form = {"kind": "brief", "minutes": "10", "topics": ["goals"]}

    def get(browser: Browser, url: str) -> Callable[[int], Any]:
        return lambda i: browser.get(url)

    pages = [
        Page("floor", "Floor: /healthz/me", get(pra, reverse("whoami"))),
        Page("today", "PRA Today", get(pra, reverse("today:home"))),
        Page("caseload", "My caseload", get(pra, reverse("workspace:caseload"))),
        Page(
            "profile",
            "Client profile",
            lambda i: pra.get(profile_urls[i % len(profile_urls)]),
        ),
        Page(
            "checkin",
            "Check-in submit (portal)",
            lambda i: portal[i % len(portal)].post(checkin, checkin_form),
            expect=302,
        ),
        Page(
            "contact",
            "Log a contact",
            lambda i: pra.post(contact_urls[i % len(contact_urls)], contact_form),
            expect=302,
        ),
        Page("alerts", "Alerts list", get(pra, reverse("safety:alerts"))),
        Page("team", "Supervisor team view", get(supervisor, reverse("overview:team"))),
    ]
    notes = []
    # Pages of apps that may not exist yet: (key, label, URL name, who).
    for key, label, name, browser in (
        ("retention", "Director retention", "outcomes:retention", director),
    ):
        try:
            url = reverse(name)
        except NoReverseMatch:
            notes.append(f"{label}: skipped, {name} does not resolve")
            continue
        pages.append(Page(key, label, get(browser, url)))
    return pages, notes


def check_and_count(pages: list[Page]) -> tuple[list[Page], list[str]]:
    """Send each page once (it must answer as expected) and count its SQL queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kept, notes = [], []
    for page in pages:
        try:
            page.call(0)  # the first audited request of a chain may create its head row
            with CaptureQueriesContext(connection) as queries:
                response = page.call(1)
        except Exception as error:
            if page.key in ("floor", "today"):
                raise
            notes.append(f"{page.label}: failed ({type(error).__name__}); skipped")
            continue
        if response.status_code != page.expect:
            message = f"{page.label}: answered {response.status_code}, not {page.expect}"
            if page.key in ("floor", "today"):
                raise SystemExit(message)
            notes.append(message + "; skipped")
            continue
        page.queries = len(queries)
        kept.append(page)
    return kept, notes


def measure(pages: list[Page], requests: int, warmup: int, page_seconds: float) -> None:
    """Time REQUESTS requests per page after WARMUP untimed ones, round-robin. A page that
    has used PAGE_SECONDS of timed requests stops early (with at least MIN_SAMPLES), so one
    slow page cannot hold the run for an hour; the table shows how many requests it got."""
    spent = {page.key: 0.0 for page in pages}
    for number in range(warmup + requests):
        for page in pages:
            if len(page.samples) >= MIN_SAMPLES and spent[page.key] > page_seconds * 1000:
                continue
            started = time.perf_counter()
            response = page.call(number + 2)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != page.expect:
                raise SystemExit(f"{page.label}: answered {response.status_code} on run {number}")
            if number >= warmup:
                page.samples.append(elapsed)
                spent[page.key] += elapsed
        if number >= warmup and (number - warmup + 1) % 20 == 0:
            print(f"  {number - warmup + 1} of {requests} rounds", flush=True)


def percentile(samples: list[float], point: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[point - 1]


def summarize(pages: list[Page]) -> list[dict[str, Any]]:
    floor = statistics.median(pages[0].samples)
    rows = []
    for page in pages:
        p50, p95 = statistics.median(page.samples), percentile(page.samples, 95)
        rows.append(
            {
                "page": page.key,
                "label": page.label,
                "requests": len(page.samples),
                "p50_ms": round(p50, 2),
                "p95_ms": round(p95, 2),
                "p99_ms": round(percentile(page.samples, 99), 2),
                "p95_over_floor_p50": round(p95 / floor, 2),
                "queries": page.queries,
                "meets_budget": p95 <= P95_BUDGET_MS and p95 / floor <= FLOOR_RATIO_BUDGET,
            }
        )
    return rows


def print_table(rows: list[dict[str, Any]], vendor: str, notes: list[str]) -> None:
    print(f"\nServer time at the bench scale on {vendor} (ms)")
    print(f"{'page':28} {'n':>4} {'p50':>8} {'p95':>8} {'p95/floor':>10} {'queries':>8}  budget")
    for row in rows:
        budget = "-" if row["page"] == "floor" else ("ok" if row["meets_budget"] else "MISS")
        print(
            f"{row['label']:28} {row['requests']:4d} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
            f"{row['p95_over_floor_p50']:9.1f}x {row['queries']:8d}  {budget}"
        )
    for note in notes:
        print(f"note: {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="large", help="seed_demo --scale (default large)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page")
    parser.add_argument(
        "--page-seconds",
        type=float,
        default=60,
        help=f"stop timing a page after this many seconds (at least {MIN_SAMPLES} requests)",
    )
    parser.add_argument("--reseed", action="store_true", help="seed a fresh database")
    parser.add_argument("--label", default="", help="a word for the result file name")
    parser.add_argument(
        "--retention-episodes",
        type=int,
        default=100_000,
        help="episodes for the retention analytics measurement (0 skips it)",
    )
    args = parser.parse_args()

    url = bench_database_url(args.scale)
    seed_seconds = ensure_seeded(url, args.scale, args.seed, args.reseed)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    load_before = os.getloadavg()
    pages, notes = build_pages()
    pages, more = check_and_count(pages)
    notes += more
    started = time.monotonic()
    print(f"Timing {len(pages)} pages, {args.requests} rounds…", flush=True)
    measure(pages, args.requests, args.warmup, args.page_seconds)
    rows = summarize(pages)
    vendor = connection.vendor
    print_table(rows, vendor, notes)
    analytics = None
    if args.retention_episodes:
        analytics = retention_at_scale(args.retention_episodes)
        verdict = "ok" if analytics["median_seconds"] <= analytics["budget_seconds"] else "MISS"
        runs = ", ".join(f"{r:.2f}" for r in analytics["runs"])
        print(
            f"\nRetention analytics over {analytics['episodes']:,} episodes on {vendor}: "
            f"median {analytics['median_seconds']:.2f} s (runs {runs}; budget "
            f"{analytics['budget_seconds']:.0f} s)  {verdict}"
        )
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "scale": args.scale,
        "seed": args.seed,
        "seed_seconds": None if seed_seconds is None else round(seed_seconds, 1),
        "requests_per_page": args.requests,
        "warmup_per_page": args.warmup,
        "seconds": round(time.monotonic() - started, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "commit": _commit(),
        "pages": rows,
        "retention_analytics": analytics,
        "notes": notes,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = "-".join(filter(None, [stamp, vendor, args.scale.split(",")[0], args.label]))
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nWritten: {path.relative_to(ROOT)}")


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        ).stdout.strip()
    except OSError:
        return ""


if __name__ == "__main__":
    main()
