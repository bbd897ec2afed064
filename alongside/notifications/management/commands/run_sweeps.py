from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from alongside.notifications.sweeps import run_sweeps_once

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the scheduled sweeps (due reminders, deliveries to send or retry) every "
        "--interval seconds until stopped; with --once, run them once and exit. `make run` "
        "starts this next to the task worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run one pass and exit")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between passes")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] <= 0:
            self.stderr.write("--interval must be more than 0 seconds.")
            raise SystemExit(2)
        while True:
            close_old_connections()
            try:
                report = run_sweeps_once()
            except Exception:
                # One bad pass must not stop the sweeper: log (no client data) and go on.
                logger.exception("sweep pass failed; retrying in %s s", options["interval"])
            else:
                if any(report.values()) or options["once"]:
                    self.stdout.write(", ".join(f"{k}: {v}" for k, v in report.items()))
            if options["once"]:
                return
            time.sleep(options["interval"])
