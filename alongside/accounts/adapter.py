from __future__ import annotations

from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from alongside.accounts.reauth import authenticated_within


class AccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by an administrator; nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def reauthenticate(self, user: AbstractBaseUser, password: str) -> bool:
        # allauth looks the address up in its EmailAddress table, which our accounts do not
        # use (User.email is the sign-in address). Going through authenticate() keeps the
        # lockout counting wrong passwords typed here too.
        email = getattr(user, "email", "")
        reauth_user = self.authenticate(context.request, email=email, password=password)
        return reauth_user is not None and reauth_user.pk == user.pk

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Signing in counts as recent as re-authenticating: someone who signed in a minute
        ago is not asked for their password again to set up their second factor."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        return request is None or not authenticated_within(
            request, account_settings.REAUTHENTICATION_TIMEOUT
        )
