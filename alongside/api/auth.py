"""Who is calling the API: a bearer token or the browser's session.

Bearer tokens are checked first. A request that presents an `Authorization: Bearer` header
is judged by that token alone (a bad token is a 401 even if a session cookie came along),
and needs no CSRF token because browsers never attach it on their own. Session callers are
browsers, so their unsafe requests must carry Django's CSRF token.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from alongside.accounts.models import ApiToken, User, hash_token

# Recording every use would turn each read into a write (and a lock on SQLite); knowing
# when a token was last used to the minute is enough to spot stale ones.
LAST_USED_GRANULARITY = timedelta(minutes=1)


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with an ApiToken; only the SHA-256 is stored."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        api_token = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=hash_token(token.strip()))
            .first()
        )
        if api_token is None:
            raise AuthenticationError
        _touch(api_token)
        # Middleware (no-store caching, audit context) looks at request.user.
        request.user = api_token.user
        return api_token.user


def _touch(api_token: ApiToken) -> None:
    now = timezone.now()
    stale = now - LAST_USED_GRANULARITY
    if api_token.last_used_at is not None and api_token.last_used_at >= stale:
        return
    # Conditional, so concurrent requests with one token write at most once.
    ApiToken.objects.filter(pk=api_token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale)
    ).update(last_used_at=now)
    api_token.last_used_at = now


class Session(APIKeyCookie):
    """The signed-in browser session; unsafe methods must pass Django's CSRF check."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> User | None:
        user = getattr(request, "user", None)
        # Only a signed-in session is an ambient credential worth protecting from CSRF; an
        # anonymous caller gets the plain 401.
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed.")
        return self.authenticate(request, None)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User:
        return cast(User, request.user)


def caller(request: HttpRequest) -> User:
    """Return the authenticated user of an API request (set by the auth classes above)."""
    auth: Any = getattr(request, "auth", None)
    if not isinstance(auth, User):
        raise AuthenticationError
    return auth


api_auth = [BearerToken(), Session()]
