"""/clients/{id}/safety-plan: read a client's current safety plan, and save a new version.

Same rules as the pages (alongside/safetyplans/access.py): the client themself and staff
with RECORD (advocates, supervisors) read and write; directors and clinicians in the
client's program read; administrators get 404. A client's own token reaches only their own
id (any other id is a 404, as for check-ins).

A client without a plan yet is an ordinary state, not a missing resource: GET answers 200
with `null`, so a 404 keeps meaning only "no such client, or not yours".
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict, StringConstraints

from alongside.accounts.models import User
from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.errors import field_error
from alongside.api.schemas import PersonRef, errors
from alongside.clients.access import own_client
from alongside.clients.models import Client
from alongside.safetyplans.access import audit_plan_view, get_client_for_plan
from alongside.safetyplans.models import SafetyPlanVersion
from alongside.safetyplans.queries import current_plan
from alongside.safetyplans.sections import SECTION_LENGTH
from alongside.safetyplans.services import save_safety_plan

router = Router(tags=["safety plans"])

SectionText = Annotated[str, StringConstraints(max_length=SECTION_LENGTH)]


class SectionsOut(Schema):
    warning_signs: str = Field(description="Signs a crisis may be building.")
    coping_alone: str = Field(description="Things I can do on my own to cope.")
    distractions: str = Field(description="People and places that take my mind off things.")
    support_people: str = Field(description="People I can ask for help (names and phones).")
    professionals: str = Field(description="Professionals and crisis lines.")
    safer_surroundings: str = Field(description="Making my surroundings safer.")


class SectionsIn(Schema):
    """All six sections, each up to 2,000 characters; "" for a section left empty."""

    model_config = ConfigDict(extra="forbid")

    warning_signs: SectionText
    coping_alone: SectionText
    distractions: SectionText
    support_people: SectionText
    professionals: SectionText
    safer_surroundings: SectionText


class SafetyPlanIn(Schema):
    model_config = ConfigDict(extra="forbid")

    sections: SectionsIn


class SafetyPlanOut(Schema):
    id: UUID = Field(description="This version's id.")
    client_id: UUID
    version: int = Field(description="1 for the first plan, then one more per saved change.")
    sections: SectionsOut
    created_at: datetime = Field(description="When this version was saved.")
    created_by: PersonRef = Field(description="Who saved it: the client or a staff member.")


def plan_out(version: SafetyPlanVersion, client: Client) -> SafetyPlanOut:
    return SafetyPlanOut(
        id=version.public_id,
        client_id=client.public_id,
        version=version.number,
        sections=SectionsOut(**version.texts()),
        created_at=version.created_at,
        created_by=person(version.created_by),
    )


def _client(user: User, id: UUID, *, write: bool = False) -> Client:
    own = own_client(user)
    if own is not None and own.public_id == id:
        return own
    return get_client_for_plan(user, id, write=write)


def _located(error: DjangoValidationError) -> list[dict[str, Any]]:
    """Return the service's errors located inside `sections`, where the caller sent them."""
    located: list[dict[str, Any]] = []
    for key, messages in error.message_dict.items():
        loc: list[str | int] = ["body", "sections"]
        if key != NON_FIELD_ERRORS:
            loc.append(key)
        located.extend(field_error(loc, message) for message in messages)
    return located


@router.get(
    "/{id}/safety-plan",
    response={200: SafetyPlanOut | None, **errors(401, 403, 404, 422)},
    summary="Read a client's current safety plan (null if they have none yet)",
)
def get_safety_plan(request: HttpRequest, id: UUID) -> SafetyPlanOut | None:
    user = caller(request)
    client = _client(user, id)
    plan = current_plan(client)
    audit_plan_view(user, client, plan)
    return plan_out(plan, client) if plan is not None else None


@router.put(
    "/{id}/safety-plan",
    response={200: SafetyPlanOut, **errors(400, 401, 403, 404, 422)},
    summary="Save a client's safety plan: all six sections, kept as a new version",
)
def put_safety_plan(request: HttpRequest, id: UUID, payload: SafetyPlanIn) -> SafetyPlanOut:
    user = caller(request)
    client = _client(user, id, write=True)
    try:
        version = save_safety_plan(user, client, payload.sections.model_dump())
    except DjangoValidationError as error:
        raise NinjaValidationError(_located(error)) from None
    return plan_out(version, client)
