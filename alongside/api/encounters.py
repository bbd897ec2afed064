"""/clients/{id}/encounters: a client's support contacts, and logging a new one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Status

from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.pagination import Page, PageParams, paginate
from alongside.api.schemas import EncounterIn, EncounterOut, errors
from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, get_client_for
from alongside.clients.models import Client
from alongside.support.models import Encounter
from alongside.support.queries import timeline
from alongside.support.services import ContactDetails, log_encounter

router = Router(tags=["encounters"])


def _may_read_notes(client: Client) -> bool:
    capabilities: Any = getattr(client, "capabilities", frozenset())
    return Capability.READ_NOTES in capabilities


def encounter_out(encounter: Encounter, *, show_note: bool) -> EncounterOut:
    """Return ENCOUNTER for the API; the note is null unless SHOW_NOTE (need to know)."""
    return EncounterOut(
        id=encounter.public_id,
        kind=encounter.kind,
        occurred_at=encounter.occurred_at,
        minutes=encounter.minutes,
        location=encounter.location,
        topics=encounter.topics,
        note=encounter.note if show_note else None,
        follow_up_on=encounter.follow_up_on,
        advocate=person(encounter.advocate),
    )


@router.get(
    "/{id}/encounters",
    response={200: Page[EncounterOut], **errors(401, 404, 422)},
    summary="List a client's support contacts, newest first",
)
def list_encounters(request: HttpRequest, id: UUID, page: Query[PageParams]) -> Page[EncounterOut]:
    user = caller(request)
    client = get_client_for(user, id)
    rows, count = paginate(timeline(client), page)
    audit_client_event(user, client, Action.VIEW, object_type="encounter_list")
    show_note = _may_read_notes(client)
    return Page[EncounterOut](
        items=[encounter_out(e, show_note=show_note) for e in rows], count=count
    )


@router.post(
    "/{id}/encounters",
    response={201: EncounterOut, **errors(400, 401, 403, 404, 422)},
    summary="Log a support contact with a client",
)
def create_encounter(request: HttpRequest, id: UUID, payload: EncounterIn) -> Status[EncounterOut]:
    user = caller(request)
    client = get_client_for(user, id, need=Capability.RECORD)
    encounter = log_encounter(
        user,
        client,
        ContactDetails(
            kind=payload.kind.value,
            occurred_at=payload.occurred_at,
            minutes=payload.minutes,
            location=payload.location,
            topics=[t.value for t in payload.topics],
            note=payload.note,
            follow_up_on=payload.follow_up_on,
        ),
    )
    return Status(201, encounter_out(encounter, show_note=_may_read_notes(client)))
