"""Today's "Crisis follow-up due": a crisis event's follow-up day has come and nobody has
marked it done."""

from __future__ import annotations

from collections.abc import Sequence

from alongside.clients.models import Client
from alongside.lib.zones import local_date
from alongside.safety.models import CrisisEvent
from alongside.today.reasons import Context, reason


@reason("crisis_followup_due", "Crisis follow-up due", priority=15)
def crisis_followup_due(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """The earliest open follow-up per client that is due on or before the client's own
    today. One query: every open follow-up up to the latest "today" among the caseload's
    zones, then each client's own date decides."""
    if not clients:
        return {}
    zones = {c.pk: c.time_zone for c in clients}
    rows = (
        CrisisEvent.objects.filter(
            client_id__in=list(zones),
            follow_up_on__lte=max(context.today.values()),
            follow_up_done_at__isnull=True,
        )
        .order_by("client_id", "follow_up_on", "id")
        .values_list("client_id", "follow_up_on", "occurred_at")
    )
    flagged: dict[int, str] = {}
    for client_id, follow_up_on, occurred_at in rows:
        today = context.today[client_id]
        if client_id in flagged or follow_up_on is None or follow_up_on > today:
            continue
        crisis_day = local_date(zones[client_id], occurred_at)
        after = f"After the crisis on {crisis_day:%b} {crisis_day.day}"
        if follow_up_on == today:
            flagged[client_id] = f"{after} · due today"
        else:
            days = (today - follow_up_on).days
            flagged[client_id] = f"{after} · overdue by {days} day{'s' if days != 1 else ''}"
    return flagged
