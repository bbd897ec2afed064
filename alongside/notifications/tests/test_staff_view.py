"""Staff see a person's reminder setting and any reminder that could not be delivered."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from alongside.notifications.models import Delivery, ReminderPreference, Status
from alongside.testing.personas import login


def profile(client, person) -> str:
    return client.get(f"/clients/{person.public_id}/").content.decode()


def failed_delivery(person, **fields) -> Delivery:
    values = {
        "organization": person.organization,
        "client": person,
        "kind": "checkin_reminder",
        "channel": "email",
        "address": "casey@example.test",
        "dedupe_key": f"test:{person.pk}:{fields.get('status', 'failed')}",
        "next_attempt_at": timezone.now() + timedelta(minutes=5),
    }
    values.update(fields)
    return Delivery.objects.create(**values)


def test_the_profile_shows_the_reminder_time(client, cast):
    ReminderPreference.objects.create(
        organization=cast.org, client=cast.casey, local_time=time(19, 0)
    )
    login(client, cast.ana)
    assert "Every day at 7:00 p.m. their time, by e-mail." in profile(client, cast.casey)


def test_a_reminder_that_failed_for_good_is_shown_to_staff(client, cast):
    failed_delivery(cast.casey, status=Status.FAILED, attempts=6, last_error="smtp down")
    login(client, cast.ana)
    body = profile(client, cast.casey)
    assert "Not delivered" in body and "failed after 6 attempts (smtp down)" in body


def test_a_reminder_being_retried_is_shown_to_staff(client, cast):
    failed_delivery(cast.casey, status=Status.PENDING, attempts=2, last_error="smtp down")
    login(client, cast.ana)
    assert "Retrying" in profile(client, cast.casey)


def test_without_reminders_the_profile_says_who_sets_them(client, cast):
    login(client, cast.ana)
    assert "People choose their own reminder time in the portal." in profile(client, cast.casey)
