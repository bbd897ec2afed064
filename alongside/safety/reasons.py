"""Today's top reason: an alert waiting for someone (or taken and not yet resolved)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.timesince import timesince

from alongside.clients.models import Client
from alongside.safety.models import Alert, AlertState
from alongside.today.reasons import Context, reason


@reason("open_alert", "Alert", priority=0)
def open_alert(clients: Sequence[Client], context: Context) -> dict[int, str]:
    rows = (
        Alert.objects.filter(
            client_id__in=[c.pk for c in clients],
            state__in=[AlertState.OPEN, AlertState.ACKNOWLEDGED],
        )
        .order_by("client_id", "-created_at")
        .values_list("client_id", "severity", "state", "flag__reason", "created_at")
    )
    flagged: dict[int, str] = {}
    for client_id, severity, state, why, created_at in rows:
        if client_id in flagged:
            continue
        waiting = "waiting for someone" if state == AlertState.OPEN else "taken, not resolved"
        ago = timesince(created_at, context.now or timezone.now())
        flagged[client_id] = f"{severity.capitalize()}: {why} · {ago} ago, {waiting}"
    return flagged
