"""The "new message" notices: wording without client data, and skipped once read."""

from __future__ import annotations

from django.core import mail

from alongside.messaging.services import mark_read, send_message
from alongside.messaging.tests.conftest import THURSDAY_9AM, WEDNESDAY_8PM, WEDNESDAY_10AM
from alongside.notifications.delivery import deliver_due
from alongside.notifications.models import Delivery, Kind, Status

SECRET = "I used last night and I'm scared"


def test_the_advocate_notice_says_only_that_there_is_a_message(cast, casey_online):
    send_message(casey_online.user, casey_online, SECRET, now=WEDNESDAY_10AM)
    assert deliver_due(WEDNESDAY_10AM) == 1
    [email] = mail.outbox
    assert email.to == ["ana@hope.test"]
    assert email.subject == "You have a new message in Alongside"
    everything = email.subject + email.body + str(email.alternatives)
    assert SECRET not in everything
    assert "Casey" not in everything
    assert "/messages/" in email.body


def test_the_client_notice_says_only_that_there_is_a_message(cast, casey_online):
    send_message(cast.ana, casey_online, "Your ID appointment is Friday", now=WEDNESDAY_10AM)
    deliver_due(WEDNESDAY_10AM)
    [email] = mail.outbox
    assert email.to == ["casey@example.test"]
    everything = email.subject + email.body + str(email.alternatives)
    assert "ID appointment" not in everything
    assert "Ana" not in everything
    assert "/me/messages/" in email.body


def test_a_held_notice_is_skipped_when_the_message_was_read_meanwhile(cast, casey_online):
    send_message(casey_online.user, casey_online, "Hi", now=WEDNESDAY_8PM)
    mark_read(cast.ana, casey_online)  # Ana looked in the evening anyway
    assert deliver_due(THURSDAY_9AM) == 0
    assert mail.outbox == []
    assert Delivery.objects.get(kind=Kind.MESSAGE_FOR_STAFF).status == Status.SKIPPED


def test_a_held_notice_is_sent_at_the_start_of_working_hours(cast, casey_online):
    send_message(casey_online.user, casey_online, "Hi", now=WEDNESDAY_8PM)
    assert deliver_due(WEDNESDAY_8PM) == 0
    assert deliver_due(THURSDAY_9AM) == 1
    assert mail.outbox[0].to == ["ana@hope.test"]


def test_no_notice_reaches_an_advocate_who_no_longer_works_with_the_client(cast, casey_online):
    from alongside.clients.services import transfer

    send_message(casey_online.user, casey_online, "Hi", now=WEDNESDAY_8PM)
    transfer(cast.sam, casey_online.assignments.current().get(), cast.ben)
    deliver_due(THURSDAY_9AM)
    assert "ana@hope.test" not in [address for email in mail.outbox for address in email.to]
