from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

from alongside.accounts.second_factor import passed_second_factor, status_of


class NoStoreMiddleware:
    """Forbid caching of every response served to a signed-in person (DESIGN.md §4.4)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            forbid_caching(response)
        return response


def forbid_caching(response: HttpResponse) -> None:
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)


class SecondFactorMiddleware:
    """Staff reach nothing without a second factor (DESIGN.md §4.8).

    For a signed-in person:

    - whose account has an authenticator but whose session never passed it (signed in some
      other way than allauth's sign-in, such as the Django admin's own form): the session is
      ended and they sign in again, code and all;
    - who must use a second factor (staff, operators) and has none yet: every page sends them
      to set one up, except the pages needed to do that, signing out, and crisis help.

    Costs one query per signed-in request. API calls with a bearer token are judged by the
    token alone (alongside/api/auth.py) and are not affected.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def open_prefixes(self) -> tuple[str, ...]:
        """Paths a person setting up their second factor may still open."""
        return (
            reverse("mfa_index"),  # setting up, recovery codes, re-authenticating with a code
            reverse("account_reauthenticate"),  # setting up asks for the password again
            reverse("account_logout"),
            reverse("portal:help"),  # crisis resources are never behind anything
            "/" + settings.STATIC_URL.lstrip("/"),
        )

    @cached_property
    def public_prefixes(self) -> tuple[str, ...]:
        return (reverse("portal:help"), self.open_prefixes[-1])

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Crisis help comes first: nothing here (not even this query) may stand in its way.
        if request.path.startswith(self.public_prefixes):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or self._bearer_api_call(request):
            return self.get_response(request)
        required, enrolled = status_of(user)
        if enrolled and not passed_second_factor(request):
            logout(request)
            return self._redirect(request, reverse("account_login"), keep_path=True)
        if required and not enrolled and not request.path.startswith(self.open_prefixes):
            return self._redirect(request, reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _bearer_api_call(request: HttpRequest) -> bool:
        return request.path.startswith("/api/") and request.headers.get(
            "Authorization", ""
        ).lower().startswith("bearer ")

    @staticmethod
    def _redirect(request: HttpRequest, url: str, *, keep_path: bool = False) -> HttpResponse:
        if keep_path and request.method == "GET":
            url = f"{url}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
        response: HttpResponse
        if getattr(request, "htmx", False):
            response = HttpResponseClientRedirect(url)
        else:
            response = HttpResponseRedirect(url)
        # Answered before NoStoreMiddleware sees the request: mark it here.
        forbid_caching(response)
        return response
