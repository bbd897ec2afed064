"""The scheduled sweep that turns milestones reached into celebrated wins.

Reads every client's recovery events and milestone wins in two queries, works out in Python
who has reached a milestone not yet awarded (in their own time zone), and calls
`award_due_milestones()` only for them — so a pass over a large center is cheap when, as on
most days, nobody has a new milestone.
"""

from __future__ import annotations

from datetime import datetime

from alongside.clients.models import Client
from alongside.recovery.milestones import client_today, milestones_between
from alongside.recovery.models import EventKind, RecoveryEvent, Win, WinKind
from alongside.recovery.services import award_due_milestones


def award_milestones_sweep(now: datetime) -> int:
    """Award every milestone reached by NOW that has no win yet; return how many were made."""
    latest: dict[int, RecoveryEvent] = {}
    for event in RecoveryEvent.objects.order_by("client_id", "created_at", "id").select_related(
        "client"
    ):
        latest[event.client_id] = event
    current = {cid: e for cid, e in latest.items() if e.kind == EventKind.START}
    if not current:
        return 0
    awarded = set(
        Win.objects.filter(
            kind=WinKind.MILESTONE, start_id__in=[e.pk for e in current.values()]
        ).values_list("start_id", "milestone_key")
    )
    made = 0
    for event in current.values():
        client: Client = event.client
        today = client_today(client, now)
        reached = milestones_between(event.on_date, event.on_date, today)
        if any((event.pk, milestone.key) not in awarded for milestone, _when in reached):
            made += len(award_due_milestones(client, today))
    return made
