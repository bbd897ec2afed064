"""Asking for the password again before a sensitive action (break-glass, exports, revoking a
consent on a client's behalf, changing the second factor or the e-mail address).

    from alongside.accounts.reauth import require_recent_auth

    @require_POST
    @require_recent_auth                # signed in or re-authenticated in the last 10 minutes
    def export_record(request, public_id): ...

    @require_recent_auth(minutes=2)
    def break_glass(request, public_id): ...

When the last authentication of the session (signing in, or a re-authentication) is older
than that, the person goes to allauth's re-authentication page and then comes back to the
page they asked for; a form they had posted is posted again (allauth keeps it in the session
meanwhile). Someone not signed in goes to the sign-in page, as with `login_required`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, overload

from allauth.account.authentication import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

DEFAULT_MINUTES = 10

View = TypeVar("View", bound=Callable[..., HttpResponse])


def last_authenticated_at(request: HttpRequest) -> float | None:
    """Return when (a Unix time) the signed-in person last proved who they are in this
    session: signed in, or re-authenticated. None if the session has no such record."""
    records = get_authentication_records(request, getattr(request, "user", None))
    times = [record["at"] for record in records if isinstance(record.get("at"), int | float)]
    return max(times, default=None)


def authenticated_within(request: HttpRequest, seconds: float) -> bool:
    """Return whether the last authentication of this session is less than SECONDS old."""
    at = last_authenticated_at(request)
    return at is not None and time.time() - at < seconds


@overload
def require_recent_auth(view: View) -> View: ...
@overload
def require_recent_auth(*, minutes: float = DEFAULT_MINUTES) -> Callable[[View], View]: ...


def require_recent_auth(
    view: View | None = None, *, minutes: float = DEFAULT_MINUTES
) -> View | Callable[[View], View]:
    """Decorate a view so that it runs only within MINUTES of the last authentication."""

    def decorate(view_func: View) -> View:
        @wraps(view_func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not authenticated_within(request, minutes * 60):
                # allauth's AccountMiddleware answers with its re-authentication page and
                # resumes this request afterwards (alongside the posted form, if any).
                raise ReauthenticationRequired()
            return view_func(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    if view is not None:
        return decorate(view)
    return decorate
