"""What a bench page spends its time on: SQL or Python, and which queries and functions.

    .venv/bin/python bench/hotspots.py                # every page, against the bench database
    .venv/bin/python bench/hotspots.py today profile  # some pages
    .venv/bin/python bench/hotspots.py --explain today

Uses the database `make bench` seeded (run it first) and the same signed-in personas. For
each page it sends a few requests, then one with the queries' own timings (Django's debug
cursor) and one under cProfile, and prints: total time, time in SQL, the slowest queries
(with --explain, the database's plan for each), and the Python functions that take the most
time of their own. Numbers are for finding what dominates, not for the budget table.
"""

# ruff: noqa: T201 - a command-line tool that prints its findings
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="page keys (default: all)")
    parser.add_argument("--scale", default="large")
    parser.add_argument("--explain", action="store_true", help="print query plans")
    parser.add_argument("--top", type=int, default=4, help="queries and functions to show")
    args = parser.parse_args()

    url = bench.bench_database_url(args.scale)
    if not bench.marker_for(url).exists():
        sys.exit("No bench database yet: run `make bench` first.")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(bench.ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages, notes = bench.build_pages()
    for note in notes:
        print(f"note: {note}")
    for page in pages:
        if args.pages and page.key not in args.pages:
            continue
        for number in range(5):
            page.call(number)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            page.call(5)
        total = (time.perf_counter() - started) * 1000
        timed = sorted(
            ((float(q["time"]) * 1000, q["sql"]) for q in queries.captured_queries),
            reverse=True,
        )
        in_sql = sum(ms for ms, _ in timed)
        print(f"\n=== {page.label}: {total:.1f} ms, {len(timed)} queries, {in_sql:.1f} ms in SQL")
        for ms, sql in timed[: args.top]:
            print(f"  {ms:7.2f} ms  {_short(sql)}")
            if args.explain and sql.lstrip().upper().startswith("SELECT"):
                for line in _plan(connection, sql):
                    print(f"             {line}")
        profiler = cProfile.Profile()
        profiler.enable()
        page.call(6)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
        for line in out.getvalue().splitlines():
            if re.match(r"\s+\d", line):
                print(f"  py {line.strip()[:140]}")


def _short(sql: str) -> str:
    sql = re.sub(r'"\w+"\."(\w+)"', r"\1", sql)
    return re.sub(r"\s+", " ", sql)[:220]


def _plan(connection: Any, sql: str) -> list[str]:
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        try:
            cursor.execute(prefix + sql)
        except Exception as error:
            return [f"(no plan: {type(error).__name__})"]
        return [" ".join(str(c) for c in row)[:160] for row in cursor.fetchall()]


if __name__ == "__main__":
    main()
