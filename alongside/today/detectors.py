"""The built-in attention reasons. Each detector runs one set-based query for the caseload."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from alongside.checkins.queries import Glance, last_checkins_of
from alongside.clients.access import Capability
from alongside.clients.models import Client, Episode
from alongside.messaging.queries import unread_from_clients
from alongside.recovery.milestones import current_start, next_milestone, spans
from alongside.recovery.models import RecoveryEvent, Win
from alongside.support.models import Encounter
from alongside.support.queries import last_contacts
from alongside.today.reasons import Context, reason


@reason("followup_due", "Follow-up due", priority=60)
def followup_due(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """The latest contact set a follow-up date that is today or past."""
    latest = Encounter.objects.filter(client=OuterRef("pk")).order_by("-occurred_at", "-id")
    rows = (
        Client.objects.filter(pk__in=[c.pk for c in clients])
        .annotate(follow_up_on=Subquery(latest.values("follow_up_on")[:1]))
        .values_list("pk", "follow_up_on")
    )
    flagged = {}
    for client_id, follow_up_on in rows:
        if follow_up_on is None:
            continue
        today = context.today[client_id]
        if follow_up_on < today:
            days = (today - follow_up_on).days
            flagged[client_id] = f"Overdue by {days} day{'s' if days != 1 else ''}"
        elif follow_up_on == today:
            flagged[client_id] = "Due today"
    return flagged


# --- Check-ins -------------------------------------------------------------------------------

NO_CHECKIN_DAYS = 3  # default; a program may set settings["no_checkin_days"]
CRAVING_HIGH = 8


def _day(day: date) -> str:
    return f"{day:%b} {day.day}"


def _recent(clients: Sequence[Client], context: Context) -> dict[int, list[Glance]]:
    """Each client's last three check-ins, newest first: one query for every reason here."""
    return context.shared("recent_checkins", lambda: last_checkins_of([c.pk for c in clients]))


def _latest(clients: Sequence[Client], context: Context) -> dict[int, Glance]:
    return {client_id: rows[0] for client_id, rows in _recent(clients, context).items()}


def _answered_since_contact(clients: Sequence[Client], context: Context) -> dict[int, Glance]:
    """Latest check-ins that no contact has followed yet (the advocate has not responded)."""
    return context.shared("answered", lambda: _unanswered(_latest(clients, context)))


def _unanswered(latest: dict[int, Glance]) -> dict[int, Glance]:
    contacted = last_contacts(list(latest))
    return {
        client_id: checkin
        for client_id, checkin in latest.items()
        if contacted.get(client_id) is None or contacted[client_id] < checkin.occurred_at
    }


@reason("wants_contact", "Asked you to reach out", priority=20)
def wants_contact(clients: Sequence[Client], context: Context) -> dict[int, str]:
    return {
        client_id: f"In their check-in on {_day(checkin.local_date)}"
        for client_id, checkin in _answered_since_contact(clients, context).items()
        if checkin.wants_contact
    }


@reason("used", "Used since their last check-in", priority=25)
def used(clients: Sequence[Client], context: Context) -> dict[int, str]:
    return {
        client_id: f"Said so on {_day(checkin.local_date)}; no contact since"
        for client_id, checkin in _answered_since_contact(clients, context).items()
        if checkin.used_since_last
    }


