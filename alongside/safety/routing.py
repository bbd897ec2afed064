"""Who an alert goes to at each step, and how long each step waits.

Step 0 (at once): the client's current advocates who are within their working hours, and
the program's person on call (the rota; when no shift covers the moment, the fallback).
Step 1: the supervisors of the client's advocates. Step 2: the organization's directors.
Step 3 and later, every interval until someone takes it: all of them again.
A step with nobody to reach passes to the next level up, so a step always reaches someone.

The fallback when no one is on call: the advocates' supervisors, else every supervisor of
the organization, else its directors — so an alert is never routed to nobody.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alongside.accounts.models import User
from alongside.clients.models import Client, Episode
from alongside.messaging.hours import weeks_of
from alongside.organizations.models import Membership, Organization, Program, Role
from alongside.safety.models import Alert, OnCallShift, RecipientRole

DEFAULT_INTERVAL_MINUTES = 15
MINIMUM_INTERVAL_MINUTES = 5


def program_of(client: Client) -> Program | None:
    """The program of CLIENT's open episode (the earliest), else of their latest episode."""
    episodes = list(Episode.objects.filter(client=client).select_related("program"))
    current = sorted((e for e in episodes if e.is_open), key=lambda e: e.admitted_at)
    if current:
        return current[0].program
    latest = sorted(episodes, key=lambda e: e.admitted_at, reverse=True)
    return latest[0].program if latest else None


def interval_minutes(program: Program | None) -> int:
    """The program's escalation timer: `settings["escalation_minutes"]`, at least 5;
    15 when unset or invalid. It cannot be switched off."""
    value = program.settings.get("escalation_minutes") if program else None
    if isinstance(value, int) and not isinstance(value, bool):
        return max(MINIMUM_INTERVAL_MINUTES, value)
    return DEFAULT_INTERVAL_MINUTES


def _active(role: str, organization_id: int, **filters: Any) -> list[User]:
    memberships = (
        Membership.objects.active()
        .filter(organization_id=organization_id, role=role, user__is_active=True, **filters)
        .select_related("user")
        .order_by("user__display_name", "user_id")
    )
    users: list[User] = []
    for membership in memberships:
        if membership.user not in users:
            users.append(membership.user)
    return users


def advocates_of(client: Client) -> list[User]:
    return [
        a.advocate
        for a in client.assignments.current().select_related("advocate").order_by("started_at")
        if a.advocate.is_active
    ]


def supervisors_of(client: Client) -> list[User]:
    """The supervisors of CLIENT's advocates; every supervisor of the organization if none."""
    advocate_ids = [a.pk for a in advocates_of(client)]
    supervisor_ids = (
        Membership.objects.active()
        .filter(organization_id=client.organization_id, role=Role.PRA, user_id__in=advocate_ids)
        .exclude(supervisor__isnull=True)
        .values_list("supervisor_id", flat=True)
    )
    team = _active(Role.SUPERVISOR, client.organization_id, user_id__in=list(supervisor_ids))
    return team or _active(Role.SUPERVISOR, client.organization_id)


def directors_of(organization_id: int) -> list[User]:
    return _active(Role.DIRECTOR, organization_id)


def on_call(client: Client, program: Program | None, now: datetime) -> list[User]:
    """Who is on call for PROGRAM at NOW: the rota's shifts, else the fallback."""
    if program is not None:
        shifts = OnCallShift.objects.filter(
            program=program, starts_at__lte=now, ends_at__gt=now, user__is_active=True
        ).select_related("user")
        people = []
        for shift in shifts:
            if shift.user not in people:
                people.append(shift.user)
        if people:
            return people
    return supervisors_of(client) or directors_of(client.organization_id)


def _working_advocates(client: Client, now: datetime) -> list[User]:
    advocates = advocates_of(client)
    organization = Organization.objects.get(pk=client.organization_id)
    weeks = weeks_of(advocates, organization)
    return [a for a in advocates if weeks[a.pk].is_working(now)]


def recipients_for_step(alert: Alert, step: int, now: datetime) -> list[tuple[User, str]]:
    """Return (person, role) pairs ALERT goes to at STEP; never empty while anyone holds a
    supervisor or director role in the organization."""
    client = alert.client
    first = [(u, RecipientRole.ADVOCATE) for u in _working_advocates(client, now)] + [
        (u, RecipientRole.ON_CALL) for u in on_call(client, alert.program, now)
    ]
    supervisors = [(u, RecipientRole.SUPERVISOR) for u in supervisors_of(client)]
    directors = [(u, RecipientRole.DIRECTOR) for u in directors_of(client.organization_id)]
    levels = [first, supervisors, directors]
    if step >= len(levels):
        chosen = [pair for level in levels for pair in level]
    else:
        # A level with nobody passes to the next one up.
        chosen = next((level for level in levels[step:] if level), [])
    unique: list[tuple[User, str]] = []
    for user, role in chosen:
        if all(user != seen for seen, _ in unique):
            unique.append((user, role))
    return unique


def first_owner(client: Client, program: Program | None, now: datetime) -> User:
    """The alert's owner when it opens: the client's first advocate, else whoever is on
    call, else an administrator, else any active member: an alert always has an owner."""
    people = (
        advocates_of(client)
        or on_call(client, program, now)
        or _active(Role.ADMIN, client.organization_id)
    )
    if people:
        return people[0]
    member = (
        Membership.objects.active()
        .filter(organization_id=client.organization_id, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if member is None:
        raise RuntimeError("an organization without any active member cannot own an alert")
    return member.user
