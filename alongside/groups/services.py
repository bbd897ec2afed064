"""Writes for group sessions: groups, sessions from schedules, roster, attendance, feeds."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, visible_to
from alongside.clients.models import Client
from alongside.groups.access import RUNNING_ROLES, can_create_in, is_facilitator
from alongside.groups.models import (
    ATTENDED,
    PERSON_NOTE_MAX,
    Attendance,
    CalendarToken,
    Group,
    RosterMember,
    Schedule,
    Session,
    Status,
)
from alongside.lib.zones import local_date
from alongside.organizations.models import Membership, Program
from alongside.organizations.staff import audit_staff_action
from alongside.support.models import Encounter, EncounterKind
from alongside.support.services import ContactDetails, audit_many, log_encounters

# How far ahead sessions exist as rows (so attendance, the portal and feeds can name them).
WEEKS_AHEAD = 8


@dataclass
class GroupDetails:
    program: Program
    name: str
    topic: str
    capacity: int
    weekdays: list[int]
    start_time: time
    minutes: int = 60
    location: str = ""
    video_link: str = ""
    exceptions: list[date] = field(default_factory=list)


def create_group(actor: Any, details: GroupDetails, *, today: date | None = None) -> Group:
    """Create a group in DETAILS.program facilitated by ACTOR, with its schedule and the next
    weeks' sessions; return it. PermissionDenied unless ACTOR may run groups there."""
    if not can_create_in(actor, details.program):
        raise PermissionDenied
    if not details.weekdays:
        raise ValidationError({"weekdays": "Choose at least one day."})
    with transaction.atomic():
        group = Group.objects.create(
            organization_id=details.program.organization_id,
            program=details.program,
            name=details.name.strip(),
            topic=details.topic,
            capacity=details.capacity,
            location=details.location.strip(),
            video_link=details.video_link,
        )
        group.facilitators.add(actor)
        Schedule.objects.create(
            group=group,
            weekdays=sorted(set(details.weekdays)),
            start_time=details.start_time,
            minutes=details.minutes,
            starts_on=today or timezone.localdate(),
            exceptions=sorted(d.isoformat() for d in details.exceptions),
        )
        materialize_sessions(group, today=today)
        _audit(actor, group, Action.CREATE, "group", group.public_id)
    return group


def session_starts(schedule: Schedule, zone: str, first: date, last: date) -> list[datetime]:
    """Return the aware start times of SCHEDULE's sessions from FIRST to LAST inclusive.

    Each start is the wall-clock time in ZONE on its day, so a 6 pm group stays at 6 pm
    across a daylight-saving change (its UTC time moves instead).
    """
    tz = ZoneInfo(zone)
    skipped = set(schedule.exceptions)
    starts = []
    day = max(first, schedule.starts_on)
    while day <= last:
        if day.weekday() in schedule.weekdays and day.isoformat() not in skipped:
            starts.append(datetime.combine(day, schedule.start_time, tzinfo=tz))
        day += timedelta(days=1)
    return starts


def materialize_sessions(group: Group, *, today: date | None = None) -> int:
    """Create GROUP's sessions for the next WEEKS_AHEAD weeks that do not exist yet; return
    how many were missing (0 when every one exists). Safe to run again (the sweep does)."""
    schedule = Schedule.objects.filter(group=group).first()
    if schedule is None:
        return 0
    zone = group.organization.time_zone
    first = today or timezone.localdate(timezone=ZoneInfo(zone))
    starts = session_starts(schedule, zone, first, first + timedelta(weeks=WEEKS_AHEAD))
    existing = set(
        Session.objects.filter(group=group, starts_at__in=starts).values_list(
            "starts_at", flat=True
        )
    )
    missing = [start for start in starts if start not in existing]
    # ignore_conflicts: a sweep in another process may create the same ones meanwhile (and
    # bulk_create then returns every object given, so the count comes from MISSING).
    Session.objects.bulk_create(
        [
            Session(
                organization_id=group.organization_id,
                group=group,
                starts_at=start,
                minutes=schedule.minutes,
            )
            for start in missing
        ],
        ignore_conflicts=True,
    )
    return len(missing)


