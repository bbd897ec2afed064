"""Re-encrypt stored free text under the newest key in ALONGSIDE_ENCRYPTION_KEYS.

Not destructive (the text stays the same), so no --commit: see docs/privacy.md, "Encryption
at rest", for the whole rotation procedure. It lives here, beside verify_audit, because
`alongside/lib` (which holds the fields and `rotate_keys()`) is not an app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.lib.encrypted_fields import rotate_keys
from alongside.lib.encryption import DecryptionError


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column with the first key of ALONGSIDE_ENCRYPTION_KEYS, in "
        "batches. Safe to interrupt and run again: values already under that key are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Rows per transaction (default 500).",
        )

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        keys = len(settings.ALONGSIDE_ENCRYPTION_KEYS)
        self.stdout.write(
            f"Re-encrypting with the first of {keys} key{'s' if keys != 1 else ''} in "
            f"ALONGSIDE_ENCRYPTION_KEYS, {batch_size} rows at a time."
        )
        try:
            results = rotate_keys(batch_size=batch_size, report=self.stdout.write)
        except DecryptionError as error:
            raise CommandError(
                f"{error}. Rows before this one are done; add the missing key to "
                "ALONGSIDE_ENCRYPTION_KEYS (after the new one) and run again."
            ) from None
        changed = sum(c.changed for c in results.values())
        unchanged = sum(c.unchanged for c in results.values())
        raced = sum(c.raced for c in results.values())
        self.stdout.write(
            f"Done: {changed} row{'s' if changed != 1 else ''} re-encrypted, "
            f"{unchanged} already current or empty."
        )
        if raced:
            self.stdout.write(
                f"{raced} rows changed while this ran and were left for the next run: "
                "run the command again."
            )
        else:
            self.stdout.write(
                "Every value is under the newest key: once every process runs with it first, "
                "the older keys can be removed from ALONGSIDE_ENCRYPTION_KEYS."
            )
