"""Request and response bodies. Every id in them is a public UUID, never a database key.

Inputs are typed as precisely as the models allow (choices as enums, aware datetimes,
lengths from the model fields) so the OpenAPI document tells callers what is accepted;
rules about meaning (no admissions in the future, minutes in range...) stay in the services.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Model
from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, StringConstraints

from alongside.clients.models import Client, Language, LevelOfCare, Pathway
from alongside.support.models import Encounter, EncounterKind, Topic


def _fits(model: type[Model], name: str) -> StringConstraints:
    """Limit a string to the length of the model field it is saved in."""
    return StringConstraints(max_length=getattr(model._meta.get_field(name), "max_length", None))


def _email(value: str) -> str:
    # The model declares an EmailField but admit() saves without full_clean(), so the
    # format is checked here; a ValueError becomes an ordinary 422 on the field.
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter a valid e-mail address.") from None
    return value


class PersonRef(Schema):
    id: UUID
    name: str


class ProgramRef(Schema):
    id: UUID
    name: str


class ClientSummary(Schema):
    id: UUID
    preferred_name: str
    pronouns: str
    program: str | None = Field(description="Program of the current open episode, if any.")
    advocates: list[PersonRef] = Field(description="Advocates currently working with them.")
    admitted_at: datetime | None = Field(description="Admission of the latest episode.")
    discharged_at: datetime | None = Field(description="Discharge of the latest episode.")


class EpisodeOut(Schema):
    id: UUID
    program: ProgramRef
    level_of_care: str
    admitted_at: datetime
    discharged_at: datetime | None
    discharge_reason: str | None


class AssignmentOut(Schema):
    id: UUID
    advocate: PersonRef
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None


class ClientDetail(ClientSummary):
    date_of_birth: date | None
    time_zone: str
    language: str
    pathways: list[str]
    episodes: list[EpisodeOut] = Field(description="Every episode, newest first.")
    assignments: list[AssignmentOut] = Field(description="Every assignment, newest first.")


class AdmissionIn(Schema):
    program: UUID = Field(description="Public id of a program the caller may admit into.")
    preferred_name: Annotated[str, _fits(Client, "preferred_name")]
    level_of_care: LevelOfCare
    admitted_at: AwareDatetime | None = Field(None, description="Defaults to now.")
    legal_name: Annotated[str, _fits(Client, "legal_name")] = ""
    pronouns: Annotated[str, _fits(Client, "pronouns")] = ""
    date_of_birth: date | None = None
    time_zone: str = Field("", description="IANA zone; defaults to the organization's.")
    language: Language = Language.ENGLISH
    phone: Annotated[str, _fits(Client, "phone")] = ""
    email: Annotated[str, _fits(Client, "email"), AfterValidator(_email)] = ""
    pathways: list[Pathway] = Field(default_factory=list)
    advocate: UUID | None = Field(None, description="Public id of an advocate to assign.")


class EncounterIn(Schema):
    kind: EncounterKind
    occurred_at: AwareDatetime | None = Field(None, description="Defaults to now.")
    minutes: int | None = None
    location: Annotated[str, _fits(Encounter, "location")] = ""
    topics: list[Topic] = Field(default_factory=list)
    note: str = ""
    follow_up_on: date | None = None


class EncounterOut(Schema):
    id: UUID
    kind: str
    occurred_at: datetime
    minutes: int | None
    location: str
    topics: list[str]
    note: str | None = Field(description="Null when the caller may not read contact notes.")
    follow_up_on: date | None
    advocate: PersonRef


class Problem(Schema):
    """Every error but bad input: 400, 401, 403, 404."""

    detail: str


class FieldProblem(Schema):
    loc: list[str | int] = Field(description='Where, e.g. ["body", "preferred_name"].')
    msg: str
    type: str


class Invalid(Schema):
    """Bad input (422): one entry per problem, from the schema or the business rules."""

    detail: list[FieldProblem]


def errors(*codes: int) -> dict[int, type[Schema]]:
    """Return the error responses an endpoint documents, for `response={200: ..., **errors()}`."""
    return {code: Invalid if code == 422 else Problem for code in codes}
