"""Today's "Shared worksheet waiting for a comment" reason (registered by importing this
module; see apps.py): the client shared a row, or changed a shared one, after the last
comment on that worksheet.

One query for the whole caseload. The detail names the worksheet and a date, never the
client's words. Only the client's current advocate (the one person who may comment) gets
it: not the team's supervisor, nor directors, clinicians or break-glass holders.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from alongside.clients.access import Capability
from alongside.clients.models import Assignment, Client
from alongside.today.reasons import Context, reason
from alongside.worksheets.kinds import Kind
from alongside.worksheets.models import Comment, Entry


def _day(moment: datetime, zone: str) -> str:
    local = timezone.localtime(moment, timezone=ZoneInfo(zone))
    return f"{local:%b} {local.day}"


@reason(
    "worksheet_waiting",
    "Shared worksheet waiting for a comment",
    priority=74,
    need=Capability.RECORD,
)
def worksheet_waiting(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """Shared rows changed (or shared) after the latest comment on their worksheet."""
    zones = {c.pk: c.time_zone for c in clients}
    latest_comment = (
        Comment.objects.filter(worksheet_id=OuterRef("worksheet_id"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    rows = (
        Entry.objects.shared()
        .filter(client_id__in=list(zones))
        .filter(
            client_id__in=Assignment.objects.current()
            .filter(advocate_id=getattr(context.viewer, "pk", None))
            .values("client_id")
        )
        .annotate(last_comment=Subquery(latest_comment))
        .filter(Q(last_comment__isnull=True) | Q(changed_at__gt=F("last_comment")))
        .values_list("client_id", "worksheet__kind", "changed_at")
    )
    waiting: dict[int, dict[str, datetime]] = {}
    for client_id, kind, changed_at in rows:
        kinds = waiting.setdefault(client_id, {})
        kinds[kind] = max(changed_at, kinds.get(kind, changed_at))
    flagged = {}
    for client_id, kinds in waiting.items():
        newest = max(kinds.values())
        names = ", ".join(str(Kind(k).label) for k in sorted(kinds))
        flagged[client_id] = f"{names}: shared {_day(newest, zones[client_id])}"
    return flagged
