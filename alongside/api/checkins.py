"""/checkins and /clients/{id}/checkins: recording a check-in and reading a client's.

A client's own account (token or session) records and reads their own check-ins; staff
record for a client in their scope by giving its public id and read the check-ins of any
client they can see. Free text (`went_well`, `substance`) is shown to the person themself
and to staff who may read notes, and is null for everyone else (clinicians), as contact
notes are.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from django.db.models import Model
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import AwareDatetime, StringConstraints

from alongside.accounts.models import User
from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.errors import FieldError
from alongside.api.pagination import Page, PageParams, paginate
from alongside.api.schemas import PersonRef, errors
from alongside.audit.models import Action
from alongside.checkins.models import CheckIn, Mood, SleepQuality, Source
from alongside.checkins.queries import checkins_of
from alongside.checkins.services import CheckInAnswers, record_checkin
from alongside.checkins.wording import follow_up_after_use
from alongside.clients.access import Capability, audit_client_event, get_client_for, own_client
from alongside.clients.models import Client
from alongside.organizations.staff import memberships_of
from alongside.portal.crisis import EMERGENCY, LIFELINE, on_call_for
from alongside.safety.models import Severity

router = Router(tags=["check-ins"])


def _fits(model: type[Model], name: str) -> StringConstraints:
    return StringConstraints(max_length=getattr(model._meta.get_field(name), "max_length", None))


class CheckInIn(Schema):
    client_id: UUID | None = Field(
        None,
        description="Public id of the client, for staff recording on a client's behalf. "
        "Leave it out when a client records their own.",
    )
    mood: Mood = Field(description="1 very low, 2 low, 3 okay, 4 good, 5 great.")
    craving: int = Field(description="0 (none) to 10 (strongest).")
    used_since_last: bool = False
    substance: Annotated[str, _fits(CheckIn, "substance")] = Field(
        "", description="Only with used_since_last."
    )
    sleep_hours: float | None = Field(None, description="0 to 24, kept to a tenth of an hour.")
    sleep_quality: SleepQuality | None = None
    went_well: str = ""
    wants_contact: bool = Field(
        False, description="The person would like their advocate to reach out."
    )
    safety_concern: bool = Field(
        False,
        description="The safety question: thinking about harming themself or ending their "
        "life. True raises a high-severity alert in the same transaction.",
    )
    overdose: bool = Field(False, description="Reported an overdose since the last check-in.")
    occurred_at: AwareDatetime | None = Field(None, description="Defaults to now.")


class CheckInOut(Schema):
    id: UUID
    client_id: UUID
    local_date: date = Field(description="The client's own calendar date of the check-in.")
    occurred_at: datetime
    mood: int
    mood_label: str
    craving: int
    used_since_last: bool
    substance: str | None = Field(description="Null when the caller may not read free text.")
    sleep_hours: float | None
    sleep_quality: str | None
    went_well: str | None = Field(description="Null when the caller may not read free text.")
    wants_contact: bool
    safety_concern: bool
    overdose: bool
    source: str
    recorded_by: PersonRef | None


class CrisisOut(Schema):
    lifeline: str = Field(description="Call or text, 24/7 (the 988 Suicide & Crisis Lifeline).")
    emergency: str
    on_call: list[str] = Field(description="The program's on-call lines, if it has any.")
    advocate_told: bool = Field(description="An alert went to the client's advocate or on call.")


class CheckInRecorded(CheckInOut):
    follow_up: str | None = Field(
        description="A prompt to show after a check-in reporting use since the last one "
        "(worded for the caller: the client, or staff); null otherwise."
    )
    crisis: CrisisOut | None = Field(
        description="Crisis resources to show at once, after a high-risk answer; null otherwise."
    )


def checkin_out(checkin: CheckIn, client: Client, *, show_text: bool) -> dict[str, Any]:
    return {
        "id": checkin.public_id,
        "client_id": client.public_id,
        "local_date": checkin.local_date,
        "occurred_at": checkin.occurred_at,
        "mood": checkin.mood,
        "mood_label": checkin.get_mood_display(),
        "craving": checkin.craving,
        "used_since_last": checkin.used_since_last,
        "substance": checkin.substance if show_text else None,
        "sleep_hours": float(checkin.sleep_hours) if checkin.sleep_hours is not None else None,
        "sleep_quality": checkin.sleep_quality or None,
        "went_well": checkin.went_well if show_text else None,
        "wants_contact": checkin.wants_contact,
        "safety_concern": checkin.safety_concern,
        "overdose": checkin.overdose,
        "source": checkin.source,
        "recorded_by": person(checkin.recorded_by) if checkin.recorded_by else None,
    }


def _target(user: User, client_id: UUID | None) -> tuple[Client, bool]:
    """Return the client a check-in is for, and whether USER is that client themself.

    A client's own account needs no id; an id that is not their own is bad input (their
    account records nothing else). Staff must give the id of a client in their scope with
    RECORD: out of scope or unknown is a 404, read-only a 403.
    """
    own = own_client(user)
    if own is not None and client_id in (None, own.public_id):
        return own, True
    if own is not None and not memberships_of(user):
        raise FieldError("client_id", "Leave client_id out: your check-ins are your own.")
    if client_id is None:
        raise FieldError("client_id", "Give the id of the client this check-in is for.")
    return get_client_for(user, client_id, need=Capability.RECORD), False


def _crisis(checkin: CheckIn, client: Client) -> dict[str, Any] | None:
    flags = getattr(checkin, "flags", [])
    if not any(flag.severity == Severity.HIGH for flag in flags):
        return None
    return {
        "lifeline": LIFELINE,
        "emergency": EMERGENCY,
        "on_call": [line.phone for line in on_call_for(client)],
        # A high flag always has an alert: its own, or one already open and reaching people.
        "advocate_told": True,
    }


@router.post(
    "/checkins",
    response={201: CheckInRecorded, **errors(400, 401, 403, 404, 422)},
    summary="Record a check-in (your own, or a client's on their behalf)",
)
def create_checkin(request: HttpRequest, payload: CheckInIn) -> Status[CheckInRecorded]:
    user = caller(request)
    client, is_self = _target(user, payload.client_id)
    checkin = record_checkin(
        user,
        client,
        CheckInAnswers(
            mood=payload.mood.value,
            craving=payload.craving,
            used_since_last=payload.used_since_last,
            substance=payload.substance,
            sleep_hours=Decimal(str(payload.sleep_hours))
            if payload.sleep_hours is not None
            else None,
            sleep_quality=payload.sleep_quality.value if payload.sleep_quality else "",
            went_well=payload.went_well,
            wants_contact=payload.wants_contact,
            safety_concern=payload.safety_concern,
            overdose=payload.overdose,
        ),
        source=Source.API,
        occurred_at=payload.occurred_at,
    )
    body = checkin_out(checkin, client, show_text=True)
    body["follow_up"] = follow_up_after_use(checkin, for_client=is_self)
    body["crisis"] = _crisis(checkin, client)
    return Status(201, CheckInRecorded.model_validate(body))


@router.get(
    "/clients/{id}/checkins",
    response={200: Page[CheckInOut], **errors(401, 404, 422)},
    summary="List a client's check-ins, newest day first",
)
def list_checkins(request: HttpRequest, id: UUID, page: Query[PageParams]) -> Page[CheckInOut]:
    user = caller(request)
    own = own_client(user)
    if own is not None and own.public_id == id:
        client, show_text = own, True
    else:
        client = get_client_for(user, id)
        capabilities: Any = getattr(client, "capabilities", frozenset())
        show_text = Capability.READ_NOTES in capabilities
    rows, count = paginate(checkins_of(client), page)
    audit_client_event(user, client, Action.VIEW, object_type="checkin_list")
    return Page[CheckInOut](
        items=[
            CheckInOut.model_validate(checkin_out(c, client, show_text=show_text)) for c in rows
        ],
        count=count,
    )
