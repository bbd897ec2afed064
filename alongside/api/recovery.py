"""/clients/{id}/timeline and /clients/{id}/wins: days in recovery, milestones and wins.

Dates here are calendar dates on the client's own calendar (their time zone), not instants.
Timeline notes follow the contact-note rule: null unless the caller may read notes.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from alongside.accounts.models import User
from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.pagination import Page, PageParams, paginate
from alongside.api.schemas import PersonRef, errors
from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, get_client_for
from alongside.clients.models import Client
from alongside.recovery.milestones import client_today
from alongside.recovery.models import TITLE_LENGTH, RecoveryEvent, Win, WinKind
from alongside.recovery.queries import recovery_of, wins_of
from alongside.recovery.services import record_win

router = Router(tags=["recovery"])

# Wins included in the timeline; the rest are on GET /clients/{id}/wins.
TIMELINE_WINS = 20


class EnteredWinKind(StrEnum):
    """The kinds a person may enter; milestone wins are awarded automatically."""

    PERSONAL = WinKind.PERSONAL.value
    GOAL = WinKind.GOAL.value
    TASK = WinKind.TASK.value


class NextMilestoneOut(Schema):
    key: str = Field(description='Stable key: "24h", "7d", "30d", "6m", "1y", "2y"…')
    label: str
    date: dt.date
    days_away: int


class RecoveryEventOut(Schema):
    id: UUID
    kind: str = Field(description='"start" (recovery start date) or "recurrence" (of use).')
    on_date: dt.date
    note: str | None = Field(description="Null when the caller may not read notes.")
    corrected: bool = Field(description="A start date a later start date corrected.")
    recorded_by: PersonRef
    recorded_at: dt.datetime


class WinOut(Schema):
    id: UUID
    kind: str
    title: str
    occurred_on: dt.date
    milestone_key: str | None
    created_by: PersonRef | None = Field(description="Null for milestones (automatic).")
    created_at: dt.datetime
    congratulation: str | None
    congratulated_by: PersonRef | None
    congratulated_at: dt.datetime | None


class TimelineOut(Schema):
    today: dt.date = Field(description="The client's local date the numbers are computed for.")
    recovery_start: dt.date | None = Field(description="Start of the current count, if any.")
    days_in_recovery: int | None = Field(description="Null without a current count.")
    total_days_in_recovery: int = Field(description="Every span plus the current one.")
    days_engaged: int = Field(
        description="Days (in the client's zone) with a check-in or a contact with an advocate."
    )
    next_milestone: NextMilestoneOut | None
    events: list[RecoveryEventOut] = Field(description="Every event, newest recorded first.")
    wins: list[WinOut] = Field(description=f"The newest {TIMELINE_WINS} wins.")
    wins_count: int


class WinIn(Schema):
    title: Annotated[str, StringConstraints(max_length=TITLE_LENGTH)]
    occurred_on: dt.date | None = Field(None, description="Defaults to the client's today.")
    kind: EnteredWinKind = EnteredWinKind.PERSONAL


def _person(user: User | None) -> PersonRef | None:
    return person(user) if user is not None else None


def win_out(win: Win) -> WinOut:
    return WinOut(
        id=win.public_id,
        kind=win.kind,
        title=win.title,
        occurred_on=win.occurred_on,
        milestone_key=win.milestone_key or None,
        created_by=_person(win.created_by),
        created_at=win.created_at,
        congratulation=win.congratulation or None,
        congratulated_by=_person(win.congratulated_by),
        congratulated_at=win.congratulated_at,
    )


def _event_out(event: RecoveryEvent, *, show_note: bool, corrected: bool) -> RecoveryEventOut:
    return RecoveryEventOut(
        id=event.public_id,
        kind=event.kind,
        on_date=event.on_date,
        note=event.note if show_note else None,
        corrected=corrected,
        recorded_by=person(event.recorded_by),
        recorded_at=event.created_at,
    )


def _may_read_notes(client: Client) -> bool:
    capabilities: Any = getattr(client, "capabilities", frozenset())
    return Capability.READ_NOTES in capabilities


@router.get(
    "/{id}/timeline",
    response={200: TimelineOut, **errors(401, 404, 422)},
    summary="Read a client's recovery timeline: days in recovery, milestones, wins",
)
def get_timeline(request: HttpRequest, id: UUID) -> TimelineOut:
    user = caller(request)
    client = get_client_for(user, id)
    audit_client_event(user, client, Action.VIEW, object_type="recovery_timeline")
    recovery = recovery_of(client, client_today(client, timezone.now()), wins=TIMELINE_WINS)
    show_note = _may_read_notes(client)
    upcoming = recovery.next_milestone
    return TimelineOut(
        today=recovery.today,
        recovery_start=recovery.current_start.on_date if recovery.current_start else None,
        days_in_recovery=recovery.days_in_recovery,
        total_days_in_recovery=recovery.total_days_in_recovery,
        days_engaged=recovery.days_engaged,
        next_milestone=NextMilestoneOut(
            key=upcoming.milestone.key,
            label=upcoming.milestone.label,
            date=upcoming.on,
            days_away=upcoming.days_away,
        )
        if upcoming
        else None,
        events=[
            _event_out(e, show_note=show_note, corrected=e.pk in recovery.corrected)
            for e in recovery.events
        ],
        wins=[win_out(w) for w in recovery.wins],
        wins_count=Win.objects.filter(client=client).count(),
    )


@router.get(
    "/{id}/wins",
    response={200: Page[WinOut], **errors(401, 404, 422)},
    summary="List a client's wins, newest first",
)
def list_wins(request: HttpRequest, id: UUID, page: Query[PageParams]) -> Page[WinOut]:
    user = caller(request)
    client = get_client_for(user, id)
    rows, count = paginate(wins_of(client), page)
    audit_client_event(user, client, Action.VIEW, object_type="win_list")
    return Page[WinOut](items=[win_out(w) for w in rows], count=count)


@router.post(
    "/{id}/wins",
    response={201: WinOut, **errors(400, 401, 403, 404, 422)},
    summary="Record a win for a client",
)
def create_win(request: HttpRequest, id: UUID, payload: WinIn) -> Status[WinOut]:
    user = caller(request)
    client = get_client_for(user, id, need=Capability.RECORD)
    occurred_on = payload.occurred_on or client_today(client, timezone.now())
    win = record_win(user, client, payload.title, occurred_on, kind=payload.kind.value)
    return Status(201, win_out(win))