@reason("unread_messages", "Unread messages", priority=35, need=Capability.READ_MESSAGES)
def unread_messages(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """Messages from the person that none of their current advocates has opened yet."""
    flagged = {}
    for client_id, unread in unread_from_clients([c.pk for c in clients]).items():
        noun = "message" if unread.count == 1 else "messages"
        since = timezone.localtime(unread.since)
        flagged[client_id] = f"{unread.count} unread {noun} since {_day(since.date())}"
    return flagged


@reason("craving_high", "Cravings up", priority=30)
def craving_high(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """The latest craving is 8 or more, or cravings rose over the last three check-ins."""
    flagged = {}
    for client_id, checkins in _recent(clients, context).items():
        cravings = [checkin.craving for checkin in checkins]
        newest = cravings[0]
        if newest >= CRAVING_HIGH:
            flagged[client_id] = f"Craving {newest} of 10 in the latest check-in"
        elif len(cravings) == 3 and cravings[2] < cravings[1] < cravings[0]:
            trend = " → ".join(str(c) for c in reversed(cravings))
            flagged[client_id] = f"Rising over three check-ins ({trend})"
    return flagged


@reason("no_checkin", "No check-in lately", priority=50)
def no_checkin(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """People who use check-ins (a portal account or any check-in) but none for N days.

    N is the client's current program's `no_checkin_days` setting, 3 by default.
    """
    last = {cid: checkin.local_date for cid, checkin in _latest(clients, context).items()}
    limits = _no_checkin_days([c.pk for c in clients])
    flagged = {}
    for client in clients:
        last_day = last.get(client.pk)
        if last_day is None and client.user_id is None:
            continue  # not using check-ins: nothing to miss
        limit = limits.get(client.pk, NO_CHECKIN_DAYS)
        if last_day is None:
            flagged[client.pk] = "Has not checked in yet"
            continue
        days = (context.today[client.pk] - last_day).days
        if days >= limit:
            flagged[client.pk] = f"Last check-in {days} days ago"
    return flagged


def _no_checkin_days(client_ids: list[int]) -> dict[int, int]:
    rows = (
        Episode.objects.open()
        .filter(client_id__in=client_ids)
        .order_by("admitted_at")
        .values_list("client_id", "program__settings")
    )
    limits: dict[int, int] = {}
    for client_id, program_settings in rows:
        value = (program_settings or {}).get("no_checkin_days")
        if isinstance(value, int) and value > 0:
            limits[client_id] = value
    return limits


# --- Recovery timeline and wins ----------------------------------------------------------------

MILESTONE_SOON_DAYS = 7
CONGRATULATE_WITHIN_DAYS = 7


@reason("milestone_soon", "Milestone coming up", priority=70)
def milestone_soon(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """The next milestone of the current recovery span falls within the next 7 days."""
    events: dict[int, list[tuple[str, date]]] = {}
    rows = (
        RecoveryEvent.objects.filter(client_id__in=[c.pk for c in clients])
        .order_by("client_id", "created_at", "id")
        .values_list("client_id", "kind", "on_date")
    )
    for client_id, kind, on_date in rows:
        events.setdefault(client_id, []).append((kind, on_date))
    flagged = {}
    for client_id, history in events.items():
        start = current_start(spans(history))
        if start is None:
            continue
        today = context.today[client_id]
        milestone, when = next_milestone(start, today)
        days = (when - today).days
        if days <= MILESTONE_SOON_DAYS:
            in_days = "tomorrow" if days == 1 else f"in {days} days"
            flagged[client_id] = f"{milestone.label} on {_day(when)} ({in_days})"
    return flagged


@reason("win_to_congratulate", "A win to celebrate", priority=65)
def win_to_congratulate(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """A win of the last 7 days that nobody has congratulated yet."""
    since = min(context.today.values(), default=context.now.date()) - timedelta(
        days=CONGRATULATE_WITHIN_DAYS
    )
    rows = (
        Win.objects.filter(
            client_id__in=[c.pk for c in clients],
            congratulated_at__isnull=True,
            occurred_on__gte=since,
        )
        .order_by("client_id", "-occurred_on", "-id")
        .values_list("client_id", "title", "occurred_on")
    )
    flagged: dict[int, str] = {}
    for client_id, title, occurred_on in rows:
        if client_id in flagged:
            continue
        if (context.today[client_id] - occurred_on).days <= CONGRATULATE_WITHIN_DAYS:
            flagged[client_id] = f"“{title}” on {_day(occurred_on)}"
    return flagged
