"""Daily check-in reminders: once, at the person's own local time, with nothing personal in
the message, and retried when sending fails."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail

from alongside.notifications.channels import DeliveryError
from alongside.notifications.delivery import deliver_due
from alongside.notifications.models import Delivery, ReminderPreference, Status
from alongside.notifications.sweeps import run_sweeps_once
from alongside.testing.personas import make_checkin


def remind(client, at: time, zone: str, channel: str = "email") -> ReminderPreference:
    client.time_zone = zone
    client.email = f"{client.preferred_name.lower()}@example.test"
    client.phone = "+15550001234"
    client.save()
    return ReminderPreference.objects.create(
        organization=client.organization, client=client, local_time=at, channel=channel
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "before", "due"),
    [
        # 08:00 in Chicago (CST, UTC-6) is 14:00 UTC on 2026-11-26.
        ("America/Chicago", utc(2026, 11, 26, 13, 59), utc(2026, 11, 26, 14, 0)),
        # 08:00 in Kolkata (UTC+5:30) is 02:30 UTC.
        ("Asia/Kolkata", utc(2026, 11, 26, 2, 29), utc(2026, 11, 26, 2, 30)),
    ],
)
def test_a_reminder_is_sent_once_at_the_persons_local_time(cast, zone, before, due):
    remind(cast.casey, time(8, 0), zone)
    assert run_sweeps_once(before)["reminders queued"] == 0
    assert mail.outbox == []
    run_sweeps_once(due)
    run_sweeps_once(due + timedelta(minutes=1))
    run_sweeps_once(due + timedelta(hours=1))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["casey@example.test"]


def test_the_next_reminder_comes_the_next_local_day(cast):
    remind(cast.casey, time(8, 0), "America/Chicago")
    run_sweeps_once(utc(2026, 11, 26, 14, 0))
    run_sweeps_once(utc(2026, 11, 27, 14, 0))
    assert len(mail.outbox) == 2


def test_reminder_time_follows_a_daylight_saving_change(cast):
    # 2026-03-08: clocks in Chicago go from CST (UTC-6) to CDT (UTC-5).
    remind(cast.casey, time(8, 0), "America/Chicago")
    run_sweeps_once(utc(2026, 3, 8, 12, 59))  # 07:59 CDT
    assert mail.outbox == []
    run_sweeps_once(utc(2026, 3, 8, 13, 0))  # 08:00 CDT (14:00 UTC under the old offset)
    assert len(mail.outbox) == 1


def test_the_message_says_nothing_about_the_person(cast):
    remind(cast.casey, time(8, 0), "America/Chicago")
    run_sweeps_once(utc(2026, 11, 26, 14, 0))
    message = mail.outbox[0]
    everything = " ".join([message.subject, message.body, message.alternatives[0][0]])
    assert "Casey" not in everything
    assert "Time for your check-in" in message.subject
    assert "/me/" in message.body


def test_no_reminder_after_the_person_already_checked_in_today(cast):
    remind(cast.casey, time(20, 0), "America/Chicago")
    make_checkin(cast.casey, occurred_at=utc(2026, 11, 26, 15, 0))
    run_sweeps_once(utc(2026, 11, 27, 2, 0))  # 20:00 in Chicago, same local day
    assert mail.outbox == []


def test_a_reminder_missed_by_a_long_outage_is_not_sent_hours_late(cast):
    remind(cast.casey, time(8, 0), "America/Chicago")
    run_sweeps_once(utc(2026, 11, 26, 23, 0))  # 17:00 local, nine hours late
    assert mail.outbox == []


def test_disabled_reminders_are_not_sent(cast):
    preference = remind(cast.casey, time(8, 0), "America/Chicago")
    preference.enabled = False
    preference.save()
    run_sweeps_once(utc(2026, 11, 26, 14, 0))
    assert mail.outbox == []


def test_text_message_reminders_go_through_the_sms_adapter(cast, caplog):
    remind(cast.casey, time(8, 0), "America/Chicago", channel="sms")
    with caplog.at_level("INFO", logger="alongside.notifications.channels"):
        run_sweeps_once(utc(2026, 11, 26, 14, 0))
    assert Delivery.objects.get().status == Status.SENT
    assert "Time for your check-in" in caplog.text
    assert "+15550001234" not in caplog.text  # the number is masked in logs


def test_a_failed_send_is_retried_with_back_off_and_then_sent(cast, monkeypatch):
    remind(cast.casey, time(8, 0), "America/Chicago")
    calls = []

    def flaky(self, address, subject, text, html):
        calls.append(address)
        if len(calls) == 1:
            raise DeliveryError("smtp down")

    monkeypatch.setattr("alongside.notifications.channels.EmailSender.send", flaky)
    due = utc(2026, 11, 26, 14, 0)
    run_sweeps_once(due)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.PENDING, 1)
    assert delivery.next_attempt_at == due + timedelta(minutes=1)
    assert deliver_due(due + timedelta(seconds=30)) == 0  # not yet
    assert deliver_due(due + timedelta(minutes=1)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 2)


def test_a_delivery_that_keeps_failing_is_marked_failed_for_staff_to_see(cast, monkeypatch):
    remind(cast.casey, time(8, 0), "America/Chicago")

    def broken(self, *args):
        raise DeliveryError("smtp down")

    monkeypatch.setattr("alongside.notifications.channels.EmailSender.send", broken)
    when = utc(2026, 11, 26, 14, 0)
    run_sweeps_once(when)
    for _ in range(10):
        when += timedelta(hours=5)
        deliver_due(when)
    delivery = Delivery.objects.get()
    assert delivery.status == Status.FAILED
    assert delivery.attempts == 6
    assert delivery.last_error == "smtp down"


def test_an_unexpected_error_counts_as_an_attempt_and_ends_as_failed(cast, monkeypatch):
    remind(cast.casey, time(8, 0), "America/Chicago")

    def crashing(self, *args):
        raise ConnectionResetError("casey@example.test went away")

    monkeypatch.setattr("alongside.notifications.channels.EmailSender.send", crashing)
    when = utc(2026, 11, 26, 14, 0)
    run_sweeps_once(when)
    assert Delivery.objects.get().next_attempt_at == when + timedelta(minutes=1)
    for _ in range(10):
        when += timedelta(hours=5)
        deliver_due(when)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.FAILED, 6)
    assert delivery.last_error == "Unexpected error (ConnectionResetError)"  # no address kept


def test_a_claimed_delivery_is_not_sent_twice_by_two_workers(cast):
    from alongside.notifications.delivery import deliver_one

    remind(cast.casey, time(8, 0), "America/Chicago")
    due = utc(2026, 11, 26, 14, 0)
    from alongside.notifications.reminders import queue_due_checkin_reminders

    queue_due_checkin_reminders(due)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(claimed_until=due + timedelta(minutes=2))
    assert deliver_one(delivery.pk, due) is False
    assert mail.outbox == []
