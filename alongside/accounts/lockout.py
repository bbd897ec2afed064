"""Lockout after repeated failed sign-ins, on top of django-axes (records in the database).

- An account (its e-mail address as typed, lower-cased) is locked for 15 minutes after 10
  failures in a row: wrong passwords at sign-in or re-authentication, and wrong codes at the
  second step. During the lockout even the right password is refused. It ends by itself.
- An address (REMOTE_ADDR) that fails `ALONGSIDE_LOGIN_FAILURES_PER_ADDRESS` times within
  15 minutes, over any accounts, is paused the same way: spraying one password over many
  accounts gets a handful of tries, not hundreds.
- Known and unknown addresses are counted and refused alike, and the lockout page names
  nobody (DESIGN.md §4.5): it cannot tell whether an account exists.

Settings: `AXES_*` and `ALONGSIDE_LOGIN_FAILURES_PER_ADDRESS` in config/settings.py.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def attempted_email(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """Return the account a sign-in attempt names, normalized so that "Ana@Hope.test " and
    "ana@hope.test" share one count (allauth matches addresses without regard to case)."""
    value = (credentials or {}).get("email") or (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("login")
    if not value:
        return None
    return str(value).strip().lower()[:255]


def lockout_parameters(request: Any, credentials: dict[str, Any] | None) -> list[str]:
    """What django-axes counts failures by: the account named, from any address.

    Not the address as well: axes has one limit for every parameter, and an address needs a
    higher one than an account (many people share a clinic's address), so `LockoutHandler`
    counts addresses itself. (axes warns, W006, when a plain list lacks "ip_address".)
    """
    return ["username"]


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler plus a per-address limit (axes has one limit for all)."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return super().is_locked(request, credentials) or self._address_paused(request)

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self._address_paused(request):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]

    @staticmethod
    def _address_paused(request: HttpRequest) -> bool:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return False
        failures = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return (failures or 0) >= settings.ALONGSIDE_LOGIN_FAILURES_PER_ADDRESS


def is_locked_out(request: HttpRequest, email: str) -> bool:
    """Return whether sign-in as EMAIL from this request's address is paused right now."""
    return not AxesProxyHandler.is_allowed(request, {"email": email})


def record_failure(request: HttpRequest, email: str) -> None:
    """Count a failed step of signing in as EMAIL (a wrong code) like a wrong password."""
    user_login_failed.send(sender=__name__, credentials={"email": email}, request=request)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The answer to every refused attempt: the same page whoever was named (status 429).

    A session that was signed in (someone guessing at the re-authentication page) or half
    way through signing in (guessing codes) is ended.
    """
    logout(request)
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 15
    return render(request, "account/lockout.html", {"minutes": minutes}, status=429)
