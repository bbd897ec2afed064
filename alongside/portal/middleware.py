from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from alongside.portal.access import client_of

# The pages clients use: the portal, and signing in or resetting a passphrase.
CLIENT_FACING = ("/me/", "/accounts/")


class PortalLanguageMiddleware:
    """Speak each person's language on the pages clients use; staff pages stay in English.

    - A signed-in client: the language on their record (`Client.language`), and times in
      their own zone.
    - Anyone else on those pages: the language cookie the portal's switcher sets, else the
      browser's preferred language, else English.
    - Every other page: `settings.LANGUAGE_CODE` (the staff interface is not translated yet,
      and half-translated staff pages would be worse than English ones).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(CLIENT_FACING):
            return self.get_response(request)
        client = client_of(request)
        if client is not None:
            language = client.language
            zone = _zone(client.time_zone)
        else:
            language = translation.get_language_from_request(request)
            zone = timezone.get_current_timezone()
        with translation.override(language), timezone.override(zone):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if client is None:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")
