"""Writing audit events. Every read or write of client data calls `record()` (or
`record_many()` for bulk loads) inside the transaction of the change it describes.

If writing the event fails, the exception propagates: the surrounding transaction rolls
back and the request fails. Nothing is served or saved without its audit row (fail closed).

An event written by a person about a client while that person holds a break-glass grant on
the client is flagged with the grant (`grant_public_id`). The flag is set here, where every
audit row is written, rather than by the callers: profile pages, lists, the API and the
services all reach this function, so no path can forget it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from alongside.audit.context import current_ip
from alongside.audit.models import AccessEvent, Action, BreakGlassGrant, ChainHead, Outcome


@dataclass(frozen=True)
class Event:
    """What happened, to which object, by whom: the caller's side of an audit row."""

    action: str
    object_type: str
    object_public_id: uuid.UUID | str | None
    organization_id: int | None
    client_id: int | None = None
    client_public_id: uuid.UUID | None = None
    user: Any = None
    role: str = ""
    outcome: str = Outcome.SUCCESS
    occurred_at: datetime | None = None


def record(event: Event) -> AccessEvent:
    """Append EVENT to its organization's chain and return the stored row."""
    return record_many([event])[0]


def record_many(events: Iterable[Event]) -> list[AccessEvent]:
    """Append EVENTS (all of one organization) in order; return the stored rows.

    Takes the chain head's row lock (a write lock on SQLite, where transactions start
    IMMEDIATE) so concurrent writers extend the chain one after another.
    """
    events = list(events)
    if not events:
        return []
    chains = {e.organization_id or 0 for e in events}
    if len(chains) != 1:
        raise ValueError("record_many() takes events of a single organization")
    chain = chains.pop()
    ip = _stored_ip(current_ip.get())
    times = [_stored_time(event.occurred_at) for event in events]
    with transaction.atomic():
        grants = _break_glass_grants(events, times)
        head = _locked_head(chain)
        rows = []
        for event, occurred_at in zip(events, times, strict=True):
            row = AccessEvent(
                chain=chain,
                sequence=head.sequence + 1,
                occurred_at=occurred_at,
                user_id=event.user.pk if event.user is not None else None,
                user_email=event.user.email if event.user is not None else "",
                role=event.role,
                organization_id=event.organization_id,
                client_id=event.client_id,
                client_public_id=_stored_uuid(event.client_public_id),
                action=Action(event.action),
                object_type=event.object_type,
                object_public_id=str(event.object_public_id or ""),
                ip=ip,
                outcome=Outcome(event.outcome),
                grant_public_id=_grant_for(grants, event, occurred_at),
                prev_hash=head.hash,
            )
            row.hash = row.compute_hash()
            head.sequence, head.hash = row.sequence, row.hash
            rows.append(row)
        AccessEvent.objects.bulk_create(rows, batch_size=500)
        head.save(update_fields=["sequence", "hash"])
    return rows


_Grant = tuple[int, int | None, datetime, datetime, uuid.UUID]  # user, client, start, end, id


def _break_glass_grants(events: list[Event], times: list[datetime]) -> list[_Grant]:
    """Return the grants that may cover any of EVENTS: one indexed query, none when no event
    has both a person and a client (system events, staff administration). A person holds
    few grants, so they are matched to clients here rather than in SQL, which keeps the
    query small however many clients a list page shows."""
    user_ids = {
        event.user.pk
        for event in events
        if event.user is not None and event.user.pk is not None and event.client_id is not None
    }
    if not user_ids:
        return []
    return list(
        BreakGlassGrant.objects.filter(
            user_id__in=sorted(user_ids),
            client_id__isnull=False,
            started_at__lte=max(times),
            ends_at__gt=min(times),
        ).values_list("user_id", "client_id", "started_at", "ends_at", "public_id")
    )


def _grant_for(grants: list[_Grant], event: Event, at: datetime) -> uuid.UUID | None:
    if not grants or event.user is None or event.client_id is None:
        return None
    for user_id, client_id, started_at, ends_at, public_id in grants:
        if (user_id, client_id) == (event.user.pk, event.client_id) and started_at <= at < ends_at:
            return public_id
    return None


# The hash is computed over the row as it is about to be stored, but verified over the row as
# the database gives it back. Values with more than one spelling must therefore be brought to
# the one the database returns before hashing, or a genuine row fails verification at once:
# datetimes come back in UTC, IPv6 addresses in Django's compressed lower-case form, UUIDs as
# UUID objects (whatever string the caller passed).


def _stored_time(value: datetime | None) -> datetime:
    if value is None:
        return timezone.now()
    if timezone.is_naive(value):
        raise ValueError("Event.occurred_at must be timezone-aware")
    return value.astimezone(UTC)


def _stored_ip(value: str | None) -> str | None:
    return AccessEvent._meta.get_field("ip").get_prep_value(value) or None


def _stored_uuid(value: uuid.UUID | str | None) -> uuid.UUID | None:
    if not value:
        return None
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


def _locked_head(chain: int) -> ChainHead:
    try:
        return ChainHead.objects.select_for_update().get(chain=chain)
    except ChainHead.DoesNotExist:
        pass
    try:
        # A savepoint so that losing the creation race leaves the outer transaction usable.
        with transaction.atomic():
            ChainHead.objects.create(chain=chain)
    except IntegrityError:
        pass
    return ChainHead.objects.select_for_update().get(chain=chain)
