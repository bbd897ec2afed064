"""Today's aftercare reason: "Aftercare follow-up due" (registered by importing this module;
see apps.py). The code "followup_due" was taken by the contact follow-up date, hence
"aftercare_due".

One query for the whole caseload. The queue lists only the viewer's visible clients: the
advocate the call is assigned to reaches a discharged person through the access layer's
aftercare scope (clients/access.py), and the detail names who the call is assigned to, so a
supervisor sees whose call it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from alongside.aftercare.models import FollowUp
from alongside.clients.models import Client
from alongside.today.reasons import Context, reason


def _day(day: date) -> str:
    return f"{day:%b} {day.day}"


@reason("aftercare_due", "Aftercare follow-up due", priority=45)
def aftercare_due(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """A scheduled follow-up's window is open on the client's today."""
    days = [context.today[c.pk] for c in clients if c.pk in context.today]
    if not days:
        return {}
    rows = (
        FollowUp.objects.scheduled()
        .filter(
            client_id__in=[c.pk for c in clients],
            opens_on__lte=max(days),
            closes_on__gte=min(days),
        )
        .select_related("assigned_to")
        .order_by("due_on", "pk")
    )
    flagged: dict[int, str] = {}
    for followup in rows:
        today = context.today[followup.client_id]
        if followup.client_id in flagged or not followup.is_open(today):
            continue
        when = (
            f"due {_day(followup.due_on)}"
            if followup.due_on >= today
            else f"overdue since {_day(followup.due_on)}"
        )
        detail = f"{followup.days}-day call {when}, window closes {_day(followup.closes_on)}"
        if followup.assigned_to is not None:
            detail += f" · {followup.assigned_to.display_name}'s call"
        flagged[followup.client_id] = detail
    return flagged