def materialize_all(now: datetime | None = None) -> int:
    """Extend every group's sessions from NOW's date in its organization's zone; the
    scheduled sweep's entry point."""
    now = now or timezone.now()
    return sum(
        materialize_sessions(group, today=local_date(group.organization.time_zone, now))
        for group in Group.objects.select_related("organization").filter(schedule__isnull=False)
    )


def add_to_roster(actor: Any, group: Group, client: Client) -> RosterMember:
    """Add CLIENT to GROUP's roster; return the membership (the existing one if present).

    PermissionDenied unless ACTOR facilitates GROUP and may record for CLIENT;
    ValidationError if CLIENT is not in GROUP's program or the group is full.
    """
    if not is_facilitator(actor, group):
        raise PermissionDenied
    if not roster_candidates(actor, group).filter(pk=client.pk).exists():
        raise ValidationError({"client": "Choose a client of this group's program."})
    with transaction.atomic():
        existing = RosterMember.objects.filter(group=group, client=client).first()
        if existing is not None:
            return existing
        if RosterMember.objects.filter(group=group).count() >= group.capacity:
            raise ValidationError({"client": "The group is full."})
        member = RosterMember.objects.create(
            organization_id=group.organization_id, group=group, client=client
        )
        audit_client_event(actor, client, Action.CREATE, object_type="group_roster")
    return member


def roster_candidates(actor: Any, group: Group) -> Any:
    """Clients of GROUP's program (open episode) that ACTOR may record for."""
    return (
        visible_to(actor, need=Capability.RECORD)
        .filter(
            organization_id=group.organization_id,
            episodes__program_id=group.program_id,
            episodes__discharged_at__isnull=True,
        )
        .distinct()
    )


@dataclass
class Mark:
    status: str
    note: str = ""


def record_attendance(
    actor: Any, session: Session, marks: dict[int, Mark], group_note: str
) -> list[Attendance]:
    """Save SESSION's attendance as MARKS (client id -> Mark) and its group note; return the
    rows. Present and late get one group Encounter each (logged through
    `support.services.log_encounters`, the same rules and audit as any contact); saving again
    updates those encounters. A person changed to excused or absent did not have the contact,
    so their encounter is deleted (the audit log keeps its creation and deletion).

    PermissionDenied unless ACTOR facilitates the group and may record for every client in
    MARKS; ValidationError (nothing saved) for an unknown status, a long note or a client
    who is not on the roster.
    """
    group = session.group
    if not is_facilitator(actor, group):
        raise PermissionDenied
    errors: dict[str, str] = {}
    on_roster = set(
        RosterMember.objects.filter(group=group, client_id__in=marks).values_list(
            "client_id", flat=True
        )
    )
    if set(marks) - on_roster:
        errors["__all__"] = "Someone in the list is not on this group's roster."
    for mark in marks.values():
        if mark.status not in Status.values:
            errors["__all__"] = "Choose present, late, excused or absent for each person."
        if len(mark.note) > PERSON_NOTE_MAX:
            errors["__all__"] = f"Keep each short note to {PERSON_NOTE_MAX} characters."
    if session.cancelled:
        errors["__all__"] = "This session was cancelled."
    if session.starts_at > timezone.now() + timedelta(minutes=5):
        errors["__all__"] = "Attendance can be taken once the session has started."
    if errors:
        raise ValidationError(errors)
    clients = {c.pk: c for c in Client.objects.filter(pk__in=marks)}
    with transaction.atomic():
        Session.objects.filter(pk=session.pk).update(note=group_note.strip())
        session.note = group_note.strip()
        existing = {
            row.client_id: row
            for row in Attendance.objects.select_for_update(of=("self",))
            .filter(session=session, client_id__in=marks)
            .select_related("encounter__client")
        }
        to_create: list[tuple[Client, ContactDetails]] = []
        to_update: list[Encounter] = []
        to_delete: list[Encounter] = []
        rows: list[Attendance] = []
        for client_id, mark in marks.items():
            row = existing.get(client_id) or Attendance(
                organization_id=session.organization_id, session=session, client_id=client_id
            )
            row.status, row.note, row.recorded_by = mark.status, mark.note.strip(), actor
            note = _encounter_note(group, session.note, row.note)
            if mark.status in ATTENDED:
                if row.encounter is None:
                    to_create.append((clients[client_id], _details(session, note)))
                else:
                    row.encounter.note = note
                    to_update.append(row.encounter)
            elif row.encounter is not None:
                to_delete.append(row.encounter)
                row.encounter = None
            rows.append(row)
        created = iter(log_encounters(actor, to_create))
        for row in rows:
            if row.status in ATTENDED and row.encounter is None:
                row.encounter = next(created)
        if to_update:
            Encounter.objects.bulk_update(to_update, ["note"])
            audit_many(actor, Action.UPDATE, to_update)
        if to_delete:
            audit_many(actor, Action.DELETE, to_delete)
        new = [row for row in rows if row.pk is None]
        old = [row for row in rows if row.pk is not None]
        Attendance.objects.bulk_update(old, ["status", "note", "encounter", "recorded_by"])
        if to_delete:
            Encounter.objects.filter(pk__in=[e.pk for e in to_delete]).delete()
        Attendance.objects.bulk_create(new)
    return rows


