"""The episodes behind every outcome figure, loaded once as arrays.

Two queries, whatever the number of episodes: the episodes admitted in the filters' range
(`values_list`), and the support contacts of their clients since the range began (one
`values_list` of client and time). numpy then counts each episode's contacts in its first
`early_days` and over its stay with two sorted searches, with no query per episode and no
model instances. That is what keeps retention over 100,000 episodes inside the 2-second
budget (DESIGN.md §6; timed by `alongside/outcomes/bench.py`).

Counting in numpy rather than in SQL is deliberate: "within 14 days of admission" needs date
arithmetic, which SQLite can only do through a Python function called once per joined row
(several times slower than fetching the rows). On SQLite the times are fetched as their
stored text and parsed by pandas in one vectorized call, because Django's per-value datetime
converter dominated the time. On PostgreSQL they are fetched as whole milliseconds since 1970
(`EXTRACT(EPOCH …)`, a bigint): Django's loader for `timestamptz` parses each value in Python
(about 5 µs each, 2.3 s of 2.5 for 100,000 episodes and their 365,000 times), while integers
go through psycopg's C loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import BigIntegerField, CharField, F, Func, QuerySet
from django.db.models.functions import Cast

from alongside.clients.models import Episode
from alongside.outcomes.filters import Filters
from alongside.outcomes.rules import DROPOUT_REASONS, PLANNED_REASONS
from alongside.support.models import Encounter

DAY_MS = 86_400_000


@dataclass(frozen=True)
class EpisodeFrame:
    """Parallel arrays, one element per episode. Times are UTC milliseconds since 1970."""

    episode_ids: np.ndarray
    client_ids: np.ndarray
    program_ids: np.ndarray
    admitted_ms: np.ndarray
    discharged_ms: np.ndarray  # -1 while open
    days: np.ndarray  # whole days in treatment: to discharge, or to NOW while open
    is_open: np.ndarray
    dropout: np.ndarray  # discharged for a DROPOUT_REASONS reason
    planned: np.ndarray  # discharged for a PLANNED_REASONS reason
    reasons: np.ndarray  # the discharge reason ("" while open)
    early_contacts: np.ndarray  # contacts in the first `early_days`
    contacts: np.ndarray  # contacts during the stay

    def __len__(self) -> int:
        return len(self.episode_ids)

    @cached_property
    def admitted_at(self) -> list[datetime]:
        return [_moment(ms) for ms in self.admitted_ms.tolist()]

    @cached_property
    def discharged_at(self) -> list[datetime | None]:
        return [None if ms < 0 else _moment(ms) for ms in self.discharged_ms.tolist()]


def _moment(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def episodes_in(filters: Filters) -> QuerySet[Episode]:
    """Return the episodes the filters select (admitted in the range, in the programs)."""
    queryset = Episode.objects.filter(
        organization=filters.organization,
        admitted_at__gte=filters.starts_at,
        admitted_at__lt=filters.ends_before,
    )
    if filters.program_ids is not None:
        queryset = queryset.filter(program_id__in=filters.program_ids)
    return queryset


def _time(field: str) -> Any:
    """Return FIELD as the database gives it cheapest: stored text on SQLite, UTC
    milliseconds on PostgreSQL (see the module docstring), else itself."""
    if connection.vendor == "sqlite":
        return Cast(field, CharField())
    if connection.vendor == "postgresql":
        # EXTRACT(EPOCH FROM a timestamptz) is the true epoch whatever the session's zone.
        return Func(
            F(field),
            template="(EXTRACT(EPOCH FROM %(expressions)s) * 1000)::bigint",
            output_field=BigIntegerField(),
        )
    return F(field)


def milliseconds(values: list[Any]) -> np.ndarray:
    """Return aware datetimes, their ISO text or UTC milliseconds (None allowed) as UTC
    milliseconds; -1 for None."""
    if not values:
        return np.zeros(0, dtype=np.int64)
    if all(v is None or isinstance(v, int) for v in values):
        return np.array([-1 if v is None else v for v in values], dtype=np.int64)
    text = any(isinstance(v, str) for v in values)
    parsed = pd.to_datetime(
        pd.Series(values, dtype=object), utc=True, format="ISO8601" if text else None
    )
    nanoseconds = parsed.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    result = nanoseconds // 1_000_000
    result[parsed.isna().to_numpy()] = -1
    return result


def load_episodes(filters: Filters, now: datetime) -> EpisodeFrame:
    """Return the filtered episodes with their contact counts (two queries)."""
    episodes = episodes_in(filters)
    rows = _fetch(
        episodes.order_by()
        .annotate(admitted=_time("admitted_at"), discharged=_time("discharged_at"))
        .values_list("pk", "client_id", "program_id", "admitted", "discharged", "discharge_reason")
    )
    contacts = _fetch(
        Encounter.objects.filter(
            client_id__in=episodes.values("client_id"), occurred_at__gte=filters.starts_at
        )
        .order_by()
        .annotate(moment=_time("occurred_at"))
        .values_list("client_id", "moment")
    )
    return frame_of(rows, contacts, now, filters.early_days)


def _fetch(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """Return the rows of a `values_list` QUERYSET as the driver gives them. Every column
    here is an integer, a reason code or a time in the raw form `_time` chose, so Django's
    per-value converters (an `int()` call for each of 400,000 values) have nothing to add."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def frame_of(
    rows: list[tuple[Any, ...]], contacts: list[tuple[Any, ...]], now: datetime, early_days: int
) -> EpisodeFrame:
    """Return episode ROWS (pk, client, program, admitted, discharged, reason) and CONTACTS
    (client, time) as arrays, with each episode's contacts counted."""
    n = len(rows)
    columns: list[Any] = list(zip(*rows, strict=True)) if rows else [()] * 6
    admitted = milliseconds(list(columns[3]))
    discharged = milliseconds(list(columns[4]))
    is_open = discharged < 0
    now_ms = int(now.timestamp() * 1000)
    end = np.where(is_open, now_ms, discharged)
    reasons = np.array(columns[5], dtype=object) if n else np.zeros(0, dtype=object)
    client_ids = np.array(columns[1], dtype=np.int64)
    early, during = _count_contacts(client_ids, admitted, end, contacts, early_days)
    return EpisodeFrame(
        episode_ids=np.array(columns[0], dtype=np.int64),
        client_ids=client_ids,
        program_ids=np.array(columns[2], dtype=np.int64),
        admitted_ms=admitted,
        discharged_ms=discharged,
        days=np.maximum(end - admitted, 0) // DAY_MS,
        is_open=is_open,
        dropout=np.isin(reasons, list(DROPOUT_REASONS)),
        planned=np.isin(reasons, list(PLANNED_REASONS)),
        reasons=reasons,
        early_contacts=early,
        contacts=during,
    )


