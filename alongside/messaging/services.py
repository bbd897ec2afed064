"""Sending messages and read receipts: the one way a message enters the system.

The portal, the staff conversation page and the API all call `send_message()` and
`mark_read()`. The message, its audit row and the "new message" notices are saved in one
transaction; a notice says only "You have a new message in Alongside" and links in.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit.models import Action, Outcome
from alongside.clients.access import audit_client_event
from alongside.clients.models import Client
from alongside.messaging import notices
from alongside.messaging.access import is_current_advocate, is_own
from alongside.messaging.models import BODY_LENGTH, Message, WorkingDay
from alongside.organizations.models import Organization


class NoAdvocate(ValidationError):
    """The client has nobody to write to right now."""


def clean_body(body: Any) -> str:
    """Return BODY trimmed; raise ValidationError({"body": …}) if it cannot be sent."""
    text = body.strip() if isinstance(body, str) else ""
    if not text:
        raise ValidationError({"body": "Write a message before sending."})
    if len(text) > BODY_LENGTH:
        raise ValidationError({"body": f"Use at most {BODY_LENGTH} characters."})
    if "\x00" in text:
        raise ValidationError({"body": "Remove the null character."})
    return text


def send_message(sender: Any, client: Client, body: Any, *, now: datetime | None = None) -> Message:
    """Add SENDER's message to CLIENT's conversation and notify the other side.

    SENDER is the client's own account or one of the client's current advocates;
    anyone else gets PermissionDenied. A client without a current advocate gets NoAdvocate
    (the page shows them where to get help instead). Bad text raises ValidationError and
    saves nothing.
    """
    now = now or timezone.now()
    from_client = is_own(sender, client)
    if not from_client and not is_current_advocate(sender, client):
        # Can read the conversation but may not write in it (a supervisor): a refused
        # attempt on a record the person can see is audited, as the access layer does.
        audit_client_event(
            sender, client, Action.CREATE, object_type="message", outcome=Outcome.DENIED
        )
        raise PermissionDenied
    text = clean_body(body)
    if from_client and not client.assignments.current().exists():
        raise NoAdvocate({"body": "You have no advocate to write to right now."})
    with transaction.atomic():
        message = Message.objects.create(
            organization_id=client.organization_id,
            client=client,
            sender=sender,
            from_client=from_client,
            body=text,
            sent_at=now,
        )
        audit_client_event(sender, client, Action.CREATE, message)
        if from_client:
            notices.notify_advocates(message, now)
        else:
            notices.notify_client(message, now)
    return message


def mark_read(reader: Any, client: Client, *, now: datetime | None = None) -> int:
    """Mark the messages READER has now seen as read; return how many.

    The client reads their advocates' messages; a current advocate reads the client's.
    Anyone else (a supervisor looking over the conversation) leaves them unread.
    """
    now = now or timezone.now()
    if is_own(reader, client):
        unread = Message.objects.unread_by_client()
    elif is_current_advocate(reader, client):
        unread = Message.objects.unread_by_staff()
    else:
        return 0
    return unread.filter(client=client, sent_at__lte=now).update(read_at=now, read_by=reader)


def set_working_week(
    user: Any, organization: Organization, week: dict[int, tuple[time, time]]
) -> None:
    """Replace USER's working week in ORGANIZATION with WEEK (weekday -> (starts, ends)).

    Raise ValidationError, saving nothing, for an empty week, an unknown weekday or a day
    that ends before it starts.
    """
    if not week:
        raise ValidationError("Choose at least one working day.")
    for day, (starts, ends) in week.items():
        if day not in range(7):
            raise ValidationError(f"Unknown weekday {day}.")
        if ends <= starts:
            raise ValidationError("Each day must finish after it starts.")
    with transaction.atomic():
        WorkingDay.objects.filter(organization=organization, user=user).delete()
        WorkingDay.objects.bulk_create(
            WorkingDay(organization=organization, user=user, weekday=day, starts=s, ends=e)
            for day, (s, e) in sorted(week.items())
        )
