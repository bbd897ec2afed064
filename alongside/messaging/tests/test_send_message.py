"""Sending a message: who may, what is saved and audited, and which notices are queued."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alongside.audit.models import AccessEvent, Action
from alongside.clients.services import assign_advocate, end_assignment
from alongside.messaging.models import Message, WorkingDay
from alongside.messaging.services import NoAdvocate, mark_read, send_message
from alongside.messaging.tests.conftest import (
    THURSDAY_9AM,
    WEDNESDAY_8PM,
    WEDNESDAY_10AM,
)
from alongside.notifications.models import Channel, Delivery, Kind, ReminderPreference


def test_a_client_message_is_saved_and_audited(cast, casey_online):
    message = send_message(casey_online.user, casey_online, "  Rough night, can we talk?  ")
    assert message.from_client
    assert message.body == "Rough night, can we talk?"
    event = AccessEvent.objects.get(object_public_id=message.public_id)
    assert (event.action, event.role, event.client_id) == (Action.CREATE, "client", casey_online.pk)


def test_an_advocate_reply_is_saved_and_audited(cast, casey_online):
    message = send_message(cast.ana, casey_online, "I can call at 3.")
    assert not message.from_client
    assert AccessEvent.objects.filter(object_public_id=message.public_id, role="pra").exists()


@pytest.mark.parametrize("who", ["sam", "ben", "cleo", "dana", "alex", "oscar"])
def test_only_current_advocates_write_to_a_client(cast, casey_online, who):
    with pytest.raises(PermissionDenied):
        send_message(getattr(cast, who), casey_online, "Hello")
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Write a message before sending."),
        ("   ", "Write a message before sending."),
        ("x" * 2001, "Use at most 2000 characters."),
        ("bad\x00text", "Remove the null character."),
        (None, "Write a message before sending."),
    ],
)
def test_a_message_that_cannot_be_sent_saves_nothing(cast, casey_online, body, error):
    with pytest.raises(ValidationError) as raised:
        send_message(casey_online.user, casey_online, body)
    assert raised.value.message_dict == {"body": [error]}
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()


def test_a_client_without_an_advocate_is_told_so(cast, casey_online):
    for assignment in casey_online.assignments.current():
        end_assignment(cast.sam, assignment)
    with pytest.raises(NoAdvocate):
        send_message(casey_online.user, casey_online, "Anyone there?")
    assert not Message.objects.exists()


def test_in_working_hours_the_advocate_is_notified_at_once(cast, casey_online):
    send_message(casey_online.user, casey_online, "Hi", now=WEDNESDAY_10AM)
    notice = Delivery.objects.get(kind=Kind.MESSAGE_FOR_STAFF)
    assert (notice.address, notice.channel) == ("ana@hope.test", Channel.EMAIL)
    assert notice.next_attempt_at == WEDNESDAY_10AM


def test_out_of_hours_the_advocate_notice_waits_for_their_next_start(cast, casey_online):
    send_message(casey_online.user, casey_online, "Hi", now=WEDNESDAY_8PM)
    notice = Delivery.objects.get(kind=Kind.MESSAGE_FOR_STAFF)
    assert notice.next_attempt_at == THURSDAY_9AM


def test_the_advocate_own_hours_decide_when_they_hear(cast, casey_online):
    # Ana works evenings on Wednesdays: 6 PM to 10 PM.
    WorkingDay.objects.create(
        organization=cast.org, user=cast.ana, weekday=2, starts=time(18), ends=time(22)
    )
    send_message(casey_online.user, casey_online, "Hi", now=WEDNESDAY_8PM)
    assert Delivery.objects.get(kind=Kind.MESSAGE_FOR_STAFF).next_attempt_at == WEDNESDAY_8PM


def test_several_unread_messages_make_one_notice(cast, casey_online):
    for text in ("Hi", "Are you there?", "Never mind, call me later"):
        send_message(casey_online.user, casey_online, text, now=WEDNESDAY_10AM)
    assert Delivery.objects.filter(kind=Kind.MESSAGE_FOR_STAFF).count() == 1


def test_a_message_after_the_advocate_caught_up_makes_a_new_notice(cast, casey_online):
    send_message(casey_online.user, casey_online, "Hi", now=WEDNESDAY_10AM)
    mark_read(cast.ana, casey_online)
    send_message(casey_online.user, casey_online, "One more thing", now=WEDNESDAY_10AM)
    assert Delivery.objects.filter(kind=Kind.MESSAGE_FOR_STAFF).count() == 2


def test_every_current_advocate_is_notified(cast, casey_online):
    assign_advocate(cast.sam, casey_online, cast.ben)
    send_message(casey_online.user, casey_online, "Hi", now=WEDNESDAY_10AM)
    addresses = set(Delivery.objects.values_list("address", flat=True))
    assert addresses == {"ana@hope.test", "ben@hope.test"}


def test_a_reply_notifies_the_client_by_email(cast, casey_online):
    send_message(cast.ana, casey_online, "Call me", now=WEDNESDAY_10AM)
    notice = Delivery.objects.get(kind=Kind.MESSAGE_FOR_CLIENT)
    assert (notice.address, notice.channel) == ("casey@example.test", Channel.EMAIL)


def test_a_reply_uses_the_text_channel_the_client_chose(cast, casey_online):
    casey_online.phone = "+15555550123"
    casey_online.save()
    ReminderPreference.objects.create(
        organization=cast.org, client=casey_online, local_time=time(9), channel=Channel.SMS
    )
    send_message(cast.ana, casey_online, "Call me", now=WEDNESDAY_10AM)
    notice = Delivery.objects.get(kind=Kind.MESSAGE_FOR_CLIENT)
    assert (notice.address, notice.channel) == ("+15555550123", Channel.SMS)


def test_an_evening_reply_reaches_the_client_at_once(cast, casey_online):
    # 8 PM in Casey's zone (the organization's) is before quiet hours (9 PM to 8 AM).
    send_message(cast.ana, casey_online, "Thinking of you", now=WEDNESDAY_8PM)
    assert Delivery.objects.get(kind=Kind.MESSAGE_FOR_CLIENT).next_attempt_at == WEDNESDAY_8PM


def test_a_reply_in_the_client_night_waits_until_their_morning(cast, casey_online):
    ten_pm = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)  # Wednesday 10 PM in Chicago
    send_message(cast.ana, casey_online, "Sleep well", now=ten_pm)
    eight_am = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    assert Delivery.objects.get(kind=Kind.MESSAGE_FOR_CLIENT).next_attempt_at == eight_am


def test_a_client_without_a_portal_account_gets_no_notice(cast):
    send_message(cast.ana, cast.jordan, "Hello Jordan", now=WEDNESDAY_10AM)
    assert not Delivery.objects.exists()
