from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = (
        "Print a new API bearer token for the user with EMAIL (shown once; only its hash is "
        "kept). With --revoke PREFIX, revoke that token; with --revoke-all, every token of "
        "the user; with --list, show the user's tokens."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--revoke",
            metavar="PREFIX",
            help="revoke the token with PREFIX (write --revoke=PREFIX)",
        )
        group.add_argument("--revoke-all", action="store_true", help="revoke all tokens")
        group.add_argument("--list", action="store_true", help="list tokens without values")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(email__iexact=options["email"])
        except User.DoesNotExist:
            raise CommandError(f"No user has the e-mail address {options['email']!r}.") from None
        if not user.is_active:
            raise CommandError("That user is deactivated; tokens cannot be issued.")
        tokens = ApiToken.objects.filter(user=user).order_by("created_at")
        if options["list"]:
            for token in tokens:
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}…  created {token.created_at:%Y-%m-%d}  {state}")
            return
        if options["revoke_all"]:
            count = 0
            for token in tokens.filter(revoked_at__isnull=True):
                token.revoke()
                count += 1
            self.stdout.write(f"Revoked {count} token(s).")
            return
        if options["revoke"]:
            matches = list(tokens.filter(prefix=options["revoke"], revoked_at__isnull=True))
            if len(matches) != 1:
                raise CommandError("No single active token has that prefix; see --list.")
            matches[0].revoke()
            self.stdout.write("Revoked.")
            return
        _token, raw = ApiToken.issue(user)
        self.stdout.write(raw)
