"""Aggregates for supervisors, directors and administrators. Counts only: no client content,
and every query is grouped, so the number of queries does not grow with the organization."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from alongside.clients.models import Assignment, Client, Episode
from alongside.organizations.models import Membership, Organization, Program, Role
from alongside.support.queries import contacts_since


def start_of_week(now: datetime, organization: Organization) -> datetime:
    """Return Monday 00:00 of NOW's week in the organization's zone (as an aware datetime)."""
    local = timezone.localtime(now, zoneinfo.ZoneInfo(organization.time_zone))
    monday = local - timedelta(days=local.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass
class AdvocateLoad:
    advocate: Any
    caseload: int
    contacts_this_week: int


def team_load(supervisor: Any, organization: Organization, now: datetime) -> list[AdvocateLoad]:
    """Return each advocate on SUPERVISOR's team with caseload size and contacts this week."""
    memberships = (
        Membership.objects.active()
        .filter(organization=organization, role=Role.PRA, supervisor=supervisor)
        .select_related("user")
        .order_by("user__display_name")
    )
    advocates = [m.user for m in memberships]
    ids = [a.pk for a in advocates]
    caseloads = dict(
        Assignment.objects.current()
        .filter(organization=organization, advocate_id__in=ids)
        .values("advocate_id")
        .annotate(n=Count("id"))
        .values_list("advocate_id", "n")
    )
    contacts = contacts_since(organization.pk, ids, start_of_week(now, organization))
    return [AdvocateLoad(a, caseloads.get(a.pk, 0), contacts.get(a.pk, 0)) for a in advocates]


def waiting_for_advocate(organization: Organization) -> int:
    """Count clients with an open episode and no current advocate."""
    return Client.objects.filter(
        Exists(Episode.objects.open().filter(client=OuterRef("pk"))),
        ~Exists(Assignment.objects.current().filter(client=OuterRef("pk"))),
        organization=organization,
    ).count()


@dataclass
class ProgramSummary:
    program: Program
    open_episodes: int
    admitted_30d: int
    discharged_30d: int
    completed_30d: int


def program_summaries(organization: Organization, now: datetime) -> list[ProgramSummary]:
    """Return per-program counts of open episodes and of the last 30 days' movements."""
    since = now - timedelta(days=30)
    programs = list(Program.objects.filter(organization=organization).order_by("name"))
    rows = (
        Episode.objects.filter(organization=organization)
        .values("program_id")
        .annotate(
            open=Count("id", filter=Q(discharged_at__isnull=True)),
            admitted=Count("id", filter=Q(admitted_at__gte=since)),
            discharged=Count("id", filter=Q(discharged_at__gte=since)),
            completed=Count("id", filter=Q(discharged_at__gte=since, discharge_reason="completed")),
        )
    )
    by_program = {row["program_id"]: row for row in rows}
    empty = {"open": 0, "admitted": 0, "discharged": 0, "completed": 0}
    return [
        ProgramSummary(
            program=p,
            open_episodes=by_program.get(p.pk, empty)["open"],
            admitted_30d=by_program.get(p.pk, empty)["admitted"],
            discharged_30d=by_program.get(p.pk, empty)["discharged"],
            completed_30d=by_program.get(p.pk, empty)["completed"],
        )
        for p in programs
    ]


def staff_directory(organization: Organization) -> list[Membership]:
    return list(
        Membership.objects.filter(organization=organization)
        .select_related("user", "supervisor")
        .prefetch_related("programs")
        .order_by("user__display_name", "role")
    )
