"""Reads about assessments for pages, the API and the Today queue.

Functions taking one client start from a client the access layer (or the portal) returned.
Functions taking many clients are set-based: a fixed number of queries however many clients
and however long their history, so a page calling them keeps a constant query count. They
do no access check of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import F, Max, Window
from django.db.models.functions import RowNumber

from alongside.assessments.catalog import get_instrument
from alongside.assessments.instruments import Instrument
from alongside.assessments.models import AssessmentResponse, AssessmentResponseQuerySet
from alongside.assessments.schedule import (
    DISCHARGE_WINDOW_DAYS,
    Due,
    due_assessments,
    schedules_for,
)
from alongside.clients.models import Client, Episode
from alongside.lib.zones import local_date

# Points per instrument in a trend chart: three years of monthly responses.
TREND_POINTS = 36


def responses_of(client: Client) -> AssessmentResponseQuerySet:
    """Return CLIENT's responses, newest first, with who recorded each."""
    return (
        AssessmentResponse.objects.filter(client=client).select_related("created_by").newest_first()
    )


def latest_per_instrument(client: Client) -> list[AssessmentResponse]:
    """Return CLIENT's latest response to each instrument they answered, newest first, in
    one query (the (client, instrument, occurred_at) index ranks them)."""
    ranked = (
        AssessmentResponse.objects.filter(client=client)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("instrument"),
                order_by=[F("occurred_at").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
        .order_by("-occurred_at", "-id")
    )
    return list(ranked)


@dataclass(frozen=True)
class Point:
    occurred_at: datetime
    total: int
    band: str
    band_label: object


@dataclass(frozen=True)
class Trend:
    """One instrument's totals over time, oldest first (complete responses only)."""

    instrument: Instrument
    points: list[Point]


def trends_of(client: Client, limit: int = TREND_POINTS) -> list[Trend]:
    """Return CLIENT's totals over time per instrument (the latest LIMIT each), in one query.

    Incomplete responses have no total and are left out of the line; they stay in the list
    of responses. Instruments are in the order of their latest response, newest first.
    """
    rows = (
        AssessmentResponse.objects.filter(client=client, total__isnull=False)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("instrument"),
                order_by=[F("occurred_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=limit)
        .order_by("-occurred_at", "-id")
    )
    grouped: dict[str, list[AssessmentResponse]] = {}
    for response in rows:
        grouped.setdefault(response.instrument, []).append(response)
    trends = []
    for key, responses in grouped.items():
        trends.append(
            Trend(
                instrument=get_instrument(key),
                points=[
                    Point(r.occurred_at, r.total, r.band, r.band_label())
                    for r in reversed(responses)
                    if r.total is not None  # always true here; narrows the type
                ],
            )
        )
    return trends


def last_given(clients: Sequence[Client]) -> dict[int, dict[str, date]]:
    """Return {client id: {instrument key: client-local date of the latest response}} for
    CLIENTS, in one query; clients who never answered one are absent."""
    zones = {client.pk: client.time_zone for client in clients}
    if not zones:
        return {}
    rows = (
        AssessmentResponse.objects.filter(client_id__in=list(zones))
        .values("client_id", "instrument")
        .annotate(latest=Max("occurred_at"))
        .order_by()
        .values_list("client_id", "instrument", "latest")
    )
    given: dict[int, dict[str, date]] = {}
    for client_id, key, latest in rows:
        given.setdefault(client_id, {})[key] = local_date(zones[client_id], latest)
    return given


@dataclass(frozen=True)
class ScheduledEpisode:
    admitted_at: datetime
    discharged_at: datetime | None
    program_settings: object


def scheduled_episodes(clients: Sequence[Client], now: datetime) -> dict[int, ScheduledEpisode]:
    """Return {client id: the episode their schedule follows} in one query: the open episode
    admitted last, else an episode discharged recently enough for a discharge assessment to
    be due. Clients with neither are absent."""
    ids = [client.pk for client in clients]
    if not ids:
        return {}
    # A day more than the window: the window is counted in each client's own calendar.
    recent = now - timedelta(days=DISCHARGE_WINDOW_DAYS + 1)
    rows = (
        Episode.objects.filter(client_id__in=ids)
        .exclude(discharged_at__lt=recent)
        .order_by()
        .values_list("client_id", "admitted_at", "discharged_at", "program__settings")
    )
    chosen: dict[int, ScheduledEpisode] = {}
    for client_id, admitted_at, discharged_at, program_settings in rows:
        episode = ScheduledEpisode(admitted_at, discharged_at, program_settings)
        current = chosen.get(client_id)
        if current is None or _preferred(episode, current):
            chosen[client_id] = episode
    return chosen


def _preferred(episode: ScheduledEpisode, current: ScheduledEpisode) -> bool:
    """An open episode beats a closed one; among open ones the latest admitted, among closed
    ones the latest discharged."""
    if (episode.discharged_at is None) != (current.discharged_at is None):
        return episode.discharged_at is None
    if episode.discharged_at is None or current.discharged_at is None:
        return episode.admitted_at > current.admitted_at
    return episode.discharged_at > current.discharged_at


def due_for(
    clients: Sequence[Client], now: datetime, today: Mapping[int, date] | None = None
) -> dict[int, list[Due]]:
    """Return {client id: the assessments due} for CLIENTS at NOW, in two queries; clients
    with nothing due are absent. TODAY ({client id: their local date}) is computed from
    their zones unless given."""
    if today is None:
        today = {client.pk: local_date(client.time_zone, now) for client in clients}
    episodes = scheduled_episodes(clients, now)
    given = last_given([client for client in clients if client.pk in episodes])
    due: dict[int, list[Due]] = {}
    for client in clients:
        episode = episodes.get(client.pk)
        if episode is None:
            continue
        found = due_assessments(
            today[client.pk],
            admitted_on=local_date(client.time_zone, episode.admitted_at),
            discharged_on=local_date(client.time_zone, episode.discharged_at)
            if episode.discharged_at
            else None,
            schedules=schedules_for(episode.program_settings),
            last_given=given.get(client.pk, {}),
        )
        if found:
            due[client.pk] = found
    return due
