"""Read receipts: who marks which messages read."""

from __future__ import annotations

from alongside.messaging.models import Message
from alongside.messaging.services import mark_read, send_message


def test_opening_the_conversation_marks_the_advocate_messages_read_for_the_client(
    cast, casey_online
):
    reply = send_message(cast.ana, casey_online, "How was the meeting?")
    assert mark_read(casey_online.user, casey_online) == 1
    reply.refresh_from_db()
    assert reply.read_at is not None
    assert reply.read_by == casey_online.user


def test_a_current_advocate_marks_the_client_messages_read(cast, casey_online):
    message = send_message(casey_online.user, casey_online, "It went well")
    assert mark_read(cast.ana, casey_online) == 1
    message.refresh_from_db()
    assert message.read_by == cast.ana


def test_reading_never_marks_one_own_messages(cast, casey_online):
    send_message(cast.ana, casey_online, "How was the meeting?")
    assert mark_read(cast.ana, casey_online) == 0
    assert Message.objects.get().read_at is None


def test_a_supervisor_looking_over_the_conversation_leaves_it_unread(cast, casey_online):
    send_message(casey_online.user, casey_online, "It went well")
    assert mark_read(cast.sam, casey_online) == 0
    assert Message.objects.get().read_at is None
