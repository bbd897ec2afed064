"""Today's "Group today" reason: a client on the roster of a group meeting today (in the
client's own day), so the facilitator can greet them or reach out if they do not come."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from alongside.clients.models import Client
from alongside.groups.models import Session
from alongside.lib.zones import local_date
from alongside.today.reasons import Context, reason


@reason("group_today", "Group today", priority=70)
def group_today(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """One query: today's sessions (a window wide enough for every zone) of the groups these
    clients are on, then each session's local date compared with the client's own."""
    zones = {c.pk: c.time_zone for c in clients}
    rows = (
        Session.objects.filter(
            cancelled=False,
            starts_at__gte=context.now - timedelta(days=1),
            starts_at__lt=context.now + timedelta(days=2),
            group__roster__client_id__in=list(zones),
        )
        .order_by("starts_at")
        .values_list("group__roster__client_id", "starts_at", "group__name")
    )
    flagged: dict[int, str] = {}
    for client_id, starts_at, name in rows:
        if client_id in flagged or local_date(zones[client_id], starts_at) != context.today.get(
            client_id
        ):
            continue
        flagged[client_id] = f"{name} at {_clock(zones[client_id], starts_at)}"
    return flagged


def _clock(zone: str, moment: datetime) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local.hour % 12 or 12}:{local.minute:02d} {'pm' if local.hour >= 12 else 'am'}"
