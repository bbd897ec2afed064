"""Writes for pathways: moving a stage, following a pathway, naming own stages, and the
advocate's lived-experience notes (saving one, sharing a copy with a client).

The staff pages, a later API and the tests all call these. Each client write is audited in
its transaction; bad input raises ValidationError (by field name) and saves nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, capabilities_for
from alongside.clients.models import Client
from alongside.messaging.models import BODY_LENGTH, Message
from alongside.messaging.services import send_message
from alongside.organizations.staff import roles_in
from alongside.pathways.access import OBJECT_TYPE
from alongside.pathways.catalog import OWN, get_pathway
from alongside.pathways.models import (
    NOTE_LENGTH,
    TITLE_LENGTH,
    TRANSITIONS,
    LivedExperienceNote,
    OwnStage,
    StageMove,
    State,
)


def _require_record(actor: Any, client: Client) -> None:
    if Capability.RECORD not in capabilities_for(actor, client):
        raise PermissionDenied


def clean_text(value: Any, *, field: str, limit: int, required: bool = False) -> str:
    """Return VALUE trimmed with "\\n" line endings; ValidationError({FIELD: …}) if it is not
    text, too long, holds a null character, or is empty when REQUIRED."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: "Write this as text."})
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\x00" in text:
        raise ValidationError({field: "Remove the null character."})
    if len(text) > limit:
        raise ValidationError({field: f"Use at most {limit} characters (this has {len(text)})."})
    if required and not text:
        raise ValidationError({field: "This cannot be empty."})
    return text


def stage_exists(client: Client, pathway: str, stage: str) -> bool:
    """Return True if STAGE is a stage of PATHWAY for CLIENT (own stages are per client)."""
    definition = get_pathway(pathway)
    if definition is None:
        return False
    if definition.own:
        return OwnStage.objects.filter(client=client, public_id__in=_uuid_or_none(stage)).exists()
    return definition.stage(stage) is not None


def _uuid_or_none(value: str) -> list[str]:
    try:
        return [str(uuid.UUID(value))]
    except (ValueError, TypeError, AttributeError):
        return []


def current_state(client: Client, pathway: str, stage: str) -> str:
    """Return the state of CLIENT's STAGE of PATHWAY now (not started without a move)."""
    latest = (
        StageMove.objects.filter(client=client, pathway=pathway, stage=stage)
        .order_by("-moved_at", "-pk")
        .values_list("to_state", flat=True)
        .first()
    )
    return latest or State.NOT_STARTED


def move_stage(
    actor: Any,
    client: Client,
    pathway: Any,
    stage: Any,
    to_state: Any,
    *,
    note: Any = "",
    now: datetime | None = None,
) -> StageMove:
    """Move CLIENT's STAGE of PATHWAY to TO_STATE, by ACTOR, with an optional guidance NOTE.

    Raises PermissionDenied unless ACTOR has RECORD on CLIENT; ValidationError (keys
    "pathway", "stage", "to_state", "note") for a pathway CLIENT does not follow, an unknown
    stage, a move `TRANSITIONS` does not allow from the current state, or a bad note. The
    move and its audit row are saved together; earlier moves are kept.
    """
    _require_record(actor, client)
    pathway = pathway if isinstance(pathway, str) else ""
    stage = stage if isinstance(stage, str) else ""
    if pathway not in (client.pathways or []) or get_pathway(pathway) is None:
        raise ValidationError({"pathway": "Choose a pathway this person follows."})
    if not stage_exists(client, pathway, stage):
        raise ValidationError({"stage": "There is no such stage in this pathway."})
    if to_state not in State.values:
        raise ValidationError({"to_state": "Choose a state."})
    text = clean_text(note, field="note", limit=NOTE_LENGTH)
    with transaction.atomic():
        # Two people moving the same client at once: one waits, then sees the other's move.
        Client.objects.select_for_update().filter(pk=client.pk).exists()
        from_state = current_state(client, pathway, stage)
        if to_state not in TRANSITIONS[from_state]:
            raise ValidationError(
                {
                    "to_state": f"A stage that is {State(from_state).label.lower()} cannot "
                    f"move to {State(to_state).label.lower()}."
                }
            )
        move = StageMove.objects.create(
            organization_id=client.organization_id,
            client=client,
            pathway=pathway,
            stage=stage,
            from_state=from_state,
            to_state=to_state,
            note=text,
            moved_by=actor,
            moved_at=now or timezone.now(),
        )
        audit_client_event(actor, client, Action.CREATE, move, object_type=OBJECT_TYPE)
    return move


