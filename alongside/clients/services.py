"""Writes about clients: admit, assign, transfer, end an assignment, discharge.

Each function owns its transaction and its audit rows, checks the actor's permission through
the access layer, and raises ValidationError (with field names) for bad input — changing
nothing. Web views, the API, commands and tests all call these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from alongside.aftercare.services import schedule_followups
from alongside.audit.models import Action
from alongside.clients.access import (
    Capability,
    admitting_programs,
    assignable_advocates,
    audit_client_event,
    capabilities_for,
)
from alongside.clients.models import (
    Assignment,
    Client,
    DischargeReason,
    Episode,
    Language,
    LevelOfCare,
    Pathway,
)
from alongside.lib.zones import validate_zone
from alongside.organizations.models import Program


@dataclass
class Admission:
    """What intake knows about a person being admitted."""

    program: Program
    preferred_name: str
    level_of_care: str
    admitted_at: datetime | None = None
    legal_name: str = ""
    pronouns: str = ""
    date_of_birth: date | None = None
    time_zone: str = ""
    language: str = "en"
    phone: str = ""
    email: str = ""
    pathways: list[str] = field(default_factory=list)
    advocate: Any = None


def _require(user: Any, client: Client, capability: Capability) -> None:
    if capability not in capabilities_for(user, client):
        raise PermissionDenied


def _validate_admission(actor: Any, admission: Admission) -> None:
    errors: dict[str, str] = {}
    if not admission.preferred_name.strip():
        errors["preferred_name"] = "Enter the name the person would like to be called."
    for name in ("preferred_name", "legal_name", "pronouns", "phone", "email"):
        limit = getattr(Client._meta.get_field(name), "max_length", None)
        if limit and len(getattr(admission, name)) > limit:
            errors[name] = f"Use at most {limit} characters."
    if admission.language not in Language.values:
        errors["language"] = "Choose a language from the list."
    if admission.email and "email" not in errors:
        try:
            validate_email(admission.email)
        except ValidationError:
            errors["email"] = "Enter a valid e-mail address."

    if admission.level_of_care not in LevelOfCare.values:
        errors["level_of_care"] = "Choose a level of care."
    unknown = set(admission.pathways) - set(Pathway.values)
    if unknown:
        errors["pathways"] = "Choose pathways from the list."
    if admission.time_zone:
        try:
            validate_zone(admission.time_zone)
        except ValidationError:
            errors["time_zone"] = "Choose a time zone from the list."
    if admission.admitted_at is not None and timezone.is_naive(admission.admitted_at):
        errors["admitted_at"] = "Give the admission time with its time zone."
    elif admission.admitted_at and admission.admitted_at > timezone.now():
        errors["admitted_at"] = "The admission cannot be in the future."
    if admission.date_of_birth and admission.date_of_birth >= timezone.localdate():
        errors["date_of_birth"] = "The date of birth must be in the past."
    if (
        admission.advocate is not None
        and not assignable_advocates(actor, admission.program.organization_id)
        .filter(pk=admission.advocate.pk)
        .exists()
    ):
        errors["advocate"] = "Choose an advocate you can assign."
    if errors:
        raise ValidationError(errors)


def admit(actor: Any, admission: Admission) -> Client:
    """Register a new client with an open episode (and an advocate if given); return it.

    Raises PermissionDenied if ACTOR may not admit into the program, ValidationError for bad
    input. Nothing is saved unless everything is.
    """
    if not admitting_programs(actor).filter(pk=admission.program.pk).exists():
        raise PermissionDenied
    _validate_admission(actor, admission)
    program = admission.program
    with transaction.atomic():
        client = Client.objects.create(
            organization_id=program.organization_id,
            preferred_name=admission.preferred_name.strip(),
            legal_name=admission.legal_name.strip(),
            pronouns=admission.pronouns.strip(),
            date_of_birth=admission.date_of_birth,
            time_zone=admission.time_zone or program.organization.time_zone,
            language=admission.language,
            phone=admission.phone.strip(),
            email=admission.email.strip(),
            pathways=list(dict.fromkeys(admission.pathways)),
            created_by=actor,
        )
        episode = Episode.objects.create(
            organization_id=program.organization_id,
            client=client,
            program=program,
            level_of_care=admission.level_of_care,
            admitted_at=admission.admitted_at or timezone.now(),
            created_by=actor,
        )
        audit_client_event(actor, client, Action.CREATE)
        audit_client_event(actor, client, Action.CREATE, episode)
        if admission.advocate is not None:
            _start_assignment(actor, client, admission.advocate)
    return client


def _start_assignment(actor: Any, client: Client, advocate: Any) -> Assignment:
    assignment = Assignment.objects.create(
        organization_id=client.organization_id,
        client=client,
        advocate=advocate,
        started_at=timezone.now(),
        assigned_by=actor,
    )
    audit_client_event(actor, client, Action.CREATE, assignment)
    return assignment


def _check_assignable(actor: Any, client: Client, advocate: Any) -> None:
    if not assignable_advocates(actor, client.organization_id).filter(pk=advocate.pk).exists():
        raise ValidationError({"advocate": "Choose an advocate you can assign."})
    if client.assignments.current().filter(advocate=advocate).exists():
        raise ValidationError({"advocate": "This advocate is already working with them."})


def assign_advocate(actor: Any, client: Client, advocate: Any) -> Assignment:
    """Add ADVOCATE to CLIENT's current advocates; return the new assignment."""
    _require(actor, client, Capability.MANAGE)
    with transaction.atomic():
        _check_assignable(actor, client, advocate)
        return _start_assignment(actor, client, advocate)


