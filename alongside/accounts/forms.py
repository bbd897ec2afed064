"""allauth's second-factor forms with Alongside's additions.

- A wrong code at sign-in or re-authentication counts as a failed sign-in for the account
  (alongside/accounts/lockout.py), so guessing codes locks it exactly like guessing
  passwords; while it is locked no code is even checked.
- Setting up an app records the second factor in the session, as signing in with it would
  (`SecondFactorMiddleware` ends sessions with an authenticator they never passed).
"""

from __future__ import annotations

from allauth.core import context
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alongside.accounts.lockout import is_locked_out, record_failure
from alongside.accounts.second_factor import record_second_factor

LOCKED = _("Too many attempts. Try again in 15 minutes.")


class _CountedCodeMixin:
    user: object

    def clean_code(self) -> str:
        request = context.request
        email = self.user.email  # type: ignore[attr-defined]
        if is_locked_out(request, email):
            raise ValidationError(LOCKED, code="locked")
        try:
            return super().clean_code()  # type: ignore[misc]
        except ValidationError:
            record_failure(request, email)
            raise


class AuthenticateForm(_CountedCodeMixin, mfa_forms.AuthenticateForm):
    """The code asked for at sign-in."""


class ReauthenticateForm(_CountedCodeMixin, mfa_forms.ReauthenticateForm):
    """The code asked for before a sensitive action."""


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    """Setting up an authenticator app: the code typed proves it, for this session too."""

    def clean_code(self) -> str:
        code = super().clean_code()
        record_second_factor(context.request, self.user, "totp")
        return code
