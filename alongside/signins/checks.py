"""Start-up checks for the session limits (`manage.py check` and every server start)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from alongside.signins.timeouts import WARN_BEFORE, absolute_timeout

MIDDLEWARE = "alongside.signins.middleware.SessionTimeoutMiddleware"


@register(Tags.security)
def idle_limits(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Each idle limit must leave room for the warning and fit inside the absolute limit."""
    errors: list[CheckMessage] = []
    shortest = int(WARN_BEFORE.total_seconds() // 60) + 1
    longest = int(absolute_timeout().total_seconds() // 60)
    for name in ("ALONGSIDE_IDLE_MINUTES_STAFF", "ALONGSIDE_IDLE_MINUTES_CLIENT"):
        minutes = getattr(settings, name, None)
        if not isinstance(minutes, int) or not shortest <= minutes <= longest:
            errors.append(
                Error(
                    f"{name} must be a whole number of minutes from {shortest} to {longest} "
                    "(the warning shows a minute before; SESSION_COOKIE_AGE is the most).",
                    id="signins.E001",
                )
            )
    if (
        settings.SESSION_ENGINE != "alongside.signins.store"
        or MIDDLEWARE not in settings.MIDDLEWARE
    ):
        errors.append(
            Error(
                f"Sessions need SESSION_ENGINE = 'alongside.signins.store' and {MIDDLEWARE} "
                "in MIDDLEWARE: the idle limits, My sign-ins and ending sessions when an "
                "account is deactivated depend on both.",
                id="signins.E002",
            )
        )
    return errors
