"""/clients/{id}/messages and /messages/unread: a client's secure conversation.

One conversation per client, shared by their current advocates. A client's own account
(token or session) reads and writes only their own; staff read through the access layer's
READ_MESSAGES capability (the client's advocates and their team's supervisor) and write only
as one of the client's current advocates. Sending goes through `messaging.services`, which
saves the message, its audit row and the "new message" notices (which never carry the text).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from alongside.accounts.models import User
from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.errors import FieldError
from alongside.api.pagination import Page, PageParams, paginate
from alongside.api.schemas import PersonRef, errors
from alongside.audit.models import Action
from alongside.clients.access import audit_client_event, own_client
from alongside.clients.models import Client
from alongside.clients.queries import audit_list_view
from alongside.messaging.access import get_conversation_for
from alongside.messaging.hours import reply_expectation_for
from alongside.messaging.models import BODY_LENGTH, Message
from alongside.messaging.queries import inbox_of, messages_of
from alongside.messaging.services import NoAdvocate, mark_read, send_message

router = Router(tags=["messages"])


class MessageIn(Schema):
    body: Annotated[str, StringConstraints(max_length=BODY_LENGTH)] = Field(
        description=f"The message, 1 to {BODY_LENGTH} characters once trimmed."
    )


class MessageOut(Schema):
    id: UUID
    from_client: bool = Field(description="Written by the client (else by an advocate).")
    sender: PersonRef
    body: str
    sent_at: datetime
    read_at: datetime | None = Field(
        description="When the other side first opened it (the read receipt); null while unread."
    )


class ReplyExpectedOut(Schema):
    available_now: bool = Field(description="One of the client's advocates is working now.")
    next_reply_at: datetime | None = Field(
        description="When the first of them next starts work, if nobody is working now; null "
        "when someone is, or when no working hours are known."
    )


class MessageSent(MessageOut):
    reply_expected: ReplyExpectedOut | None = Field(
        description="For a client's own message: whether an advocate is working now and, if "
        "not, when a reply is likely (show where to get help meanwhile). Null when staff send."
    )


class UnreadOut(Schema):
    client_id: UUID
    preferred_name: str
    unread: int = Field(description="Messages not opened yet.")
    since: datetime = Field(description="When the oldest of them was sent.")


def message_out(message: Message) -> dict[str, Any]:
    return {
        "id": message.public_id,
        "from_client": message.from_client,
        "sender": person(message.sender),
        "body": message.body,
        "sent_at": message.sent_at,
        "read_at": message.read_at,
    }


def _conversation(user: User, id: UUID) -> Client:
    """Return the client whose conversation USER opens: their own (a client's account), else
    one in their scope with READ_MESSAGES (Http404 out of scope, PermissionDenied without)."""
    own = own_client(user)
    if own is not None and own.public_id == id:
        return own
    return get_conversation_for(user, id)


@router.get(
    "/clients/{id}/messages",
    response={200: Page[MessageOut], **errors(401, 403, 404, 422)},
    summary="Read a client's conversation, newest first",
    description="The items show the conversation as it was when you opened it: messages "
    "from the other side with `read_at` null are new to you. Opening it then marks them "
    "read, if you are the client or one of their current advocates (a supervisor reading "
    "along leaves them unread for the advocate).",
)
def list_messages(request: HttpRequest, id: UUID, page: Query[PageParams]) -> Page[MessageOut]:
    user = caller(request)
    client = _conversation(user, id)
    rows, count = paginate(messages_of(client).order_by("-sent_at", "-id"), page)
    # The read receipts are set only if the reading is on record.
    with transaction.atomic():
        audit_client_event(user, client, Action.VIEW, object_type="conversation")
        mark_read(user, client)
    return Page[MessageOut](
        items=[MessageOut.model_validate(message_out(m)) for m in rows], count=count
    )


@router.post(
    "/clients/{id}/messages",
    response={201: MessageSent, **errors(400, 401, 403, 404, 422)},
    summary="Send a message in a client's conversation",
    description="A client writes in their own conversation; staff write as one of the "
    "client's current advocates. A client without a current advocate gets a 422 of type "
    "`no_advocate`. The other side gets a notice without the text.",
)
def create_message(request: HttpRequest, id: UUID, payload: MessageIn) -> Status[MessageSent]:
    user = caller(request)
    client = _conversation(user, id)
    now = timezone.now()
    try:
        message = send_message(user, client, payload.body, now=now)
    except NoAdvocate as error:
        raise FieldError(None, error.messages[0], kind="no_advocate") from None
    reply = None
    if message.from_client:
        expected = reply_expectation_for(client, now)
        # Working hours are wall-clock times in the advocate's zone; the API answers in UTC.
        next_at = expected.next_reply_at
        reply = ReplyExpectedOut(
            available_now=expected.available_now,
            next_reply_at=next_at.astimezone(UTC) if next_at is not None else None,
        )
    return Status(
        201, MessageSent.model_validate({**message_out(message), "reply_expected": reply})
    )


def _unread_for_staff(user: User) -> QuerySet[Client]:
    """Clients in USER's conversations with messages no advocate has opened yet, the longest
    waiting first."""
    waiting = Q(messages__from_client=True, messages__read_at__isnull=True)
    return (
        inbox_of(user)
        .filter(unread__gt=0)  # type: ignore[misc]  # annotated in inbox_of, unseen by the stubs
        .annotate(since=Min("messages__sent_at", filter=waiting))
        .order_by("since", "pk")
    )


def _unread_out(client: Client, unread: int, since: datetime) -> UnreadOut:
    return UnreadOut(
        client_id=client.public_id,
        preferred_name=client.preferred_name,
        unread=unread,
        since=since,
    )


@router.get(
    "/messages/unread",
    response={200: Page[UnreadOut], **errors(401, 422)},
    summary="Conversations with messages you have not opened yet",
    description="Staff: the clients whose conversations they may read (READ_MESSAGES) with "
    "messages no advocate has opened yet, the longest waiting first. A client: their own "
    "conversation, if their advocates wrote something they have not opened.",
)
def list_unread(request: HttpRequest, page: Query[PageParams]) -> Page[UnreadOut]:
    user = caller(request)
    own = own_client(user)
    if own is None:
        rows, count = paginate(_unread_for_staff(user), page)
        audit_list_view(user, rows)
        loaded: list[Any] = rows
        return Page[UnreadOut](
            items=[_unread_out(c, c.unread, c.since) for c in loaded], count=count
        )
    totals = (
        Message.objects.unread_by_client()
        .filter(client=own)
        .aggregate(unread=Count("id"), since=Min("sent_at"))
    )
    items = [_unread_out(own, totals["unread"], totals["since"])] if totals["unread"] else []
    shown = items[page.offset : page.offset + page.limit]
    if shown:
        audit_client_event(user, own, Action.VIEW)
    return Page[UnreadOut](items=shown, count=len(items))
