"""Daily check-in reminders at each person's chosen local time.

The sweep runs every few seconds. For each enabled preference it works out the person's local
date and time; once the chosen time has passed today (and no more than REMINDER_WINDOW ago,
so a long outage does not send a morning reminder at midnight) it queues one notice with the
key "checkin-reminder:<client>:<local date>" — the key makes it once a day, however often
the sweep runs. People who already checked in today are not reminded.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta

from django.utils import timezone

from alongside.checkins.queries import checked_in_on
from alongside.notifications.delivery import queue_notice
from alongside.notifications.models import Channel, Delivery, Kind, ReminderPreference

REMINDER_WINDOW = timedelta(hours=3)


def reminder_key(client_id: int, local_date: date) -> str:
    return f"checkin-reminder:{client_id}:{local_date.isoformat()}"


def _due_local_date(preference: ReminderPreference, now: datetime) -> date | None:
    """Return the client's local date if their reminder is due at NOW; None otherwise."""
    try:
        zone = zoneinfo.ZoneInfo(preference.client.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    local_now = now.astimezone(zone)
    # Build the aware reminder moment from the local date: correct across DST changes.
    due_at = datetime.combine(local_now.date(), preference.local_time, tzinfo=zone)
    if due_at <= local_now < due_at + REMINDER_WINDOW:
        return local_now.date()
    return None


def _address(preference: ReminderPreference) -> str:
    client = preference.client
    return client.email if preference.channel == Channel.EMAIL else client.phone


def queue_due_checkin_reminders(now: datetime | None = None) -> int:
    """Queue today's reminder for everyone whose time has come; return how many were queued."""
    now = now or timezone.now()
    due: dict[int, tuple[ReminderPreference, date]] = {}
    for preference in ReminderPreference.objects.filter(enabled=True).select_related("client"):
        local_date = _due_local_date(preference, now)
        if local_date is not None and _address(preference):
            due[preference.client_id] = (preference, local_date)
    if not due:
        return 0
    keys = {reminder_key(cid, d) for cid, (_p, d) in due.items()}
    already = set(Delivery.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    done_today = checked_in_on({cid: d for cid, (_p, d) in due.items()})
    queued = 0
    for client_id, (preference, local_date) in due.items():
        key = reminder_key(client_id, local_date)
        if key in already or client_id in done_today:
            continue
        if queue_notice(
            preference.client,
            kind=Kind.CHECKIN_REMINDER,
            channel=preference.channel,
            address=_address(preference),
            dedupe_key=key,
            send_at=now,
        ):
            queued += 1
    return queued
