"""`make load`: 50 users against gunicorn on loopback, then 0 lost writes and worker RSS.

    .venv/bin/python bench/load.py                     # SQLite bench database, 2 minutes
    .venv/bin/python bench/load.py --duration 5m       # the documented figure
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/load.py

1. Seeds (or reuses) the same bench database as `make bench` (bench/run.py).
2. Makes real signed-in sessions for advocates with a caseload and for people in recovery
   with a portal account (password and second factor marks, as the sign-in pages record
   them), and writes them to a file the locust users read (bench/locustfile.py).
3. Starts gunicorn on 127.0.0.1 with --workers (default 4, see docs/performance.md), runs
   locust headless with --users (default 50: 80% advocates, 20% people checking in) for
   --duration, and reads its statistics: throughput, p50/p95/p99, failures.
4. Reads each web worker's resident memory (RSS) after the run, while they are still up.
5. Stops gunicorn, then checks that every write locust saw acknowledged is in the database:
   each contact's nonce is in a stored note; each check-in was audited, and each person's
   row holds their last acknowledged answer (later answers the same day replace it).
Writes everything as JSON to bench/results/ and exits non-zero when a write is lost or the
server failed a request.
"""

# ruff: noqa: T201 - a command-line tool that prints its report
from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench

ROOT = bench.ROOT
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def identities(pra_count: int, client_count: int) -> dict[str, list[dict[str, Any]]]:
    """Sign in advocates with a current caseload and portal users; return their sessions."""
    from django.conf import settings
    from django.test import Client as Browser
    from django.urls import reverse

    from alongside.accounts.models import User
    from alongside.clients.models import Assignment, Client
    from alongside.testing.personas import login

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    def session(user: User) -> tuple[str, str]:
        browser = Browser()
        login(browser, user)
        return browser.cookies[settings.SESSION_COOKIE_NAME].value, secrets.token_hex(16)

    pras = []
    advocates = (
        Assignment.objects.filter(ended_at__isnull=True, advocate__memberships__role="pra")
        .values_list("advocate_id", flat=True)
        .distinct()
        .order_by("advocate_id")[:pra_count]
    )
    for advocate in User.objects.filter(pk__in=list(advocates)):
        caseload = list(
            Assignment.objects.filter(advocate=advocate, ended_at__isnull=True).values_list(
                "client__public_id", flat=True
            )
        )
        key, csrf = session(advocate)
        pras.append(
            {
                "session": key,
                "csrf": csrf,
                "clients": [str(p) for p in caseload],
                "profiles": [reverse("workspace:client", args=[p]) for p in caseload],
                "contacts": [reverse("support:log_contact", args=[p]) for p in caseload],
            }
        )
    people = []
    for client in (
        Client.objects.filter(user__isnull=False, episodes__discharged_at__isnull=True)
        .select_related("user")
        .distinct()
        .order_by("pk")[:client_count]
    ):
        assert client.user is not None  # noqa: S101 - filtered above
        key, csrf = session(client.user)
        people.append({"session": key, "csrf": csrf, "client": str(client.public_id)})
    return {"pra": pras, "client": people}


