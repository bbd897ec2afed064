from __future__ import annotations

from json import dumps
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alongside.outcomes.bench import measure


class Command(BaseCommand):
    help = (
        "Seed a benchmark organization (default 100,000 episodes) into the CURRENT database "
        "and time retention analytics (budget 2 s). Use a scratch database. Without --commit "
        "it only says what it would do."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--episodes", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--commit", action="store_true", help="Really seed and measure.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(
        self, *args: Any, episodes: int, repeat: int, commit: bool, json: bool, **options: Any
    ) -> None:
        if not commit:
            self.stdout.write(
                f"Would seed {episodes:,} episodes into this database and time retention. "
                "Run again with --commit on a scratch database."
            )
            return
        result = measure(episodes, repeat=repeat)
        if json:
            self.stdout.write(dumps(result))
            return
        runs = ", ".join(f"{r:.2f}" for r in result["runs"])
        self.stdout.write(
            f"Retention analytics over {result['episodes']:,} episodes: median "
            f"{result['median_seconds']:.2f} s wall, {result['median_cpu_seconds']:.2f} s CPU "
            f"(runs: {runs}; budget 2 s)"
        )
