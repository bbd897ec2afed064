from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from alongside.organizations.staff import zone_for


class StaffTimezoneMiddleware:
    """Render times in the signed-in person's zone; UTC stays the storage zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            timezone.activate(zone_for(request.user))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