def _details(session: Session, note: str) -> ContactDetails:
    return ContactDetails(
        kind=EncounterKind.GROUP,
        occurred_at=session.starts_at,
        minutes=session.minutes,
        note=note,
    )


def _encounter_note(group: Group, group_note: str, person_note: str) -> str:
    parts = [f"Group: {group.name}"]
    if group_note:
        parts.append(group_note)
    if person_note:
        parts.append(person_note)
    return "\n\n".join(parts)


# --- Changing a group after creation ------------------------------------------------------


def _require_facilitator(actor: Any, group: Group) -> None:
    if not is_facilitator(actor, group):
        raise PermissionDenied


def _held(session: Session) -> bool:
    """True once anyone's attendance was taken at SESSION."""
    return Attendance.objects.filter(session=session).exists()


def _audit(actor: Any, group: Group, action: str, object_type: str, public_id: Any) -> None:
    """Write a change to GROUP (not to anyone's record) to its organization's audit chain:
    who cancelled a session, moved the schedule or changed who runs the group is reviewable
    like a change of staff roles. Called inside the change's transaction."""
    audit_staff_action(actor, group.organization_id, action, object_type, public_id)


def cancel_session(actor: Any, session: Session, *, now: datetime | None = None) -> Session:
    """Cancel SESSION (one date only; the schedule stays); return it.

    PermissionDenied unless ACTOR facilitates the group; ValidationError (nothing changed)
    once the session has started or attendance was taken. Cancelling twice changes nothing.
    Roster clients see it as cancelled in the portal; attendance cannot be taken for it.
    """
    _require_facilitator(actor, session.group)
    now = now or timezone.now()
    if session.starts_at <= now:
        raise ValidationError({"__all__": "A session that has started cannot be cancelled."})
    if _held(session):
        raise ValidationError({"__all__": "Attendance was taken for this session."})
    if not session.cancelled:
        with transaction.atomic():
            Session.objects.filter(pk=session.pk).update(cancelled=True)
            _audit(actor, session.group, Action.UPDATE, "group_session", session.public_id)
        session.cancelled = True
    return session


def restore_session(actor: Any, session: Session, *, now: datetime | None = None) -> Session:
    """Undo the cancelling of SESSION while it is still in the future; return it.

    PermissionDenied unless ACTOR facilitates the group; ValidationError (nothing changed)
    once its start has passed.
    """
    _require_facilitator(actor, session.group)
    now = now or timezone.now()
    if session.starts_at <= now:
        raise ValidationError({"__all__": "A session in the past cannot be restored."})
    if session.cancelled:
        with transaction.atomic():
            Session.objects.filter(pk=session.pk).update(cancelled=False)
            _audit(actor, session.group, Action.UPDATE, "group_session", session.public_id)
        session.cancelled = False
    return session


@dataclass
class ScheduleChange:
    weekdays: list[int]
    start_time: time
    minutes: int = 60
    exceptions: list[date] = field(default_factory=list)


