from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alongside.audit.models import ChainCheck
from alongside.audit.verification import verify_all


class Command(BaseCommand):
    help = (
        "Walk every audit chain and check each row's hash and link. Prints the first bad row "
        "of each damaged chain and exits with status 1 if any chain has been tampered with. "
        "Each chain's result is stored for the audit review page; run it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        damaged = 0
        total = 0
        for chain, count, problem in verify_all():
            total += count
            ChainCheck.objects.create(
                chain=chain,
                checked_at=timezone.now(),
                rows=count,
                intact=problem is None,
                problem=str(problem)[:300] if problem else "",
            )
            if problem is None:
                self.stdout.write(f"chain {chain}: {count} rows intact")
            else:
                damaged += 1
                self.stderr.write(str(problem))
        if damaged:
            raise CommandError(f"{damaged} audit chain(s) damaged; {total} rows read.")
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {total} rows verified."))
