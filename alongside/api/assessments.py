"""/clients/{id}/assessments and /instruments: giving assessments and reading them.

A client's own account (token or session) records and reads their own responses, by their
own id; staff record for a client in their scope with RECORD and read those of any client
they can see. Answers travel as a list in the instrument's item order (null for a skipped
item), as `GET /instruments` lists the items; the same `record_assessment()` as the portal
and the staff page validates, scores, saves and audits them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import AwareDatetime

from alongside.accounts.models import User
from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.errors import field_error, service_errors
from alongside.api.pagination import Page, PageParams, paginate
from alongside.api.schemas import Invalid, PersonRef, errors
from alongside.assessments.catalog import get_instrument
from alongside.assessments.instruments import Instrument
from alongside.assessments.models import AssessmentResponse, Sex, Source
from alongside.assessments.queries import responses_of
from alongside.assessments.services import answers_from_list, instrument_for, record_assessment
from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, get_client_for, own_client
from alongside.clients.models import Client

router = Router(tags=["assessments"])


class InstrumentKey(StrEnum):
    """The instruments' keys (the catalog's; a test keeps the two the same)."""

    BARC10 = "barc10"
    PHQ9 = "phq9"
    PHQ2 = "phq2"
    GAD7 = "gad7"
    AUDITC = "auditc"


class AssessmentIn(Schema):
    instrument: InstrumentKey = Field(description="`barc10`, `phq9`, `phq2`, `gad7` or `auditc`.")
    answers: list[int | None] = Field(
        description="One value per item, in the order `GET /instruments` lists them; null "
        "for a skipped item (the response then has no total)."
    )
    sex: Sex | None = Field(None, description="AUDIT-C only: `female` or `male`.")
    occurred_at: AwareDatetime | None = Field(None, description="Defaults to now.")


class AssessmentOut(Schema):
    id: UUID
    client_id: UUID
    instrument: str
    version: int = Field(description="The instrument version the answers were given on.")
    occurred_at: datetime
    answers: list[int | None] = Field(description="In item order; null where skipped.")
    sex: str | None
    total: int | None = Field(description="Null when an item was skipped.")
    band: str | None = Field(description="Stable band key; null without a total.")
    band_label: str | None
    flags: list[str] = Field(
        description="`safety` (PHQ-9 item 9 above 0), `positive_screen`, `remission_level`."
    )
    missing: list[str] = Field(description="Keys of the required items left blank.")
    strongest: list[str] = Field(description="BARC-10: keys of the strongest items.")
    explanation: str = Field(description="The result in plain words, as the client reads it.")
    source: str
    recorded_by: PersonRef | None


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    key: str
    text: str
    scored: bool = Field(description="Counts towards the total.")
    required: bool = Field(description="Left blank, the response has no total.")
    options: list[OptionOut]


class BandOut(Schema):
    key: str
    low: int
    high: int
    label: str
    flags: list[str]


class InstrumentOut(Schema):
    key: str
    version: int
    short_title: str
    title: str
    instructions: str
    items: list[ItemOut]
    lowest_total: int
    highest_total: int
    bands: list[BandOut] = Field(description="Default bands; see bands_by_sex.")
    bands_by_sex: dict[str, list[BandOut]] = Field(
        description="AUDIT-C: the bands for `female` and `male`; others use `bands`."
    )


def assessment_out(response: AssessmentResponse, client: Client) -> AssessmentOut:
    result = response.result()
    items = result.instrument.items
    return AssessmentOut(
        id=response.public_id,
        client_id=client.public_id,
        instrument=response.instrument,
        version=response.version,
        occurred_at=response.occurred_at,
        answers=[result.answers[item.key] for item in items],
        sex=response.sex or None,
        total=response.total,
        band=response.band or None,
        band_label=str(response.band_label()) or None,
        flags=list(response.flags),
        missing=list(result.missing),
        strongest=list(result.strongest),
        explanation=str(result.explanation),
        source=response.source,
        recorded_by=person(response.created_by) if response.created_by else None,
    )


def _bands(bands: Any) -> list[BandOut]:
    return [
        BandOut(key=b.key, low=b.low, high=b.high, label=str(b.label), flags=list(b.flags))
        for b in bands
    ]


def instrument_out(instrument: Instrument) -> InstrumentOut:
    return InstrumentOut(
        key=instrument.key,
        version=instrument.version,
        short_title=instrument.short_title,
        title=str(instrument.title),
        instructions=str(instrument.instructions),
        items=[
            ItemOut(
                key=item.key,
                text=str(item.text),
                scored=item.scored,
                required=item.required or item.scored,
                options=[OptionOut(value=o.value, label=str(o.label)) for o in item.options],
            )
            for item in instrument.items
        ],
        lowest_total=instrument.lowest_total,
        highest_total=instrument.highest_total,
        bands=_bands(instrument.bands),
        bands_by_sex={sex: _bands(bands) for sex, bands in instrument.bands_by_sex},
    )


def _client(user: User, id: UUID, need: Capability) -> Client:
    """The client themself by their own id, else a client in USER's scope with NEED."""
    own = own_client(user)
    if own is not None and own.public_id == id:
        return own
    return get_client_for(user, id, need=need)


