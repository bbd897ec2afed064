"""Who must use a second factor, and whether this session has passed it.

Staff (anyone with an active membership) and platform operators (`is_staff`, superusers) must
sign in with a second factor; clients may turn one on. allauth asks for the code at sign-in
when an account has an authenticator, and records each step of the sign-in in the session
("password", then "mfa"); `SecondFactorMiddleware` reads that record.
"""

from __future__ import annotations

from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import HttpRequest

# Authenticators that are a second factor on their own. Recovery codes only stand in for one.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def status_of(user: Any) -> tuple[bool, bool]:
    """Return (must use a second factor, has one) for USER, in one query."""
    User = get_user_model()
    row = (
        User.objects.filter(pk=user.pk)
        .values_list(
            Exists(
                # The reverse relation of organizations.Membership, named here so that accounts
                # does not import organizations (docs/architecture.md, dependency direction).
                User.objects.filter(pk=OuterRef("pk"), memberships__is_active=True, is_active=True)
            ),
            Exists(Authenticator.objects.filter(user_id=OuterRef("pk"), type__in=SECOND_FACTORS)),
        )
        .first()
    )
    if row is None:
        return False, False
    staff, enrolled = row
    return bool(staff or user.is_staff or user.is_superuser), bool(enrolled)


def has_second_factor(user: Any) -> bool:
    """Return whether USER (saved or not) has a second factor set up."""
    if user is None or getattr(user, "pk", None) is None:
        return False
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def passed_second_factor(request: HttpRequest) -> bool:
    """Return whether the signed-in person typed a code (or used a key) in this session."""
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, getattr(request, "user", None))
    )


def record_second_factor(request: HttpRequest, user: Any, kind: str) -> None:
    """Note in the session that USER just proved a KIND authenticator, as allauth's sign-in
    does after the second step.

    Used when someone sets up an authenticator: they typed a valid code from it, so the
    session has what a second-factor sign-in would have given it.
    """
    record_authentication(request, user, "mfa", type=kind, enrolled=True)
