"""Reads about the recovery timeline and wins, starting from a client the access layer gave.

Query counts are constant in history size: the events of one client are few (one per start or
recurrence) and are read in one query; the wins feed is read a capped page at a time.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.db.models.functions import TruncDate

from alongside.checkins.models import CheckIn
from alongside.clients.models import Client
from alongside.recovery import milestones
from alongside.recovery.milestones import Milestone
from alongside.recovery.models import EventKind, RecoveryEvent, Win
from alongside.support.models import Encounter

# Wins shown on the profile before "See all wins".
PROFILE_WINS = 5


@dataclass(frozen=True)
class NextMilestone:
    milestone: Milestone
    on: date
    days_away: int


@dataclass
class Recovery:
    """What the profile and the API show about one client's recovery on their TODAY."""

    today: date
    events: list[RecoveryEvent] = field(default_factory=list)  # newest first
    current_start: RecoveryEvent | None = None
    days_in_recovery: int | None = None
    total_days_in_recovery: int = 0
    attempts: int = 0
    days_engaged: int = 0
    next_milestone: NextMilestone | None = None
    wins: list[Win] = field(default_factory=list)  # newest first, capped
    more_wins: bool = False
    # Ids of start events a later start corrected (kept in the history, no longer counted).
    corrected: set[int] = field(default_factory=set)

    @property
    def has_ended_span(self) -> bool:
        """True after a recurrence of use, until the next start date."""
        return self.current_start is None and bool(self.events)


def events_of(client: Client) -> list[RecoveryEvent]:
    """Return CLIENT's timeline events oldest first, as recorded, with who recorded each."""
    return list(
        RecoveryEvent.objects.filter(client=client)
        .select_related("recorded_by")
        .in_recorded_order()
    )


def current_start_event(client: Client) -> RecoveryEvent | None:
    """Return the start event of CLIENT's count if one is going; None after a recurrence of
    use or before any start."""
    latest = RecoveryEvent.objects.filter(client=client).order_by("-created_at", "-id").first()
    return latest if latest is not None and latest.kind == EventKind.START else None


def wins_of(client: Client) -> QuerySet[Win]:
    """Return CLIENT's wins feed, newest first."""
    return Win.objects.filter(client=client).feed()


def recovery_of(client: Client, today: date, *, wins: int = PROFILE_WINS) -> Recovery:
    """Return CLIENT's counters, timeline and newest WINS wins on TODAY (their local date).

    Three queries whatever the history size.
    """
    events = events_of(client)
    spans = milestones.spans((e.kind, e.on_date) for e in events)
    current = events[-1] if events and events[-1].kind == EventKind.START else None
    recovery = Recovery(
        today=today,
        events=events[::-1],
        current_start=current,
        total_days_in_recovery=milestones.total_days_in_recovery(spans, today),
        attempts=len(spans),
        corrected=corrected_starts(events),
        days_engaged=days_engaged(client, today),
    )
    if current is not None:
        recovery.days_in_recovery = milestones.days_in_recovery(current.on_date, today)
        milestone, on = milestones.next_milestone(current.on_date, today)
        recovery.next_milestone = NextMilestone(milestone, on, (on - today).days)
    shown = list(wins_of(client)[: wins + 1])
    recovery.wins, recovery.more_wins = shown[:wins], len(shown) > wins
    return recovery


def days_engaged(client: Client, today: date) -> int:
    """Return on how many days, up to TODAY, CLIENT did something for their recovery with
    Alongside: checked in, or had a contact with an advocate (one query).

    Days are calendar days in the client's zone, each counted once however much happened.
    Later kinds of activity (group sessions, step work) join the union here.
    """
    zone = zoneinfo.ZoneInfo(client.time_zone)
    checkin_days = CheckIn.objects.filter(client=client, local_date__lte=today).values_list(
        "local_date", flat=True
    )
    contact_days = (
        Encounter.objects.filter(client=client)
        .annotate(day=TruncDate("occurred_at", tzinfo=zone))
        .filter(day__lte=today)
        .values_list("day", flat=True)
    )
    # UNION (not UNION ALL) drops days that had both.
    return checkin_days.order_by().union(contact_days.order_by()).count()


def corrected_starts(events: list[RecoveryEvent]) -> set[int]:
    """Return the ids of start events that a later start corrected (no recurrence of use in
    between); EVENTS oldest first, as recorded."""
    corrected: set[int] = set()
    pending: RecoveryEvent | None = None
    for event in events:
        if event.kind == EventKind.START:
            if pending is not None:
                corrected.add(pending.pk)
            pending = event
        else:
            pending = None
    return corrected
