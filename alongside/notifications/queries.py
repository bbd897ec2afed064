"""What staff see of a person's notifications: their reminder setting and any failure."""

from __future__ import annotations

from dataclasses import dataclass

from alongside.clients.models import Client
from alongside.notifications.models import TO_CLIENT, Delivery, ReminderPreference, Status


@dataclass
class ReminderStatus:
    preference: ReminderPreference | None
    last_failure: Delivery | None
    retrying: Delivery | None


def reminder_status(client: Client) -> ReminderStatus:
    """Return CLIENT's reminder setting, their latest failed delivery and any being retried
    (two queries)."""
    preference = ReminderPreference.objects.filter(client=client).first()
    recent = list(
        Delivery.objects.filter(client=client, kind__in=TO_CLIENT)
        .exclude(status__in=[Status.SENT, Status.SKIPPED])
        .order_by("-created_at")[:5]
    )
    failed = next((d for d in recent if d.status == Status.FAILED), None)
    retrying = next((d for d in recent if d.status == Status.PENDING and d.attempts > 0), None)
    return ReminderStatus(preference, failed, retrying)