def memory_of_workers(master: int) -> list[dict[str, float]]:
    """Return each child of the gunicorn MASTER's memory in MB: RSS (resident, counting the
    pages shared with the master and the other workers), PSS (shared pages divided among
    their sharers) and USS (private to the worker: what one more worker costs)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
            if fields.get("PPid", "").strip() != str(master):
                continue
            rollup = dict(
                line.split(":", 1)
                for line in (status.parent / "smaps_rollup").read_text().splitlines()[1:]
                if ":" in line
            )
        except OSError:
            continue

        def mb(value: str) -> float:
            return round(int(value.split()[0]) / 1024, 1)

        found.append(
            {
                "rss": mb(fields["VmRSS"]),
                "pss": mb(rollup["Pss"]),
                "uss": round(mb(rollup["Private_Clean"]) + mb(rollup["Private_Dirty"]), 1),
            }
        )
    return sorted(found, key=lambda m: m["rss"])


def aggregated(prefix: Path) -> dict[str, Any]:
    """The Aggregated row of locust's --csv statistics, plus each named request's."""
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open()))
    by_name = {}
    for row in rows:
        by_name[row["Name"]] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "per_second": round(float(row["Requests/s"]), 1),
        }
    return by_name


def verify(acks: dict[str, list[dict[str, str]]], since: datetime) -> dict[str, int]:
    """Count acknowledged writes that are not in the database."""
    from alongside.audit.models import AccessEvent
    from alongside.checkins.models import CheckIn
    from alongside.clients.models import Client
    from alongside.support.models import Encounter

    lost = {"contacts": 0, "checkins": 0}
    wanted = {a["nonce"] for a in acks["contacts"]}
    clients = {a["client"] for a in acks["contacts"]}
    stored = {
        e.note
        for e in Encounter.objects.filter(
            client__public_id__in=clients, created_at__gte=since
        ).only("note")
    }
    lost["contacts"] = len(wanted - stored)
    by_client: dict[str, list[str]] = {}
    for ack in acks["checkins"]:
        by_client.setdefault(ack["client"], []).append(ack["nonce"])
    for public_id, nonces in by_client.items():
        client = Client.objects.get(public_id=public_id)
        audited = AccessEvent.objects.filter(
            client_id=client.pk,
            object_type="checkin",
            action__in=["create", "update"],
            occurred_at__gte=since,
        ).count()
        latest = CheckIn.objects.filter(client=client).order_by("-updated_at").first()
        missing = max(0, len(nonces) - audited)
        if latest is None or latest.went_well != nonces[-1]:
            missing = max(missing, 1)
        lost["checkins"] += missing
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="large")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", default="2m", help="locust run time, e.g. 2m or 300s")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    url = bench.bench_database_url(args.scale)
    bench.ensure_seeded(url, args.scale, args.seed, args.reseed)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    bench.VAR.mkdir(parents=True, exist_ok=True)
    users_file = bench.VAR / "load-identities.json"
    acks_file = bench.VAR / "load-acks.json"
    stats_prefix = bench.VAR / "load"
    acks_file.unlink(missing_ok=True)
    (bench.VAR / "load-gunicorn.log").unlink(missing_ok=True)
    users_file.write_text(json.dumps(identities(40, 40)))
    users_file.chmod(0o600)  # live sessions of the bench database
    connection.close()

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": url, "LOAD_IDENTITIES": str(users_file)}
    env["LOAD_ACKS"] = str(acks_file)
    started_at = datetime.now(UTC)
    gunicorn = subprocess.Popen(  # noqa: S603 - our own server on loopback
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--config",
            str(ROOT / "bench" / "gunicorn_conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(bench.VAR / "load-gunicorn.log"),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 180  # preloading imports everything first
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        subprocess.run(  # noqa: S603 - locust on loopback, bounded by --run-time
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.duration,
                "--host",
                host,
                "--csv",
                str(stats_prefix),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            check=False,
            timeout=3600,
        )
        memory = memory_of_workers(gunicorn.pid)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=60)
        users_file.unlink(missing_ok=True)  # live sessions: not left lying around

    stats = aggregated(stats_prefix)
    acks = json.loads(acks_file.read_text())
    lost = verify(acks, started_at)
    total = stats["Aggregated"]
    server_errors = sum(
        int(row["Occurrences"])
        for row in csv.DictReader((bench.VAR / "load_failures.csv").open())
        if "50" in row["Error"]
    )
    result = {
        "when": started_at.isoformat(timespec="seconds"),
        "database": connection.vendor,
        "scale": args.scale,
        "users": args.users,
        "duration": args.duration,
        "workers": args.workers,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "throughput_per_second": total["per_second"],
        "requests": total["requests"],
        "failures": total["failures"],
        "server_errors": server_errors,
        "p50_ms": total["p50_ms"],
        "p95_ms": total["p95_ms"],
        "p99_ms": total["p99_ms"],
        "by_request": {k: v for k, v in stats.items() if k != "Aggregated"},
        "acknowledged": {k: len(v) for k, v in acks.items()},
        "lost": lost,
        "worker_memory_mb": memory,
        "commit": bench._commit(),
    }
    print(f"\nLoad run on {result['database']}: {args.users} users, {args.duration}, ")
    print(f"gunicorn --workers {args.workers}")
    print(
        f"throughput {total['per_second']}/s over {total['requests']} requests; "
        f"p50 {total['p50_ms']:.0f} ms, p95 {total['p95_ms']:.0f} ms, p99 {total['p99_ms']:.0f} ms"
    )
    for name, row in result["by_request"].items():
        print(
            f"  {name:14} {row['requests']:6d} req  p50 {row['p50_ms']:6.0f}  "
            f"p95 {row['p95_ms']:6.0f}  p99 {row['p99_ms']:6.0f}  failures {row['failures']}"
        )
    print(f"failures {total['failures']} (server errors {server_errors})")
    print(f"acknowledged writes {result['acknowledged']}, lost {lost}")
    for number, worker in enumerate(memory, 1):
        print(
            f"web worker {number} after the run: RSS {worker['rss']} MB, "
            f"PSS {worker['pss']} MB, private {worker['uss']} MB"
        )
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = started_at.strftime("%Y%m%dT%H%M%SZ")
    path = bench.RESULTS / f"{stamp}-load-{connection.vendor}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Written: {path.relative_to(ROOT)}")
    if sum(lost.values()) or server_errors or total["failures"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
