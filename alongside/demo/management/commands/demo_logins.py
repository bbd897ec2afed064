from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from alongside.demo.logins import demo_organization, login_rows, other_advocates
from alongside.demo.roster import DEMO_PASSWORD

HEADINGS = ("E-mail", "Role", "Name", "What they see first")


class Command(BaseCommand):
    help = "Print the demo center's sign-in accounts, their shared password and where to go."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="address of the running site"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        org = demo_organization()
        if org is None:
            # Not an error: bin/run-demo calls this last and must keep the servers running.
            self.stdout.write(
                "The demo center is not loaded. Create it with: python manage.py seed_demo"
            )
            return
        rows = [(r.email, r.role, r.name, r.first_view) for r in login_rows(org)]
        widths = [max(len(row[i]) for row in [HEADINGS, *rows]) for i in range(len(HEADINGS))]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(
                cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
            ).rstrip()

        write = self.stdout.write
        write("")
        write(self.style.MIGRATE_HEADING(f"Alongside demo: {org.name}"))
        write(f"Open {options['url']} and sign in as any of these people.")
        write(f"Password for every demo account: {self.style.SUCCESS(DEMO_PASSWORD)}")
        # Staff sign in with a second factor (alongside/demo/second_factor.py).
        if settings.ALONGSIDE_DEMO_MFA_HINTS:
            write(
                "Staff accounts then ask for a 6-digit code: the page shows the current code "
                "for demo accounts, no authenticator app needed."
            )
        else:
            write(
                "Staff accounts then ask for a 6-digit code. The page shows it for demo accounts "
                "when started with `make run` (DEBUG=1 ALONGSIDE_DEMO_MFA_HINTS=1)."
            )
        write("")
        write(line(HEADINGS))
        write(line(tuple("-" * width for width in widths)))
        for row in rows:
            write(line(row))
        others = other_advocates(org)
        if others:
            listed = ", ".join(others) if len(others) <= 4 else f"{others[0]} … {others[-1]}"
            write("")
            write(f"More advocates: {listed} (same password).")
        write("Everyone and everything in the demo center is fictional.")
        write("")
