"""Reads about follow-ups: completion rates per timepoint and the supervisor's list.

`followup_rates` is the one definition of the follow-up rate: the supervisor page, the API
(`GET /api/v1/outcomes/followups`) and the outcomes reports all call it.

The rate rule (RATE_RULE, shown on the page), for follow-ups due in [start, end]:
- due: the due date has come (or the person was already reached, early in the window);
  follow-ups of a person who returned to treatment are left out (the call was not needed);
- attempted: due, with at least one attempt;
- reached: reached (at any point in the window);
- completed: reached, or closed (its window ended without reaching the person);
- rate = reached / completed: a follow-up still inside its window counts for neither side
  yet. None when nothing is completed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from alongside.aftercare.models import FollowUp, FollowUpAttempt, Status
from alongside.aftercare.schedule import followup_days
from alongside.lib.zones import local_date
from alongside.organizations.models import Organization, Program

TARGET_RATE = 0.8  # what funders commonly expect

RATE_RULE = (
    "Due: the due date has come (people who returned to treatment are left out). Completed: "
    "reached, or closed because the window ended without reaching the person. Rate: reached "
    "÷ completed; follow-ups still inside their window are not counted yet."
)


@dataclass(frozen=True)
class TimepointRate:
    days: int
    due: int
    attempted: int
    reached: int
    completed: int
    rate: float | None


def org_today(organization: Organization) -> date:
    return local_date(organization.time_zone, timezone.now())


def _in_scope(
    organization: Organization, program_ids: list[int] | None, start: date, end: date
) -> QuerySet[FollowUp]:
    followups = FollowUp.objects.filter(organization=organization, due_on__range=(start, end))
    if program_ids is not None:
        followups = followups.filter(episode__program_id__in=program_ids)
    return followups


def _timepoints(organization: Organization, program_ids: list[int] | None) -> set[int]:
    programs = Program.objects.filter(organization=organization)
    if program_ids is not None:
        programs = programs.filter(pk__in=program_ids)
    days: set[int] = set()
    for program_settings in programs.values_list("settings", flat=True):
        days.update(followup_days(program_settings))
    return days


def followup_rates(
    organization: Organization,
    *,
    program_ids: list[int] | None,
    start: date,
    end: date,
    today: date | None = None,
) -> list[TimepointRate]:
    """Return the follow-up rates per timepoint (days after discharge) for ORGANIZATION's
    follow-ups due in [START, END], in PROGRAM_IDS (all programs when None), as of TODAY
    (default: the organization's today). See the module doc for the rule. One row per
    timepoint the programs schedule or the data holds, by days; two queries.
    """
    today = today or org_today(organization)
    attempted = Exists(FollowUpAttempt.objects.filter(follow_up=OuterRef("pk")))
    due = Q(due_on__lte=today) | Q(status=Status.REACHED)
    closed = Q(status=Status.SCHEDULED, closes_on__lt=today)
    rows = (
        _in_scope(organization, program_ids, start, end)
        .exclude(status=Status.RETURNED)
        .order_by()
        .values("days")
        .annotate(
            n_due=Count("pk", filter=due),
            n_attempted=Count("pk", filter=due & Q(attempted)),
            n_reached=Count("pk", filter=Q(status=Status.REACHED)),
            n_closed=Count("pk", filter=closed),
        )
    )
    by_days: dict[int, dict[str, Any]] = {row["days"]: dict(row) for row in rows}
    result = []
    for days in sorted(set(by_days) | _timepoints(organization, program_ids)):
        row = by_days.get(days, {})
        reached = row.get("n_reached", 0)
        completed = reached + row.get("n_closed", 0)
        result.append(
            TimepointRate(
                days=days,
                due=row.get("n_due", 0),
                attempted=row.get("n_attempted", 0),
                reached=reached,
                completed=completed,
                rate=reached / completed if completed else None,
            )
        )
    return result


def client_followups(client: Any) -> list[FollowUp]:
    """Return CLIENT's follow-ups, newest episode first, with attempts and outcome."""
    return list(
        FollowUp.objects.filter(client=client)
        .select_related("assigned_to", "episode", "outcome")
        .prefetch_related("attempts__recorded_by")
        .order_by("-episode__discharged_at", "days")
    )


def due_list(user: Any, organization: Organization, today: date) -> list[FollowUp]:
    """Return the scheduled follow-ups whose window has opened by TODAY (due, overdue), of
    the clients USER may see, the ones closing soonest first."""
    from alongside.clients.access import visible_to

    return list(
        FollowUp.objects.scheduled()
        .filter(
            organization=organization,
            opens_on__lte=today,
            closes_on__gte=today,
            client__in=visible_to(user),
        )
        .select_related("client", "assigned_to", "episode__program")
        .annotate(n_attempts=Count("attempts"))
        .order_by("closes_on", "due_on", "pk")
    )


def with_portal_state(clients: QuerySet[Any]) -> QuerySet[Any]:
    """Annotate CLIENTS so that `client.portal_open` says whether their portal is open (in
    the same query): always while an episode is open or when they never had one; after
    discharge, as the latest episode's program says (`alumni_portal`, schedule.py)."""
    from django.db.models import JSONField, Subquery

    from alongside.clients.models import Episode

    latest = Episode.objects.filter(client=OuterRef("pk")).order_by("-admitted_at", "-pk")
    return clients.annotate(
        _has_open=Exists(Episode.objects.open().filter(client=OuterRef("pk"))),
        _has_any=Exists(Episode.objects.filter(client=OuterRef("pk"))),
        _latest_settings=Subquery(latest.values("program__settings")[:1], output_field=JSONField()),
    )


def portal_open(client: Any) -> bool:
    """Return whether CLIENT (from `with_portal_state`) may use the portal."""
    from alongside.aftercare.schedule import alumni_keep_portal

    if client._has_open or not client._has_any:
        return True
    return alumni_keep_portal(client._latest_settings)
