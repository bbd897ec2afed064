from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.demo.builder import DemoCenterError, build_demo_center
from alongside.demo.large import ScaleError, build_large_center, parse_scale


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Load the demo center (Hope Valley Recovery Center, slug 'demo') with fictional staff, "
        "clients, episodes, contacts, portal accounts, recovery timelines, wins, check-ins, "
        "a few message threads, assessments, safety plans, an on-call rota and past alerts. "
        "The same --seed always gives the same people. Does nothing if the demo center is "
        "already loaded. --scale large builds the DESIGN.md large center in bulk (5,000 "
        "clients, 200 staff, 1,000,000 check-ins, 300,000 contacts, 50,000 assessment "
        "responses); --scale also takes counts, e.g. clients=5000,checkins=1000000. "
        "Sign-in details: manage.py demo_logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--clients", type=_positive, default=None, help="number of clients (default 150)"
        )
        parser.add_argument(
            "--scale",
            default=None,
            help="'large', or counts: clients=N,staff=N,checkins=N,encounters=N,assessments=N",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (with --scale)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] is not None:
            self._large(options)
            return
        try:
            summary = build_demo_center(
                seed=options["seed"], clients=options["clients"] or 150, report=self.stdout.write
            )
        except DemoCenterError as error:
            raise CommandError(str(error)) from None
        if summary is None:
            self.stdout.write("Demo center already loaded; nothing to do.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo center ready in {summary.seconds:.1f} s: {summary.staff:,} staff, "
                f"{summary.clients:,} clients, {summary.episodes:,} episodes "
                f"({summary.discharged:,} discharged), {summary.assignments:,} assignments, "
                f"{summary.encounters:,} contacts, {summary.portal_accounts:,} portal accounts, "
                f"{summary.recovery_events:,} timeline events, {summary.wins:,} wins, "
                f"{summary.checkins:,} check-ins, {summary.messages:,} messages, "
                f"{summary.assessments:,} assessments, {summary.safety_plans:,} safety plan "
                f"versions, {summary.on_call_shifts:,} on-call shifts, "
                f"{summary.risk_flags:,} risk flags, {summary.alerts:,} alerts (none open), "
                f"{summary.audit_events:,} audit events."
            )
        )
        self.stdout.write("Sign-in details: manage.py demo_logins")

    def _large(self, options: dict[str, Any]) -> None:
        if options["clients"] is not None:
            raise CommandError("Give the number of clients in --scale (clients=N), not --clients.")
        try:
            scale = parse_scale(options["scale"])
            summary = build_large_center(
                scale,
                seed=options["seed"],
                report=self.stdout.write,
                progress=not options["no_progress"],
            )
        except (ScaleError, DemoCenterError) as error:
            raise CommandError(str(error)) from None
        if summary is None:
            self.stdout.write("Demo center already loaded; nothing to do.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Large demo center ({scale.label()}) ready in {summary.seconds:.1f} s: "
                f"{summary.staff:,} staff, {summary.clients:,} clients, "
                f"{summary.checkins:,} check-ins, {summary.encounters:,} contacts, "
                f"{summary.assessments:,} assessment responses, "
                f"{summary.audit_events:,} audit events."
            )
        )
        self.stdout.write("Sign-in details: manage.py demo_logins")