def _end_assignment(actor: Any, assignment: Assignment, reason: str) -> Assignment:
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.ended_at is not None:
        raise ValidationError("This assignment has already ended.")
    locked.ended_at = timezone.now()
    locked.end_reason = reason
    locked.save(update_fields=["ended_at", "end_reason"])
    audit_client_event(actor, assignment.client, Action.UPDATE, locked)
    return locked


def end_assignment(
    actor: Any, assignment: Assignment, reason: str = Assignment.EndReason.ENDED
) -> Assignment:
    """End a current assignment (history is kept); return it."""
    _require(actor, assignment.client, Capability.MANAGE)
    with transaction.atomic():
        return _end_assignment(actor, assignment, reason)


def transfer(actor: Any, assignment: Assignment, to_advocate: Any) -> Assignment:
    """Hand the client over from ASSIGNMENT's advocate to TO_ADVOCATE; return the new one.

    Permission is checked once, before anything changes: ending the old assignment can take
    the client out of the actor's scope (a discharged client in aftercare), and the handover
    must not be refused half-way.
    """
    client = assignment.client
    _require(actor, client, Capability.MANAGE)
    if to_advocate.pk == assignment.advocate_id:
        raise ValidationError({"advocate": "Choose a different advocate to transfer to."})
    with transaction.atomic():
        _check_assignable(actor, client, to_advocate)
        _end_assignment(actor, assignment, Assignment.EndReason.TRANSFERRED)
        return _start_assignment(actor, client, to_advocate)


def discharge(
    actor: Any,
    episode: Episode,
    *,
    reason: str,
    discharged_at: datetime | None = None,
    end_assignments: bool = False,
) -> Episode:
    """Close EPISODE with REASON. Advocates stay on for aftercare unless END_ASSIGNMENTS."""
    client = episode.client
    _require(actor, client, Capability.MANAGE)
    discharged_at = discharged_at or timezone.now()
    errors = {}
    if reason not in DischargeReason.values:
        errors["reason"] = "Choose a discharge reason."
    if timezone.is_naive(discharged_at):
        errors["discharged_at"] = "Give the discharge time with its time zone."
    elif discharged_at > timezone.now():
        errors["discharged_at"] = "The discharge cannot be in the future."
    elif discharged_at < episode.admitted_at:
        errors["discharged_at"] = "The discharge cannot be before the admission."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Episode.objects.select_for_update().get(pk=episode.pk)
        if locked.discharged_at is not None:
            raise ValidationError("This episode has already been discharged.")
        locked.discharged_at = discharged_at
        locked.discharge_reason = reason
        locked.save(update_fields=["discharged_at", "discharge_reason"])
        audit_client_event(actor, client, Action.UPDATE, locked)
        if end_assignments:
            # Permission was checked above, once: ending one advocate's assignment may take
            # the client out of the actor's scope before the next one is ended.
            for assignment in client.assignments.current():
                _end_assignment(actor, assignment, Assignment.EndReason.DISCHARGED)
        schedule_followups(actor, locked)  # the aftercare calls, saved with the discharge
    return locked
