"""Logging support contacts: the one way an encounter enters the system."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit import log as audit_log
from alongside.audit.models import Action
from alongside.clients.access import (
    Capability,
    audit_client_event,
    capabilities_for,
    role_label,
    visible_to,
)
from alongside.clients.models import Client
from alongside.support.models import Encounter, EncounterKind, Topic

MAX_MINUTES = 24 * 60
MAX_LOCATION = 200  # Encounter.location's max_length
# Contacts are logged after the fact, sometimes late; a clock a few minutes fast on the
# PRA's phone must not reject a contact that just ended.
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass
class ContactDetails:
    kind: str
    occurred_at: datetime | None = None
    minutes: int | None = None
    location: str = ""
    topics: list[str] = field(default_factory=list)
    note: str = ""
    follow_up_on: date | None = None


def _validate(details: ContactDetails) -> None:
    errors: dict[str, str] = {}
    if details.kind not in EncounterKind.values:
        errors["kind"] = "Choose what kind of contact this was."
    if details.occurred_at is not None and timezone.is_naive(details.occurred_at):
        errors["occurred_at"] = "Give the time of the contact with its time zone."
    elif (
        details.occurred_at is not None and details.occurred_at > timezone.now() + FUTURE_TOLERANCE
    ):
        errors["occurred_at"] = "A contact cannot be logged in the future."
    if details.minutes is not None and not 0 < details.minutes <= MAX_MINUTES:
        errors["minutes"] = "Minutes must be between 1 and 1440."
    if len(details.location) > MAX_LOCATION:
        errors["location"] = f"Use at most {MAX_LOCATION} characters."
    if set(details.topics) - set(Topic.values):
        errors["topics"] = "Choose topics from the list."
    if errors:
        raise ValidationError(errors)


def log_encounter(actor: Any, client: Client, details: ContactDetails) -> Encounter:
    """Record a support contact by ACTOR with CLIENT; return it.

    Raises PermissionDenied unless ACTOR may record for CLIENT, ValidationError for bad input
    (nothing saved).
    """
    if Capability.RECORD not in capabilities_for(actor, client):
        raise PermissionDenied
    _validate(details)
    with transaction.atomic():
        encounter = _unsaved(actor, client, details)
        encounter.save()
        audit_client_event(actor, client, Action.CREATE, encounter)
    return encounter


def _unsaved(actor: Any, client: Client, details: ContactDetails) -> Encounter:
    """The Encounter DETAILS describe, by ACTOR with CLIENT, not yet saved."""
    return Encounter(
        organization_id=client.organization_id,
        client=client,
        advocate=actor,
        kind=details.kind,
        occurred_at=details.occurred_at or timezone.now(),
        minutes=details.minutes,
        location=details.location.strip(),
        topics=list(dict.fromkeys(details.topics)),
        note=details.note.strip(),
        follow_up_on=details.follow_up_on,
    )


def log_encounters(actor: Any, entries: list[tuple[Client, ContactDetails]]) -> list[Encounter]:
    """Record one contact by ACTOR per (client, details) in ENTRIES, all of one organization,
    with one insert and one audit batch (a group's attendance); return them in order.

    The same rules as `log_encounter()`: PermissionDenied unless ACTOR may record for every
    client, ValidationError for bad input (nothing saved).
    """
    if not entries:
        return []
    client_ids = {client.pk for client, _ in entries}
    recordable = set(
        visible_to(actor, need=Capability.RECORD)
        .filter(pk__in=client_ids)
        .values_list("pk", flat=True)
    )
    if recordable != client_ids:
        raise PermissionDenied
    for _, details in entries:
        _validate(details)
    with transaction.atomic():
        encounters = Encounter.objects.bulk_create(
            [_unsaved(actor, client, details) for client, details in entries]
        )
        audit_many(actor, Action.CREATE, encounters)
    return encounters


def audit_many(actor: Any, action: str, encounters: list[Encounter]) -> None:
    """Write one audit row per encounter (ACTION by ACTOR), one insert per organization."""
    by_org: dict[int, list[audit_log.Event]] = {}
    for encounter in encounters:
        by_org.setdefault(encounter.organization_id, []).append(
            audit_log.Event(
                action=action,
                object_type="encounter",
                object_public_id=encounter.public_id,
                organization_id=encounter.organization_id,
                client_id=encounter.client_id,
                client_public_id=encounter.client.public_id,
                user=actor,
                role=role_label(actor, encounter.organization_id),
            )
        )
    for events in by_org.values():
        audit_log.record_many(events)
