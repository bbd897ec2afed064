"""Reads for group pages, the portal, the Today reason and the calendar feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet

from alongside.clients.access import Capability, visible_to
from alongside.clients.models import Client
from alongside.groups.models import Attendance, RosterMember, Session

PORTAL_UPCOMING = 3


@dataclass
class Row:
    """One line of the attendance screen."""

    client: Client
    status: str
    note: str
    error: str = ""


def attendance_rows(user: Any, session: Session) -> tuple[list[Row], int]:
    """Return the attendance rows of SESSION for the roster clients USER may record for, and
    how many roster members are left out (seen only by their own advocates). A fixed number
    of queries whatever the roster's size."""
    recordable = visible_to(user, need=Capability.RECORD)
    members = list(
        RosterMember.objects.filter(group_id=session.group_id, client__in=recordable)
        .select_related("client")
        .order_by("client__preferred_name", "client_id")
    )
    total = RosterMember.objects.filter(group_id=session.group_id).count()
    marked = {row.client_id: row for row in Attendance.objects.filter(session=session)}
    rows = []
    for member in members:
        row = marked.get(member.client_id)
        rows.append(
            Row(
                client=member.client,
                status=row.status if row else "",
                note=row.note if row else "",
            )
        )
    return rows, total - len(members)


def upcoming_for_staff(
    user: Any, groups: QuerySet[Any], now: datetime, *, limit: int = 20
) -> list[Session]:
    return list(
        Session.objects.filter(group__in=groups)
        .upcoming(now - timedelta(hours=3))
        .select_related("group")[:limit]
    )


def upcoming_for_client(client: Client, now: datetime) -> list[Session]:
    """The next sessions of the groups CLIENT is on the roster of, cancelled ones included
    (shown as cancelled, so nobody comes to a session that is off)."""
    return list(
        Session.objects.filter(group__roster__client=client, starts_at__gte=now)
        .order_by("starts_at")
        .select_related("group")[:PORTAL_UPCOMING]
    )


def facilitated_sessions(user: Any, start: datetime, end: datetime) -> list[Session]:
    return list(
        Session.objects.filter(
            group__facilitators=user, starts_at__gte=start, starts_at__lt=end, cancelled=False
        )
        .select_related("group__organization")
        .order_by("starts_at")
    )
