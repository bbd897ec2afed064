"""The "You have a new message in Alongside" notices, and when they may be sent.

One notice per recipient per run of unread messages: the key names the first message the
recipient has not read, so five messages in a row make one notice, and a message after the
recipient caught up makes a new one. An advocate's notice waits for their working hours; a
client's waits out their quiet hours. A notice held back is skipped if the messages were
read meanwhile (registered with notifications.delivery.STILL_NEEDED in apps.py).
"""

from __future__ import annotations

from datetime import datetime

from alongside.accounts.models import User
from alongside.clients.models import Client
from alongside.messaging.hours import weeks_of
from alongside.messaging.models import Message
from alongside.notifications.delivery import queue_notice
from alongside.notifications.models import Channel, Delivery, Kind, ReminderPreference
from alongside.notifications.quiet import after_quiet_hours
from alongside.organizations.models import Organization


def _first_unread(client: Client, *, from_client: bool) -> Message | None:
    unread = Message.objects.filter(client=client, from_client=from_client, read_at__isnull=True)
    return unread.order_by("sent_at", "id").first()


def notify_advocates(message: Message, now: datetime) -> None:
    client = message.client
    first = _first_unread(client, from_client=True) or message
    advocates = [
        a.advocate
        for a in client.assignments.current().select_related("advocate")
        if a.advocate.is_active and a.advocate.email
    ]
    organization = Organization.objects.get(pk=client.organization_id)
    weeks = weeks_of(advocates, organization)
    for advocate in advocates:
        week = weeks[advocate.pk]
        send_at = now if week.is_working(now) else (week.next_start(now) or now)
        queue_notice(
            client,
            kind=Kind.MESSAGE_FOR_STAFF,
            channel=Channel.EMAIL,
            address=advocate.email,
            dedupe_key=f"message:{client.pk}:advocate:{advocate.pk}:{first.pk}",
            send_at=send_at,
        )


def _client_address(client: Client) -> tuple[str, str] | None:
    """The channel and address a person is reached on: their reminder channel if they set
    one, else e-mail, else text message; None if there is no way to reach them."""
    preference = ReminderPreference.objects.filter(client=client).first()
    options = [(Channel.EMAIL, client.email), (Channel.SMS, client.phone)]
    if preference is not None and preference.channel == Channel.SMS:
        options.reverse()
    return next(((channel, address) for channel, address in options if address), None)


def notify_client(message: Message, now: datetime) -> None:
    client = message.client
    if client.user_id is None:
        return  # no portal account: nothing to open, so nothing to announce
    reach = _client_address(client)
    if reach is None:
        return
    first = _first_unread(client, from_client=False) or message
    queue_notice(
        client,
        kind=Kind.MESSAGE_FOR_CLIENT,
        channel=reach[0],
        address=reach[1],
        dedupe_key=f"message:{client.pk}:client:{first.pk}",
        send_at=after_quiet_hours(client.time_zone, now),
    )


def still_unread(delivery: Delivery) -> bool:
    """True while the messages the notice announces are still unread by its recipient."""
    if delivery.kind == Kind.MESSAGE_FOR_CLIENT:
        unread = Message.objects.unread_by_client()
    else:
        unread = Message.objects.unread_by_staff()
        advocate = User.objects.filter(email=delivery.address).first()
        if (
            advocate is None
            or not delivery.client.assignments.current().filter(advocate=advocate).exists()
        ):
            return False  # no longer this person's client: say nothing
    return unread.filter(client_id=delivery.client_id).exists()
