"""/groups, /groups/{id}/sessions and /sessions/{id}/attendance: group sessions.

Scoped as the pages are (alongside/groups/access.py): a group is seen by its facilitators and
by the supervisors and directors of its organization; anyone else gets 404, as for a group
that does not exist. Attendance is taken by the group's facilitators only (403 for others
who see the group), and shows only the roster clients the facilitator may record for.
Saving it goes through `record_attendance()`, as the attendance screen does: one group
Encounter per person present or late, and saving again updates them (no duplicates).

Groups and sessions are about a program, not a client, so listing them writes no audit
rows; showing an attendance list writes one VIEW per client named, as the page does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import AwareDatetime, ConfigDict, StringConstraints

from alongside.accounts.models import User
from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.errors import field_error
from alongside.api.pagination import Page, PageParams, paginate
from alongside.api.schemas import PersonRef, ProgramRef, errors
from alongside.clients.queries import audit_list_view
from alongside.groups import access
from alongside.groups.forms import GroupNoteForm
from alongside.groups.models import PERSON_NOTE_MAX, Group, Session, Status, Topic
from alongside.groups.queries import attendance_rows
from alongside.groups.services import Mark, record_attendance

router = Router(tags=["groups"])

GROUP_NOTE_MAX: int = GroupNoteForm.base_fields["note"].max_length or 0  # type: ignore[attr-defined]


class GroupOut(Schema):
    id: UUID
    name: str
    program: ProgramRef
    topic: Topic
    capacity: int
    location: str
    video_link: str
    facilitators: list[PersonRef]
    facilitating: bool = Field(description="The caller facilitates it (and takes attendance).")
    roster_count: int = Field(description="People on the roster, whether you see them or not.")


class SessionOut(Schema):
    id: UUID
    group_id: UUID
    starts_at: datetime
    ends_at: datetime
    minutes: int
    cancelled: bool


class AttendeeOut(Schema):
    client: PersonRef = Field(description="The client's id and preferred name.")
    status: Status | None = Field(description="Null until attendance names them.")
    note: str = Field(description="The short note about this person at this session.")


class AttendanceOut(Schema):
    session: SessionOut
    note: str = Field(description="The one group note.")
    rows: list[AttendeeOut] = Field(description="Roster clients you may record for, by name.")
    hidden: int = Field(description="Roster members left out: only their advocates see them.")


class MarkIn(Schema):
    model_config = ConfigDict(extra="forbid")

    client_id: UUID
    status: Status = Field(description="`present`, `late`, `excused` or `absent`.")
    note: Annotated[str, StringConstraints(max_length=PERSON_NOTE_MAX)] = ""


class AttendanceIn(Schema):
    """Everyone listed is saved; people not listed keep what they had."""

    model_config = ConfigDict(extra="forbid")

    note: Annotated[str, StringConstraints(max_length=GROUP_NOTE_MAX)] = Field(
        "", description="The one group note, copied into each attendee's contact."
    )
    marks: list[MarkIn]


class SessionFilter(Schema):
    since: AwareDatetime | None = Field(None, description="Only sessions starting from then.")


def group_out(group: Group, user: User) -> GroupOut:
    facilitators = list(group.facilitators.all())
    return GroupOut(
        id=group.public_id,
        name=group.name,
        program=ProgramRef(id=group.program.public_id, name=group.program.name),
        topic=Topic(group.topic),
        capacity=group.capacity,
        location=group.location,
        video_link=group.video_link,
        facilitators=[person(f) for f in facilitators],
        facilitating=any(f.pk == user.pk for f in facilitators),
        roster_count=getattr(group, "roster_count", 0),
    )


def session_out(session: Session) -> SessionOut:
    return SessionOut(
        id=session.public_id,
        group_id=session.group.public_id,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        minutes=session.minutes,
        cancelled=session.cancelled,
    )


def _facilitated_session(user: User, id: UUID) -> Session:
    session = access.get_session_for(user, id)
    if not access.is_facilitator(user, session.group):
        raise PermissionDenied
    return session


def _attendance(user: User, session: Session) -> AttendanceOut:
    rows, hidden = attendance_rows(user, session)
    audit_list_view(user, [row.client for row in rows])
    return AttendanceOut(
        session=session_out(session),
        note=session.note,
        rows=[
            AttendeeOut(
                client=PersonRef(id=row.client.public_id, name=row.client.preferred_name),
                status=Status(row.status) if row.status else None,
                note=row.note,
            )
            for row in rows
        ],
        hidden=hidden,
    )


@router.get(
    "/groups",
    response={200: Page[GroupOut], **errors(401, 422)},
    summary="List the groups you facilitate or oversee",
)
def list_groups(request: HttpRequest, page: Query[PageParams]) -> Page[GroupOut]:
    user = caller(request)
    groups = (
        access.groups_for(user)
        .select_related("program")
        .prefetch_related("facilitators")
        .annotate(roster_count=Count("roster", distinct=True))
        .order_by("name", "id")
    )
    rows, count = paginate(groups, page)
    return Page[GroupOut](items=[group_out(g, user) for g in rows], count=count)


@router.get(
    "/groups/{id}/sessions",
    response={200: Page[SessionOut], **errors(401, 404, 422)},
    summary="List a group's sessions, earliest first",
)
def list_sessions(
    request: HttpRequest, id: UUID, page: Query[PageParams], filters: Query[SessionFilter]
) -> Page[SessionOut]:
    user = caller(request)
    group = access.get_group_for(user, id)
    sessions = Session.objects.filter(group=group).order_by("starts_at", "id")
    if filters.since is not None:
        sessions = sessions.filter(starts_at__gte=filters.since)
    rows, count = paginate(sessions, page)
    for session in rows:
        session.group = group
    return Page[SessionOut](items=[session_out(s) for s in rows], count=count)


@router.get(
    "/sessions/{id}/attendance",
    response={200: AttendanceOut, **errors(401, 403, 404, 422)},
    summary="Read a session's attendance (facilitators)",
)
def get_attendance(request: HttpRequest, id: UUID) -> AttendanceOut:
    user = caller(request)
    return _attendance(user, _facilitated_session(user, id))


@router.put(
    "/sessions/{id}/attendance",
    response={200: AttendanceOut, **errors(400, 401, 403, 404, 422)},
    summary="Save a session's attendance and group note: one group contact per attendee",
)
def put_attendance(request: HttpRequest, id: UUID, payload: AttendanceIn) -> AttendanceOut:
    user = caller(request)
    session = _facilitated_session(user, id)
    rows, _hidden = attendance_rows(user, session)
    recordable = {row.client.public_id: row.client for row in rows}
    marks: dict[int, Mark] = {}
    problems: list[dict[str, Any]] = []
    seen: set[UUID] = set()
    for index, mark in enumerate(payload.marks):
        loc: list[str | int] = ["body", "marks", index, "client_id"]
        client = recordable.get(mark.client_id)
        if client is None:
            # The same answer for a stranger and for a roster member one may not record for.
            problems.append(field_error(loc, "Not on this group's roster."))
        elif mark.client_id in seen:
            problems.append(field_error(loc, "Listed more than once."))
        else:
            marks[client.pk] = Mark(status=mark.status.value, note=mark.note)
        seen.add(mark.client_id)
    if problems:
        raise NinjaValidationError(problems)
    record_attendance(user, session, marks, payload.note)
    return _attendance(user, session)
