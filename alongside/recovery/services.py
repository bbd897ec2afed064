"""Writes to the recovery timeline and wins: the one way these rows enter the system.

Each function checks the actor's permission through the access layer, validates its input
(ValidationError with field names, nothing saved), owns its transaction, locks the client row
so two people recording at once cannot interleave (the rules read the latest event), and
writes the audit row in the same transaction. There is deliberately no function to change or
delete a timeline event: history is kept, and a correction is a new event.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, capabilities_for, own_client
from alongside.clients.models import Client
from alongside.recovery.milestones import client_today, milestones_between
from alongside.recovery.models import (
    CONGRATULATION_LENGTH,
    NOTE_LENGTH,
    TITLE_LENGTH,
    EventKind,
    RecoveryEvent,
    Win,
    WinKind,
)

# Kinds a person may enter; milestone wins are only ever awarded by award_due_milestones().
ENTERED_WIN_KINDS = frozenset({WinKind.PERSONAL, WinKind.GOAL, WinKind.TASK})


def _require_record(actor: Any, client: Client) -> None:
    if Capability.RECORD not in capabilities_for(actor, client):
        raise PermissionDenied


def _day(value: date) -> str:
    return date_format(value, "M j, Y")


def _check_date(errors: dict[str, str], field: str, value: Any, today: date, what: str) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        errors[field] = "Enter a date."
    elif value > today:
        errors[field] = f"{what} cannot be in the future."


def _check_length(errors: dict[str, str], field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[field] = f"Use at most {limit} characters."


def _lock(client: Client) -> list[RecoveryEvent]:
    """Lock CLIENT's row for this transaction and return its events, oldest first as recorded."""
    Client.objects.select_for_update().filter(pk=client.pk).exists()
    return list(RecoveryEvent.objects.filter(client=client).in_recorded_order())


def set_recovery_start(actor: Any, client: Client, on_date: date, note: str = "") -> RecoveryEvent:
    """Record CLIENT's recovery start date ON_DATE (a date in their zone); return the event.

    Backdating is allowed, the future is not; after a recurrence the new start must be later
    than it. A start recorded while a count is going corrects that count's start date (the
    earlier row stays in the history). Milestones already reached since ON_DATE are awarded
    at once. Raises PermissionDenied unless ACTOR may record for CLIENT, ValidationError for
    bad input (nothing saved).
    """
    _require_record(actor, client)
    note = note.strip()
    today = client_today(client, timezone.now())
    errors: dict[str, str] = {}
    _check_date(errors, "on_date", on_date, today, "A recovery start date")
    _check_length(errors, "note", note, NOTE_LENGTH)
    if not errors and client.date_of_birth and on_date < client.date_of_birth:
        errors["on_date"] = "A recovery start date cannot be before the date of birth."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        events = _lock(client)
        latest = events[-1] if events else None
        if latest is not None and latest.kind == EventKind.START and latest.on_date == on_date:
            raise ValidationError({"on_date": "This is already the recovery start date."})
        recurrences = [e for e in events if e.kind == EventKind.RECURRENCE]
        if recurrences and on_date <= recurrences[-1].on_date:
            message = "A new start date must be after the recurrence of use recorded for {}."
            raise ValidationError({"on_date": message.format(_day(recurrences[-1].on_date))})
        event = RecoveryEvent.objects.create(
            organization_id=client.organization_id,
            client=client,
            kind=EventKind.START,
            on_date=on_date,
            note=note,
            recorded_by=actor,
        )
        audit_client_event(actor, client, Action.CREATE, event)
        award_due_milestones(client, today)
    return event


def record_recurrence(actor: Any, client: Client, on_date: date, note: str = "") -> RecoveryEvent:
    """Record a recurrence of use on ON_DATE, ending CLIENT's current count; return it.

    It must fall on or after the current recovery start date and not in the future; the count
    restarts from the next start date. Raises PermissionDenied unless ACTOR may record for
    CLIENT, ValidationError for bad input or when no count is going (nothing saved).
    """
    _require_record(actor, client)
    note = note.strip()
    today = client_today(client, timezone.now())
    errors: dict[str, str] = {}
    _check_date(errors, "on_date", on_date, today, "A recurrence of use")
    _check_length(errors, "note", note, NOTE_LENGTH)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        events = _lock(client)
        latest = events[-1] if events else None
        if latest is None or latest.kind != EventKind.START:
            message = "There is no current recovery start date; set one first."
            raise ValidationError({"on_date": message})
        if on_date < latest.on_date:
            message = "A recurrence of use cannot be before the current recovery start date ({})."
            raise ValidationError({"on_date": message.format(_day(latest.on_date))})
        event = RecoveryEvent.objects.create(
            organization_id=client.organization_id,
            client=client,
            kind=EventKind.RECURRENCE,
            on_date=on_date,
            note=note,
            recorded_by=actor,
        )
        audit_client_event(actor, client, Action.CREATE, event)
    return event


