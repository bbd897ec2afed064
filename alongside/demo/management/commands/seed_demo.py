from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.demo.builder import DemoCenterError, build_demo_center


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
        "already loaded. Sign-in details: manage.py demo_logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--clients", type=_positive, default=150, help="number of clients (default 150)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = build_demo_center(
                seed=options["seed"], clients=options["clients"], report=self.stdout.write
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
