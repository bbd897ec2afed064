"""Reads about check-ins for pages, the API, the Today queue and the reminder sweep.

Functions taking one client start from a client the access layer returned. Functions taking
many client ids are set-based: one query however many clients, so a page that calls them
keeps a query count independent of caseload and history size. They do no access check of
their own: pass ids that came from `visible_to()` (or a sweep that needs no user).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import NamedTuple

from django.db.models import F, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from alongside.checkins.models import CheckIn
from alongside.clients.models import Client

RECENT_LIMIT = 7  # the profile shows about a week


def checkins_of(client: Client) -> QuerySet[CheckIn]:
    """Return CLIENT's check-ins, newest day first, with who recorded each."""
    return CheckIn.objects.filter(client=client).select_related("recorded_by").newest_first()


def recent_checkins(client: Client, limit: int = RECENT_LIMIT) -> QuerySet[CheckIn]:
    """Return CLIENT's latest LIMIT check-ins, newest first.

    The queryset is lazy: a page that never shows it (an htmx fragment) costs no query, and
    one that does costs one, whatever the history size.
    """
    return checkins_of(client)[:limit]


def with_latest_checkin(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Annotate `last_checkin_on`: each client's latest check-in day (None if never), one
    backward probe of the (client, local_date) unique index per client."""
    newest = CheckIn.objects.filter(client=OuterRef("pk")).order_by("-local_date")
    return clients.annotate(last_checkin_on=Subquery(newest.values("local_date")[:1]))


def latest_checkins(client_ids: Iterable[int]) -> dict[int, CheckIn]:
    """Return {client id: that client's latest check-in} for CLIENT_IDS, in one query.

    Clients who never checked in are absent. The row carries the day (`local_date`) and the
    flags the Today queue reads (`used_since_last`, `wants_contact`, `craving`, `mood`).
    """
    ids = list(client_ids)
    if not ids:
        return {}
    newest = CheckIn.objects.filter(client=OuterRef("pk")).order_by("-local_date")
    latest_ids = (
        Client.objects.filter(pk__in=ids)
        .annotate(latest_id=Subquery(newest.values("pk")[:1]))
        .values("latest_id")
    )
    return {c.client_id: c for c in CheckIn.objects.filter(pk__in=latest_ids).order_by()}


class Glance(NamedTuple):
    """What a list reads of one check-in: no free text, no model instance."""

    client_id: int
    local_date: date
    occurred_at: datetime
    craving: int
    used_since_last: bool
    wants_contact: bool


def last_checkins_of(client_ids: Iterable[int], n: int = 3) -> dict[int, list[Glance]]:
    """Return {client id: their latest N check-ins, newest first}, in one query.

    What the Today queue reads of check-ins (the latest one's day, flags and time, and the
    cravings of the last three) in one ranked read. The client's own words (`substance`,
    `went_well`) are not read: nothing here shows them.
    """
    ids = list(client_ids)
    if not ids or n < 1:
        return {}
    ranked = (
        CheckIn.objects.filter(client_id__in=ids)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("client_id"), order_by=F("local_date").desc())
        )
        .filter(rank__lte=n)
        .order_by("client_id", "-local_date")
        .values_list(*Glance._fields)
    )
    recent: dict[int, list[Glance]] = {}
    for row in ranked:
        glance = Glance(*row)
        recent.setdefault(glance.client_id, []).append(glance)
    return recent


def checked_in_on(days: Mapping[int, date]) -> set[int]:
    """Return the ids of the clients in DAYS ({client id: a local date}) who have a check-in
    on their given day, in one query."""
    if not days:
        return set()
    # Clients in different zones may be on different dates, but only a few dates are ever
    # in play at once: filter on both sets, then keep the exact pairs.
    rows = CheckIn.objects.filter(
        client_id__in=list(days), local_date__in=set(days.values())
    ).values_list("client_id", "local_date")
    return {client_id for client_id, day in rows if days[client_id] == day}
