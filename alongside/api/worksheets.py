"""/clients/{id}/worksheets: a client's step-work worksheets, as the pages show them.

Same services and rules as the pages (alongside/worksheets): the client themself (own
token or session, their own id) reads everything and is the only one who writes rows and
chooses what is shared. Their current advocate reads only shared rows (and the comments on
them) and comments on them. Every other staff member who sees the client gets the state
only: `rows` and `comments` are null, never a word. Administrators and other organizations
get 404, as everywhere.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StringConstraints

from alongside.accounts.models import User
from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.schemas import PersonRef, errors
from alongside.clients.access import own_client
from alongside.clients.models import Client
from alongside.worksheets import services
from alongside.worksheets.access import (
    audit_view,
    entry_of,
    get_client_for_worksheets,
    may_read_shared,
    worksheet_of,
)
from alongside.worksheets.kinds import LONG, Kind
from alongside.worksheets.models import COMMENT_LENGTH, Comment, Entry, Worksheet
from alongside.worksheets.queries import own_worksheet, shared_worksheets, states

router = Router(tags=["worksheets"])

Answer = Annotated[str, StringConstraints(max_length=LONG)]


class RowOut(Schema):
    id: UUID
    section: str
    day: date | None = Field(description="The client's local day (nightly review only).")
    answers: dict[str, str] = Field(description="Answers by box name (worksheets/kinds.py).")
    shared: bool
    changed_at: datetime


class CommentOut(Schema):
    id: UUID
    row_id: UUID | None = Field(description="The row commented on; null for the worksheet.")
    text: str
    author: PersonRef
    created_at: datetime


class WorksheetOut(Schema):
    id: UUID
    kind: Kind
    pathway: str
    stage: str
    shared: bool = Field(description="Shared as a whole (every kind but the inventory).")
    row_count: int
    shared_rows: int
    updated_at: datetime
    rows: list[RowOut] | None = Field(
        description="Rows the caller may read (all for the client, shared ones for their "
        "advocate); null for staff who may know only the state."
    )
    comments: list[CommentOut] | None


class StartIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    pathway: str = Field("", max_length=40, description="For a reflection: the pathway key.")
    stage: str = Field("", max_length=40, description="For a reflection: the stage key.")


class RowIn(Schema):
    model_config = ConfigDict(extra="forbid")

    section: str = Field(max_length=40)
    answers: dict[str, Answer]


class RowUpdateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Answer]


class SharingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    shared: bool
    row_id: UUID | None = Field(None, description="The row, for the inventory (shared by row).")


class CommentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, StringConstraints(max_length=COMMENT_LENGTH)]
    row_id: UUID | None = None


def _row(entry: Entry) -> RowOut:
    return RowOut(
        id=entry.public_id,
        section=entry.section,
        day=entry.day,
        answers=entry.answers(),
        shared=entry.is_shared(),
        changed_at=entry.changed_at,
    )


def _comment(comment: Comment, rows: dict[int, UUID]) -> CommentOut:
    return CommentOut(
        id=comment.public_id,
        row_id=rows.get(comment.entry_id) if comment.entry_id else None,
        text=comment.text,
        author=person(comment.author),
        created_at=comment.created_at,
    )


def _out(
    worksheet: Worksheet, entries: list[Entry] | None, comments: list[Comment] | None
) -> WorksheetOut:
    rows = {e.pk: e.public_id for e in entries or []}
    return WorksheetOut(
        id=worksheet.public_id,
        kind=Kind(worksheet.kind),
        pathway=worksheet.pathway,
        stage=worksheet.stage,
        shared=worksheet.shared,
        row_count=getattr(worksheet, "row_count", len(entries or [])),
        shared_rows=getattr(worksheet, "shared_rows", 0),
        updated_at=worksheet.updated_at,
        rows=[_row(e) for e in entries] if entries is not None else None,
        comments=[_comment(c, rows) for c in comments] if comments is not None else None,
    )


def _own(user: User, id: UUID) -> Client | None:
    own = own_client(user)
    return own if own is not None and own.public_id == id else None


def _client(user: User, id: UUID) -> Client:
    return _own(user, id) or get_client_for_worksheets(user, id)


def _own_out(worksheet: Worksheet, entries: list[Entry], comments: list[Comment]) -> WorksheetOut:
    for entry in entries:
        entry.worksheet = worksheet
    worksheet.row_count = len(entries)  # type: ignore[attr-defined]
    worksheet.shared_rows = sum(1 for e in entries if e.is_shared())  # type: ignore[attr-defined]
    return _out(worksheet, entries, comments)


def _one_own(worksheet: Worksheet) -> WorksheetOut:
    loaded = own_worksheet(worksheet)
    return _own_out(worksheet, loaded.all_entries, loaded.all_comments)  # type: ignore[attr-defined]


def _all_own(client: Client) -> list[WorksheetOut]:
    """The client's worksheets with every row and comment: three queries in all."""
    worksheets = Worksheet.objects.filter(client=client).prefetch_related(
        "entries", Prefetch("comments", queryset=Comment.objects.select_related("author"))
    )
    return [_own_out(w, list(w.entries.all()), list(w.comments.all())) for w in worksheets]