def _invalid(instrument: Instrument, error: ValidationError) -> dict[str, Any]:
    """Return a service's ValidationError as the 422 body, item errors located by their
    position in `answers` (["body", "answers", 8] for PHQ-9 item 9)."""
    positions = {item.key: index for index, item in enumerate(instrument.items)}
    problems: list[dict[str, Any]] = []
    for field, messages in error.message_dict.items():
        if field in positions:
            item = instrument.items[positions[field]]
            allowed = ", ".join(str(value) for value in item.values)
            # A fixed message: the value sent is never echoed back.
            problems.append(
                field_error(
                    ["body", "answers", positions[field]],
                    f"Must be one of {allowed}, or null when skipped.",
                )
            )
        else:
            problems.extend(service_errors(ValidationError({field: messages})))
    return {"detail": problems}


@router.post(
    "/clients/{id}/assessments",
    response={201: AssessmentOut, **errors(400, 401, 403, 404, 422)},
    summary="Record a client's answers to an instrument (your own, or on their behalf)",
)
def create_assessment(
    request: HttpRequest, id: UUID, payload: AssessmentIn
) -> Status[AssessmentOut] | Status[Invalid]:
    user = caller(request)
    client = _client(user, id, Capability.RECORD)
    instrument = instrument_for(payload.instrument.value)
    try:
        response = record_assessment(
            user,
            client,
            instrument.key,
            answers_from_list(instrument, payload.answers),
            sex=payload.sex.value if payload.sex else None,
            source=Source.API,
            occurred_at=payload.occurred_at,
        )
    except ValidationError as error:
        return Status(422, Invalid.model_validate(_invalid(instrument, error)))
    return Status(201, assessment_out(response, client))


@router.get(
    "/clients/{id}/assessments",
    response={200: Page[AssessmentOut], **errors(401, 404, 422)},
    summary="List a client's assessment responses, newest first",
)
def list_assessments(
    request: HttpRequest,
    id: UUID,
    page: Query[PageParams],
    instrument: InstrumentKey | None = None,
) -> Page[AssessmentOut]:
    user = caller(request)
    client = _client(user, id, Capability.VIEW)
    rows = responses_of(client)
    if instrument is not None:
        rows = rows.of_instrument(instrument.value)
    responses, count = paginate(rows, page)
    audit_client_event(user, client, Action.VIEW, object_type="assessment_list")
    return Page[AssessmentOut](
        items=[assessment_out(response, client) for response in responses], count=count
    )


@router.get(
    "/instruments",
    response={200: list[InstrumentOut], **errors(401)},
    summary="The instruments that can be given: items, answers and bands",
)
def list_instruments(request: HttpRequest) -> list[InstrumentOut]:
    caller(request)
    return [instrument_out(get_instrument(key)) for key in InstrumentKey]
