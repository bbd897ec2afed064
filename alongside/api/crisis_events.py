"""/clients/{id}/crisis-events and /crisis-events/{id}/…: recording what happened in a
crisis, reading a client's crisis events, the supervisor's sign-off and closing a follow-up.
Same services and access rules as the pages (alongside/safety/crisis.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import AwareDatetime, StringConstraints

from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.pagination import Page, PageParams, paginate
from alongside.api.schemas import PersonRef, errors
from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, get_client_for
from alongside.safety import crisis
from alongside.safety.models import (
    CRISIS_TEXT_LENGTH,
    NOTE_LENGTH,
    REASON_LENGTH,
    CrisisAction,
    CrisisEvent,
    Severity,
)

router = Router(tags=["crisis events"])

CrisisText = Annotated[str, StringConstraints(max_length=CRISIS_TEXT_LENGTH)]


class CrisisEventIn(Schema):
    what_happened: CrisisText
    risk_level: Severity = Field(description='"low", "moderate" or "high".')
    actions: list[CrisisAction] = Field(description="At least one; see docs/api.md.")
    actions_other: Annotated[str, StringConstraints(max_length=REASON_LENGTH)] = Field(
        "", description='What else was done; implies "other".'
    )
    outcome: CrisisText
    occurred_at: AwareDatetime | None = Field(None, description="Defaults to now.")
    follow_up_on: date | None = Field(None, description="Puts the client on Today from then.")
    alert_id: UUID | None = Field(None, description="The alert this crisis followed, if any.")


class CrisisEventOut(Schema):
    id: UUID
    client_id: UUID
    alert_id: UUID | None
    occurred_at: datetime
    created_at: datetime
    recorded_by: PersonRef
    what_happened: str
    risk_level: str
    actions: list[str]
    actions_other: str
    outcome: str
    follow_up_on: date | None
    follow_up_done_at: datetime | None
    follow_up_done_by: PersonRef | None
    reviewed_by: PersonRef | None
    reviewed_at: datetime | None
    review_note: str


class SignOffIn(Schema):
    note: Annotated[str, StringConstraints(max_length=NOTE_LENGTH)] = ""


def crisis_event_out(event: CrisisEvent) -> dict[str, Any]:
    return {
        "id": event.public_id,
        "client_id": event.client.public_id,
        "alert_id": event.alert.public_id if event.alert else None,
        "occurred_at": event.occurred_at,
        "created_at": event.created_at,
        "recorded_by": person(event.recorded_by),
        "what_happened": event.what_happened,
        "risk_level": event.risk_level,
        "actions": event.actions,
        "actions_other": event.actions_other,
        "outcome": event.outcome,
        "follow_up_on": event.follow_up_on,
        "follow_up_done_at": event.follow_up_done_at,
        "follow_up_done_by": person(event.follow_up_done_by) if event.follow_up_done_by else None,
        "reviewed_by": person(event.reviewed_by) if event.reviewed_by else None,
        "reviewed_at": event.reviewed_at,
        "review_note": event.review_note,
    }


@router.post(
    "/clients/{id}/crisis-events",
    response={201: CrisisEventOut, **errors(401, 403, 404, 422)},
    summary="Record what happened in a crisis (after an alert, or on its own)",
)
def create_crisis_event(
    request: HttpRequest, id: UUID, payload: CrisisEventIn
) -> Status[dict[str, Any]]:
    user = caller(request)
    client = get_client_for(user, id, need=Capability.RECORD)
    details = crisis.CrisisDetails(
        what_happened=payload.what_happened,
        risk_level=payload.risk_level.value,
        actions=[action.value for action in payload.actions],
        actions_other=payload.actions_other,
        outcome=payload.outcome,
        occurred_at=payload.occurred_at,
        follow_up_on=payload.follow_up_on,
        alert_id=payload.alert_id,
    )
    event = crisis.record_crisis_event(user, client, details)
    return Status(201, crisis_event_out(event))


@router.get(
    "/clients/{id}/crisis-events",
    response={200: Page[CrisisEventOut], **errors(401, 404, 422)},
    summary="List a client's crisis events, latest first",
)
def list_crisis_events(request: HttpRequest, id: UUID, page: Query[PageParams]) -> dict[str, Any]:
    user = caller(request)
    client = get_client_for(user, id)
    events = crisis.events_of(client).select_related("alert", "follow_up_done_by")
    rows, count = paginate(events, page)
    audit_client_event(user, client, Action.VIEW, object_type="crisis_event_list")
    for event in rows:
        event.client = client
    return {"items": [crisis_event_out(event) for event in rows], "count": count}


@router.post(
    "/crisis-events/{id}/sign-off",
    response={200: CrisisEventOut, **errors(401, 403, 404, 422)},
    summary="Sign off a crisis event (a supervisor of the recording advocate, or a director)",
)
def sign_off_crisis_event(request: HttpRequest, id: UUID, payload: SignOffIn) -> dict[str, Any]:
    user = caller(request)
    event = crisis.get_crisis_event_for(user, id)
    return crisis_event_out(crisis.sign_off(user, event, payload.note))


@router.post(
    "/crisis-events/{id}/follow-up-done",
    response={200: CrisisEventOut, **errors(401, 403, 404, 422)},
    summary="Say a crisis event's follow-up happened (clears it from Today)",
)
def crisis_follow_up_done(request: HttpRequest, id: UUID) -> dict[str, Any]:
    user = caller(request)
    event = crisis.get_crisis_event_for(user, id)
    return crisis_event_out(crisis.mark_follow_up_done(user, event))