def change_schedule(
    actor: Any, group: Group, change: ScheduleChange, *, now: datetime | None = None
) -> Schedule:
    """Change GROUP's weekly days, time, length and skipped dates; return the schedule.

    Future sessions nobody's attendance was taken for follow the change: those that no
    longer fit are removed, those that still fit keep their id (and a cancellation) and take
    the new length, and the missing ones are added. Past sessions and held ones never change.
    PermissionDenied unless ACTOR facilitates GROUP; ValidationError (nothing saved) for no
    days, an unknown day or a length out of range.
    """
    _require_facilitator(actor, group)
    errors: dict[str, str] = {}
    if not change.weekdays:
        errors["weekdays"] = "Choose at least one day."
    elif any(not isinstance(d, int) or not 0 <= d <= 6 for d in change.weekdays):
        errors["weekdays"] = "Choose days from Monday to Sunday."
    if not 15 <= change.minutes <= 480:
        errors["minutes"] = "A session lasts from 15 to 480 minutes."
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    zone = group.organization.time_zone
    today = local_date(zone, now)
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().get(group=group)
        schedule.weekdays = sorted(set(change.weekdays))
        schedule.start_time = change.start_time
        schedule.minutes = change.minutes
        schedule.exceptions = sorted({d.isoformat() for d in change.exceptions})
        schedule.save()
        wanted = set(session_starts(schedule, zone, today, today + timedelta(weeks=WEEKS_AHEAD)))
        future = Session.objects.filter(group=group, starts_at__gt=now, attendance__isnull=True)
        keep = [s.pk for s in future if s.starts_at in wanted]
        future.exclude(pk__in=keep).delete()
        Session.objects.filter(pk__in=keep).update(minutes=change.minutes)
        Session.objects.bulk_create(
            [
                Session(
                    organization_id=group.organization_id,
                    group=group,
                    starts_at=start,
                    minutes=change.minutes,
                )
                for start in sorted(wanted)
                if start > now
            ],
            ignore_conflicts=True,
        )
        _audit(actor, group, Action.UPDATE, "group_schedule", group.public_id)
    return schedule


def facilitator_candidates(group: Group) -> Any:
    """Staff of GROUP's organization who may run groups and do not facilitate it yet."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=Membership.objects.active()
            .filter(organization_id=group.organization_id, role__in=RUNNING_ROLES)
            .values("user_id"),
        )
        .exclude(pk__in=group.facilitators.values("pk"))
        .order_by("display_name", "pk")
    )


def add_facilitator(actor: Any, group: Group, user: Any) -> None:
    """Make USER a facilitator of GROUP. PermissionDenied unless ACTOR facilitates it;
    ValidationError unless USER runs groups in GROUP's organization. Adding twice is a no-op."""
    _require_facilitator(actor, group)
    if group.facilitators.filter(pk=user.pk).exists():
        return
    if not facilitator_candidates(group).filter(pk=user.pk).exists():
        raise ValidationError({"user": "Choose an advocate or supervisor of this organization."})
    with transaction.atomic():
        group.facilitators.add(user)
        _audit(actor, group, Action.CREATE, "group_facilitator", group.public_id)


def remove_facilitator(actor: Any, group: Group, user: Any) -> None:
    """Stop USER facilitating GROUP (ACTOR may remove themself). PermissionDenied unless
    ACTOR facilitates GROUP; ValidationError for the last facilitator or someone who is not one."""
    _require_facilitator(actor, group)
    with transaction.atomic():
        current = set(group.facilitators.select_for_update().values_list("pk", flat=True))
        if user.pk not in current:
            raise ValidationError({"user": "This person does not facilitate the group."})
        if current == {user.pk}:
            raise ValidationError({"user": "A group needs at least one facilitator."})
        group.facilitators.remove(user)
        _audit(actor, group, Action.DELETE, "group_facilitator", group.public_id)


# --- Calendar feed tokens -------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_calendar_token(user: Any) -> str:
    """Give USER a new calendar feed token, replacing any earlier one; return it (shown once)."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(user=user, defaults={"token_hash": hash_token(token)})
    return token


def revoke_calendar_token(user: Any) -> None:
    CalendarToken.objects.filter(user=user).delete()