@router.get(
    "/{id}/worksheets",
    response={200: list[WorksheetOut], **errors(401, 404, 422)},
    summary="List a client's worksheets: all words for the client, shared ones for their "
    "advocate, the state only for other staff",
)
def list_worksheets(request: HttpRequest, id: UUID) -> list[WorksheetOut]:
    user = caller(request)
    client = _client(user, id)
    audit_view(user, client)
    if _own(user, id) is not None:
        return _all_own(client)
    if may_read_shared(user, client):
        return [_out(w, w.shared_entries, w.shown_comments) for w in shared_worksheets(client)]  # type: ignore[attr-defined]
    return [_out(w, None, None) for w in states(client)]


@router.post(
    "/{id}/worksheets",
    response={200: WorksheetOut, **errors(400, 401, 403, 404, 422)},
    summary="Start (or open) one of your own worksheets",
)
def start_worksheet(request: HttpRequest, id: UUID, payload: StartIn) -> WorksheetOut:
    user = caller(request)
    client = _client(user, id)
    worksheet = services.start_worksheet(
        user, client, payload.kind.value, payload.pathway, payload.stage
    )
    return _one_own(worksheet)


@router.post(
    "/{id}/worksheets/{worksheet_id}/rows",
    response={201: RowOut, **errors(400, 401, 403, 404, 422)},
    summary="Add a row to one of your own worksheets (private until you share it)",
)
def add_row(request: HttpRequest, id: UUID, worksheet_id: UUID, payload: RowIn) -> Status[RowOut]:
    user = caller(request)
    worksheet = worksheet_of(_client(user, id), worksheet_id)
    entry = services.add_row(user, worksheet, payload.section, payload.answers)
    return Status(201, _row(entry))


@router.put(
    "/{id}/worksheets/{worksheet_id}/rows/{row_id}",
    response={200: RowOut, **errors(400, 401, 403, 404, 422)},
    summary="Save a row of one of your own worksheets (every box, as autosave does)",
)
def save_row(
    request: HttpRequest, id: UUID, worksheet_id: UUID, row_id: UUID, payload: RowUpdateIn
) -> RowOut:
    user = caller(request)
    worksheet = worksheet_of(_client(user, id), worksheet_id)
    entry = services.save_row(user, entry_of(worksheet, row_id), payload.answers)
    return _row(entry)


@router.delete(
    "/{id}/worksheets/{worksheet_id}/rows/{row_id}",
    response={204: None, **errors(401, 403, 404, 422)},
    summary="Delete a row of one of your own worksheets for good, with the comments on it",
)
def delete_row(request: HttpRequest, id: UUID, worksheet_id: UUID, row_id: UUID) -> Status[None]:
    user = caller(request)
    worksheet = worksheet_of(_client(user, id), worksheet_id)
    services.delete_row(user, entry_of(worksheet, row_id))
    return Status(204, None)


@router.post(
    "/{id}/worksheets/{worksheet_id}/sharing",
    response={200: WorksheetOut, **errors(400, 401, 403, 404, 422)},
    summary="Share with your advocate, or stop sharing, a worksheet (or an inventory row)",
)
def set_sharing(
    request: HttpRequest, id: UUID, worksheet_id: UUID, payload: SharingIn
) -> WorksheetOut:
    user = caller(request)
    worksheet = worksheet_of(_client(user, id), worksheet_id)
    entry = entry_of(worksheet, payload.row_id) if payload.row_id is not None else None
    services.set_sharing(user, worksheet, payload.shared, entry)
    worksheet.refresh_from_db()
    return _one_own(worksheet)


@router.post(
    "/{id}/worksheets/{worksheet_id}/comments",
    response={201: CommentOut, **errors(400, 401, 403, 404, 422)},
    summary="Comment, as the client's advocate, on what they shared",
)
def add_comment(
    request: HttpRequest, id: UUID, worksheet_id: UUID, payload: CommentIn
) -> Status[CommentOut]:
    user = caller(request)
    worksheet = worksheet_of(_client(user, id), worksheet_id)
    entry = entry_of(worksheet, payload.row_id) if payload.row_id is not None else None
    comment = services.add_comment(user, worksheet, payload.text, entry)
    rows: dict[int, Any] = {entry.pk: entry.public_id} if entry is not None else {}
    return Status(201, _comment(comment, rows))
