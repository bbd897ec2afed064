"""Password rules beyond Django's built-ins (NIST SP 800-63B-4: long passphrases welcome)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alongside.accounts.second_factor import has_second_factor


class MinimumLengthValidator:
    """At least 15 characters; 12 for an account that already has a second factor.

    The shorter minimum needs the second factor to exist when the password is set: a new
    account (no authenticator yet) always needs 15.
    """

    def __init__(self, min_length: int = 15, with_second_factor: int = 12) -> None:
        self.min_length = min_length
        self.with_second_factor = with_second_factor

    def minimum_for(self, user: Any = None) -> int:
        return self.with_second_factor if has_second_factor(user) else self.min_length

    def validate(self, password: str, user: Any = None) -> None:
        # Django's own validator, for its wording and its translations.
        password_validation.MinimumLengthValidator(self.minimum_for(user)).validate(password, user)

    def get_help_text(self) -> str:
        return _("At least %(min)d characters (%(short)d once two-step verification is on).") % {
            "min": self.min_length,
            "short": self.with_second_factor,
        }


class MaximumLengthValidator:
    """Refuse only absurd lengths; 800-63B requires accepting at least 64 characters."""

    def __init__(self, max_length: int = 256) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is longer than %(max)d characters.") % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Up to %(max)d characters; spaces and any symbols are welcome.") % {
            "max": self.max_length
        }
