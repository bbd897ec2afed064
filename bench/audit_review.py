"""Time the audit review's questions on a million audit rows (issue 5, item 9).

    .venv/bin/python bench/audit_review.py                      # SQLite, var/bench/audit.sqlite3
    createdb alongside_bench_audit
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alongside_bench_audit \\
        .venv/bin/python bench/audit_review.py

Fills a scratch database (migrated from empty; the script refuses one that already holds
audit rows) with ROWS events, hash-chained with the model's own canonical form: 200 staff,
5,000 clients, a year of activity, 2% refused. Then, after ANALYZE, it times each question
the review page asks (the page count and the first page of 25, as the page runs them),
prints the plans, and times `verify_all()` over the whole log. `--reuse` skips the fill when
the rows are already there.

Not a test: the unit tests only check that the planner picks these indexes
(alongside/privacy/tests/test_indexes.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_SCRATCH = ROOT / "var" / "bench" / "audit.sqlite3"
ORG = 1
STAFF = 200
CLIENTS = 5000
BATCH = 5000
PAGE = 25


def say(*parts: object, flush: bool = False) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    if flush:
        sys.stdout.flush()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per question")
    parser.add_argument("--reuse", action="store_true", help="keep rows already there")
    return parser.parse_args()


def _setup(reuse: bool) -> None:
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        SQLITE_SCRATCH.parent.mkdir(parents=True, exist_ok=True)
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_SCRATCH}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_SCRATCH}"
    elif "bench" not in os.environ["DATABASE_URL"].rsplit("/", 1)[-1]:
        sys.exit("DATABASE_URL must name a scratch database with 'bench' in its name")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(rows: int) -> None:
    """Write ROWS chained events the way `record_many()` computes them (the model's own
    canonical form and hash), but with executemany/COPY: the ORM's bulk_create would take
    most of the run. `verify_all()` at the end proves the chain is sound."""
    from django.db import connection, transaction

    from alongside.audit.models import GENESIS_HASH, AccessEvent, Action, ChainHead, Outcome

    existing = AccessEvent.objects.count()
    if existing:
        sys.exit(f"the scratch database already holds {existing} audit rows; use --reuse")
    fields = [f for f in AccessEvent._meta.concrete_fields if f.column != "id"]
    columns = [f.column for f in fields]
    clients = [(100_000 + i, uuid.UUID(int=i + 1)) for i in range(CLIENTS)]
    actions = [Action.VIEW] * 8 + [Action.CREATE, Action.UPDATE]
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=365)
    step = timedelta(days=365) / rows
    began = time.perf_counter()
    previous = GENESIS_HASH
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The indexes of a million rows do not fit SQLite's default 2 MB page cache; with
            # it, every insert rereads index pages from disk.
            cursor.execute("PRAGMA cache_size = -1000000")
        for i in range(rows):
            person = 10 + (i * 7) % STAFF
            client_id, client_public_id = clients[(i * 13) % CLIENTS]
            row = AccessEvent(
                chain=ORG,
                sequence=i + 1,
                occurred_at=start + step * i,
                user_id=person,
                user_email=f"staff{person}@bench.test",
                role="pra",
                organization_id=ORG,
                client_id=client_id,
                client_public_id=client_public_id,
                action=actions[i % len(actions)],
                object_type="client",
                object_public_id=str(client_public_id),
                ip="192.0.2.10",
                outcome=Outcome.DENIED if i % 50 == 0 else Outcome.SUCCESS,
                prev_hash=previous,
            )
            row.hash = previous = row.compute_hash()
            batch.append(
                tuple(f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields)
            )
            if len(batch) == BATCH or i == rows - 1:
                # A transaction per batch: one transaction of a million rows would keep
                # SQLite's write-ahead log from being checkpointed until the very end.
                with transaction.atomic():
                    _write(cursor, columns, batch)
                    ChainHead.objects.update_or_create(
                        chain=ORG, defaults={"sequence": i + 1, "hash": previous}
                    )
                batch = []
            if (i + 1) % 100_000 == 0:
                say(f"  {i + 1:>9,} rows  {time.perf_counter() - began:6.1f} s", flush=True)
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size = -2000")  # back to the default for the timings
    say(f"filled {rows:,} rows in {time.perf_counter() - began:.1f} s")


def _write(cursor, columns: list[str], batch: list[tuple]) -> None:
    from django.db import connection

    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY audit_accessevent ({names}) FROM STDIN") as copy:
            for values in batch:
                copy.write_row(values)
    else:
        marks = ", ".join(["%s"] * len(columns))
        # Column names come from the model, values are parameters.
        insert = f"INSERT INTO audit_accessevent ({names}) VALUES ({marks})"  # noqa: S608
        cursor.executemany(insert, batch)


def _timed(label: str, run, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    say(f"{label:<58} median {statistics.median(times):8.1f} ms   max {max(times):8.1f} ms")


def _page(queryset) -> None:
    """What the review page runs: the page count, then one page of rows."""
    queryset.count()
    list(queryset[:PAGE])


def main() -> None:
    arguments = _arguments()
    _setup(arguments.reuse)
    from django.db import connection

    from alongside.audit.models import AccessEvent
    from alongside.audit.queries import AuditFilter, events_for_review
    from alongside.audit.verification import verify_all

    if not arguments.reuse or not AccessEvent.objects.exists():
        _fill(arguments.rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = AccessEvent.objects.count()
    newest = AccessEvent.objects.order_by("-occurred_at").values_list("occurred_at", flat=True)[0]
    say(f"\n{connection.vendor}: {total:,} audit rows\n")

    chains = [ORG]
    questions = {
        "who accessed this client (all time)": AuditFilter(client_public_id=uuid.UUID(int=1234)),
        "what did this person access, one week": AuditFilter(
            user_id=10 + 42, since=newest - timedelta(days=37), until=newest - timedelta(days=30)
        ),
        "what did this person access, all time": AuditFilter(user_id=10 + 42),
        "whole log, newest first": AuditFilter(),
        "whole log, one day": AuditFilter(since=newest - timedelta(days=1)),
        "refused only (no index of its own)": AuditFilter(outcome="denied"),
    }
    for label, wanted in questions.items():
        queryset = events_for_review(chains, wanted)
        _timed(
            f"{label} [{queryset.count():,} rows]", lambda q=queryset: _page(q), arguments.repeat
        )
    say("")
    for label in ("who accessed this client (all time)", "what did this person access, one week"):
        say(f"plan, {label}:")
        say(
            "  "
            + events_for_review(chains, questions[label])[:PAGE].explain().replace("\n", "\n  ")
        )
    began = time.perf_counter()
    client_rows = list(events_for_review(chains, questions["who accessed this client (all time)"]))
    say(
        f"\nCSV-sized read of one client's history ({len(client_rows)} rows): "
        f"{(time.perf_counter() - began) * 1000:.1f} ms"
    )
    began = time.perf_counter()
    checked = sum(count for _, count, problem in verify_all() if problem is None)
    say(f"verify_all() over {checked:,} rows: {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
