"""Writing audit events. Every read or write of client data calls `record()` (or
`record_many()` for bulk loads) inside the transaction of the change it describes.

If writing the event fails, the exception propagates: the surrounding transaction rolls
back and the request fails. Nothing is served or saved without its audit row (fail closed).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from alongside.audit.context import current_ip
from alongside.audit.models import AccessEvent, Action, ChainHead, Outcome


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
    ip = current_ip.get()
    with transaction.atomic():
        head = _locked_head(chain)
        rows = []
        for event in events:
            row = AccessEvent(
                chain=chain,
                sequence=head.sequence + 1,
                occurred_at=event.occurred_at or timezone.now(),
                user_id=event.user.pk if event.user is not None else None,
                user_email=event.user.email if event.user is not None else "",
                role=event.role,
                organization_id=event.organization_id,
                client_id=event.client_id,
                client_public_id=event.client_public_id,
                action=Action(event.action),
                object_type=event.object_type,
                object_public_id=str(event.object_public_id or ""),
                ip=ip,
                outcome=Outcome(event.outcome),
                prev_hash=head.hash,
            )
            row.hash = row.compute_hash()
            head.sequence, head.hash = row.sequence, row.hash
            rows.append(row)
        AccessEvent.objects.bulk_create(rows, batch_size=500)
        head.save(update_fields=["sequence", "hash"])
    return rows


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
