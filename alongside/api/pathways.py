"""/clients/{id}/pathways: the pathways a client follows and where they are on each stage.

Same rules as the pages (alongside/pathways/access.py): staff read the stages, their history
and the advocates' guidance notes with READ_NOTES (advocates, supervisors, directors); a
clinician who sees the client gets 403, an administrator 404. Following a pathway and moving
a stage need RECORD (advocates, supervisors). The client's own token reads their own stages
by their own id, as the portal's /me/pathways/ shows them: states and history, never the
guidance notes. Every read and write is audited by the access layer and the services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict, StringConstraints

from alongside.accounts.models import User
from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.errors import field_error
from alongside.api.schemas import PersonRef, errors
from alongside.clients.access import own_client
from alongside.clients.models import Client, Pathway
from alongside.pathways.access import audit_pathways_view, get_client_for_pathways
from alongside.pathways.models import NOTE_LENGTH, StageMove, State
from alongside.pathways.queries import PathwayProgress, StageProgress, progress_for
from alongside.pathways.services import follow_pathway, move_stage

router = Router(tags=["pathways"])

# Errors about these service fields are about the URL, not the body.
PATH_FIELDS = frozenset({"pathway", "stage"})


class MoveOut(Schema):
    id: UUID
    from_state: State
    to_state: State
    moved_at: datetime
    moved_by: PersonRef
    note: str | None = Field(description="The guidance note; null for the client themself.")


class StageOut(Schema):
    key: str = Field(description='Stable key ("step-4"; an own stage\'s UUID).')
    title: str
    theme: str
    principle: str
    state: State
    next_states: list[State] = Field(description="The states this stage may move to now.")
    guidance: str | None = Field(
        description='The latest guidance note ("" without one); null for the client.'
    )
    moves: list[MoveOut] = Field(description="Every move of this stage, oldest first.")


class PathwayOut(Schema):
    key: str = Field(description="`12-step`, `smart`, `medication` or `other` (own).")
    title: str
    summary: str
    own: bool = Field(description="The client's own pathway: stages they named themself.")
    stages: list[StageOut]


class PathwaysOut(Schema):
    client_id: UUID
    pathways: list[PathwayOut] = Field(description="Followed pathways with stages, in order.")


class FollowIn(Schema):
    model_config = ConfigDict(extra="forbid")

    pathway: Pathway = Field(description="A pathway key; only those with stages can be added.")


class FollowedOut(Schema):
    client_id: UUID
    pathways: list[str] = Field(description="Every pathway the client now follows.")


class MoveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to_state: State = Field(description="`introduced`, `working`, `completed` or `revisiting`.")
    note: Annotated[str, StringConstraints(max_length=NOTE_LENGTH)] = Field(
        "", description="Optional guidance note: what was suggested, what to try next."
    )


def _move_out(move: StageMove, *, notes: bool) -> MoveOut:
    return MoveOut(
        id=move.public_id,
        from_state=State(move.from_state),
        to_state=State(move.to_state),
        moved_at=move.moved_at,
        moved_by=person(move.moved_by),
        note=move.note if notes else None,
    )


def _stage_out(stage: StageProgress, *, notes: bool) -> StageOut:
    return StageOut(
        key=stage.key,
        title=str(stage.title),
        theme=str(stage.theme),
        principle=str(stage.principle),
        state=State(stage.state),
        next_states=[State(value) for value, _label in stage.next_states],
        guidance=stage.guidance if notes else None,
        moves=[_move_out(move, notes=notes) for move in stage.moves],
    )


def _pathway_out(progress: PathwayProgress, *, notes: bool) -> PathwayOut:
    definition = progress.definition
    return PathwayOut(
        key=definition.key,
        title=str(definition.title),
        summary=str(definition.summary),
        own=definition.own,
        stages=[_stage_out(stage, notes=notes) for stage in progress.stages],
    )


def _located(error: ValidationError) -> list[dict[str, Any]]:
    """Return a service's errors, those about the pathway or stage placed on the path."""
    problems: list[dict[str, Any]] = []
    for key, messages in error.message_dict.items():
        loc: list[str | int] = [("path" if key in PATH_FIELDS else "body"), key]
        if key == "__all__":
            loc = ["body"]
        problems.extend(field_error(loc, message) for message in messages)
    return problems


@router.get(
    "/{id}/pathways",
    response={200: PathwaysOut, **errors(401, 403, 404, 422)},
    summary="Read the pathways a client follows, each stage's state and history",
)
def get_pathways(request: HttpRequest, id: UUID) -> PathwaysOut:
    user = caller(request)
    own = own_client(user)
    is_self = own is not None and own.public_id == id
    client = own if is_self and own is not None else get_client_for_pathways(user, id)
    audit_pathways_view(user, client)
    progress = progress_for(client)
    return PathwaysOut(
        client_id=client.public_id,
        pathways=[_pathway_out(p, notes=not is_self) for p in progress],
    )


@router.post(
    "/{id}/pathways",
    response={200: FollowedOut, 201: FollowedOut, **errors(400, 401, 403, 404, 422)},
    summary="Follow a pathway (201 when added, 200 when the client already follows it)",
)
def follow(request: HttpRequest, id: UUID, payload: FollowIn) -> Status[FollowedOut]:
    user = caller(request)
    client = get_client_for_pathways(user, id, write=True)
    before = set(client.pathways or [])
    follow_pathway(user, client, payload.pathway.value)
    body = FollowedOut(client_id=client.public_id, pathways=list(client.pathways or []))
    return Status(200 if payload.pathway.value in before else 201, body)


@router.post(
    "/{id}/pathways/{pathway}/stages/{stage}",
    response={201: MoveOut, **errors(400, 401, 403, 404, 422)},
    summary="Move a stage to its next state, with an optional guidance note",
)
def move(
    request: HttpRequest, id: UUID, pathway: str, stage: str, payload: MoveIn
) -> Status[MoveOut]:
    user: User = caller(request)
    client: Client = get_client_for_pathways(user, id, write=True)
    try:
        moved = move_stage(user, client, pathway, stage, payload.to_state.value, note=payload.note)
    except ValidationError as error:
        raise NinjaValidationError(_located(error)) from None
    return Status(201, _move_out(moved, notes=True))
