"""Small factories for recovery tests: rows created directly, without the services' checks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from alongside.clients.models import Client
from alongside.recovery.milestones import client_today
from alongside.recovery.models import EventKind, RecoveryEvent, Win, WinKind


def today_of(client: Client) -> date:
    return client_today(client, timezone.now())


def days_ago(client: Client, days: int) -> date:
    """Return the date DAYS before CLIENT's today."""
    return today_of(client) - timedelta(days=days)


def make_event(
    client: Client, recorded_by: Any, on_date: date, kind: str = EventKind.START, note: str = ""
) -> RecoveryEvent:
    return RecoveryEvent.objects.create(
        organization=client.organization,
        client=client,
        kind=kind,
        on_date=on_date,
        note=note,
        recorded_by=recorded_by,
    )


def make_win(
    client: Client, created_by: Any = None, *, title: str = "Got my ID back", days: int = 1
) -> Win:
    return Win.objects.create(
        organization=client.organization,
        client=client,
        kind=WinKind.PERSONAL,
        title=title,
        occurred_on=days_ago(client, days),
        created_by=created_by,
    )