def _count_contacts(
    client_ids: np.ndarray,
    admitted: np.ndarray,
    end: np.ndarray,
    contacts: list[tuple[Any, ...]],
    early_days: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return, per episode, the contacts in [admitted, admitted + EARLY_DAYS) and in
    [admitted, end].

    Each contact becomes one sortable key, its client's rank times a span longer than any
    time difference plus its time, so one searchsorted finds "this client, from this time"
    for every episode at once.
    """
    n = len(client_ids)
    if not n or not contacts:
        return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    contact_clients = np.fromiter((c[0] for c in contacts), dtype=np.int64, count=len(contacts))
    contact_ms = milliseconds([c[1] for c in contacts])
    window = early_days * DAY_MS
    origin = min(int(contact_ms.min()), int(admitted.min()))
    span = max(int(contact_ms.max()), int(end.max()), int((admitted + window).max())) - origin + 1
    clients = np.unique(np.concatenate([client_ids, contact_clients]))
    keys = np.sort(np.searchsorted(clients, contact_clients) * span + (contact_ms - origin))
    base = np.searchsorted(clients, client_ids) * span - origin
    start = np.searchsorted(keys, base + admitted, side="left")
    early = np.searchsorted(keys, base + admitted + window, side="left") - start
    during = np.searchsorted(keys, base + end, side="right") - start
    return early.astype(np.int64), np.maximum(during, 0).astype(np.int64)