def _may_record_win(actor: Any, client: Client) -> bool:
    if Capability.RECORD in capabilities_for(actor, client):
        return True
    own = own_client(actor)
    return own is not None and own.pk == client.pk


def record_win(
    actor: Any, client: Client, title: str, occurred_on: date, kind: str = WinKind.PERSONAL
) -> Win:
    """Record a win for CLIENT, entered by their advocate or by the client themself; return it.

    Raises PermissionDenied unless ACTOR may record for CLIENT or is CLIENT's own portal
    account, ValidationError for bad input (nothing saved). Milestone wins are awarded
    automatically (award_due_milestones) and cannot be entered.
    """
    if not _may_record_win(actor, client):
        raise PermissionDenied
    title = title.strip()
    today = client_today(client, timezone.now())
    errors: dict[str, str] = {}
    if kind not in ENTERED_WIN_KINDS:
        errors["kind"] = (
            "Milestones are added automatically."
            if kind == WinKind.MILESTONE
            else "Choose a personal win, a goal or a task."
        )
    if not title:
        errors["title"] = "Say what the win was."
    _check_length(errors, "title", title, TITLE_LENGTH)
    _check_date(errors, "occurred_on", occurred_on, today, "A win")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        win = Win.objects.create(
            organization_id=client.organization_id,
            client=client,
            kind=kind,
            title=title,
            occurred_on=occurred_on,
            created_by=actor,
        )
        audit_client_event(actor, client, Action.CREATE, win)
    return win


def congratulate(actor: Any, win: Win, text: str) -> Win:
    """Add ACTOR's congratulation TEXT to WIN (once per win; the client sees it); return it.

    Raises PermissionDenied unless ACTOR may record for the win's client, ValidationError for
    an empty or long text or a win already congratulated (nothing saved).
    """
    client = win.client
    _require_record(actor, client)
    text = text.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "Write a few words of congratulation."
    _check_length(errors, "text", text, CONGRATULATION_LENGTH)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Win.objects.select_for_update().get(pk=win.pk)
        if locked.congratulation:
            raise ValidationError({"text": "This win has already been congratulated."})
        win.congratulation = text
        win.congratulated_by = actor
        win.congratulated_at = timezone.now()
        win.save(update_fields=["congratulation", "congratulated_by", "congratulated_at"])
        audit_client_event(actor, client, Action.UPDATE, win)
    return win


def milestone_title(label: str) -> str:
    return f"{label} in recovery"


def award_due_milestones(client: Client, today: date) -> list[Win]:
    """Create the milestone wins CLIENT has reached by TODAY (their local date) since the
    current recovery start and does not have yet; return the new ones, oldest first.

    Idempotent: running it twice, or from the worker and the portal at once, awards each
    milestone once per start. Nothing is awarded while no count is going (after a recurrence
    of use, until the next start). The wins are automatic: no author, audited as "system".
    """
    with transaction.atomic():
        events = _lock(client)
        if not events or events[-1].kind != EventKind.START:
            return []
        start = events[-1]
        have = set(
            Win.objects.filter(client=client, start=start, kind=WinKind.MILESTONE).values_list(
                "milestone_key", flat=True
            )
        )
        new = [
            Win.objects.create(
                organization_id=client.organization_id,
                client=client,
                kind=WinKind.MILESTONE,
                title=milestone_title(milestone.label),
                occurred_on=when,
                milestone_key=milestone.key,
                start=start,
            )
            for milestone, when in milestones_between(start.on_date, start.on_date, today)
            if milestone.key not in have
        ]
        for win in new:
            audit_client_event(None, client, Action.CREATE, win)
    return new