def follow_pathway(actor: Any, client: Client, pathway: Any) -> Client:
    """Add PATHWAY to the pathways CLIENT follows (nothing changes if it is there already).

    PermissionDenied without RECORD; ValidationError({"pathway": …}) for a pathway Alongside
    ships no stages for.
    """
    _require_record(actor, client)
    if not isinstance(pathway, str) or get_pathway(pathway) is None:
        raise ValidationError({"pathway": "Choose one of the pathways listed."})
    with transaction.atomic():
        locked = Client.objects.select_for_update().get(pk=client.pk)
        if pathway in (locked.pathways or []):
            client.pathways = locked.pathways
            return client
        locked.pathways = [*(locked.pathways or []), pathway]
        locked.save(update_fields=["pathways"])
        client.pathways = locked.pathways
        audit_client_event(actor, client, Action.UPDATE, object_type="client_pathways")
    return client


def add_own_stage(actor: Any, client: Client, title: Any) -> OwnStage:
    """Add a stage named TITLE at the end of CLIENT's own pathway (which CLIENT then follows).

    PermissionDenied without RECORD; ValidationError({"title": …}) for an empty or too long
    title.
    """
    _require_record(actor, client)
    text = clean_text(title, field="title", limit=TITLE_LENGTH, required=True)
    if "\n" in text:
        raise ValidationError({"title": "Keep the name on one line."})
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client.pk).exists()
        last = OwnStage.objects.filter(client=client).aggregate(n=Max("position"))["n"] or 0
        stage = OwnStage.objects.create(
            organization_id=client.organization_id,
            client=client,
            position=last + 1,
            title=text,
            created_by=actor,
        )
        audit_client_event(actor, client, Action.CREATE, stage, object_type="own_stage")
    if OWN not in (client.pathways or []):
        follow_pathway(actor, client, OWN)
    return stage


def _staff_in(user: Any, organization_id: int) -> None:
    if not roles_in(user, organization_id):
        raise PermissionDenied


def save_lived_note(
    user: Any, organization_id: int, pathway: Any, stage: Any, text: Any
) -> LivedExperienceNote | None:
    """Save USER's own note for STAGE of PATHWAY; an empty TEXT removes it (returns None).

    Only shipped stages have notes (own stages belong to one client). PermissionDenied for
    someone who does not work in the organization; ValidationError ("text", "stage") for bad
    input. Not client data, so nothing is audited.
    """
    _staff_in(user, organization_id)
    definition = get_pathway(pathway) if isinstance(pathway, str) else None
    if definition is None or definition.own or definition.stage(stage) is None:
        raise ValidationError({"stage": "There is no such stage."})
    # At most one message long, so that a copy can always be shared.
    words = clean_text(text, field="text", limit=BODY_LENGTH)
    found = LivedExperienceNote.objects.filter(
        organization_id=organization_id, user_id=user.pk, pathway=pathway, stage=stage
    )
    if not words:
        found.delete()
        return None
    note = found.first() or LivedExperienceNote(
        organization_id=organization_id, user=user, pathway=pathway, stage=stage
    )
    note.text = words
    note.save()
    return note


def share_lived_note(actor: Any, client: Client, pathway: Any, stage: Any) -> Message:
    """Send a copy of ACTOR's own note for STAGE of PATHWAY to CLIENT's conversation.

    Only then does the client see it. ValidationError({"stage": …}) when ACTOR has no note for
    it; `send_message` refuses anyone but the client's current advocates (PermissionDenied).
    """
    note = LivedExperienceNote.objects.filter(
        organization_id=client.organization_id,
        user_id=actor.pk,
        pathway=pathway if isinstance(pathway, str) else "",
        stage=stage if isinstance(stage, str) else "",
    ).first()
    if note is None:
        raise ValidationError({"stage": "You have no note for this stage."})
    return send_message(actor, client, note.text)
