"""Reading conversations: a page of one client's messages, unread counts, the inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Q, QuerySet

from alongside.clients.access import Capability, visible_to
from alongside.clients.models import Client
from alongside.messaging.models import Message


def messages_of(client: Client) -> QuerySet[Message]:
    """CLIENT's conversation, oldest first, with each sender loaded."""
    return Message.objects.filter(client=client).select_related("sender", "read_by")


def latest_messages(client: Client, limit: int, *, before: Message | None = None) -> list[Message]:
    """Return the LIMIT newest messages of CLIENT's conversation (those sent before BEFORE,
    if given), oldest first."""
    messages = messages_of(client)
    if before is not None:
        messages = messages.filter(
            Q(sent_at__lt=before.sent_at) | Q(sent_at=before.sent_at, id__lt=before.pk)
        )
    newest = list(messages.order_by("-sent_at", "-id")[:limit])
    return newest[::-1]


def message_in(client: Client, public_id: str | None) -> Message | None:
    """Return CLIENT's message with PUBLIC_ID, or None (a bad or foreign id alike)."""
    if not public_id:
        return None
    try:
        return Message.objects.filter(client=client, public_id=public_id).first()
    except (ValueError, TypeError, ValidationError):
        return None


@dataclass(frozen=True)
class Unread:
    count: int
    since: datetime


def unread_from_clients(client_ids: list[int]) -> dict[int, Unread]:
    """Return, for each client with messages no advocate has opened yet, how many and since
    when (one query)."""
    rows = (
        Message.objects.unread_by_staff()
        .filter(client_id__in=client_ids)
        .values("client_id")
        .annotate(count=Count("id"), since=Min("sent_at"))
    )
    return {row["client_id"]: Unread(row["count"], row["since"]) for row in rows}


def unread_for_client(client: Client) -> int:
    return Message.objects.unread_by_client().filter(client=client).count()


def inbox_of(user: Any) -> QuerySet[Client]:
    """Clients in USER's scope who have a conversation, unread first, then most recent."""
    return (
        visible_to(user, need=Capability.READ_MESSAGES)
        .annotate(
            last_sent_at=Max("messages__sent_at"),
            unread=Count(
                "messages",
                filter=Q(messages__from_client=True, messages__read_at__isnull=True),
            ),
        )
        .filter(last_sent_at__isnull=False)
        .order_by("-unread", "-last_sent_at", "pk")
    )
