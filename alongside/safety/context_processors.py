"""The banner on every staff page: open alerts, and a warning when the sweeper has stopped."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from alongside.notifications.sweeps import last_beat
from alongside.organizations.staff import home_roles
from alongside.safety.access import alerts_visible_to
from alongside.safety.models import AlertState

# DESIGN.md §4.3: staff see a banner if the worker has not run for two minutes.
STALE_AFTER = timedelta(minutes=2)


def safety_banner(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not home_roles(user):
        return {}
    beat = last_beat()
    return {
        "open_alert_count": alerts_visible_to(user).filter(state=AlertState.OPEN).count(),
        "worker_stale": beat is None or timezone.now() - beat > STALE_AFTER,
        "worker_last_beat": beat,
    }
