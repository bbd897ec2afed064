"""Changing a group after it was created: cancelling one session (and restoring it), the
weekly schedule, and who facilitates it."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.groups.models import Attendance, Schedule, Session, Status
from alongside.groups.services import Mark, record_attendance
from alongside.groups.tests.conftest import make_session
from alongside.testing.personas import give_portal_account, login

pytestmark = pytest.mark.django_db


def cancel_url(session) -> str:
    return reverse("groups:cancel", args=[session.public_id])


def restore_url(session) -> str:
    return reverse("groups:restore", args=[session.public_id])


def cancelled(session) -> bool:
    return Session.objects.get(pk=session.pk).cancelled


# --- Cancelling one session ---------------------------------------------------------------


def test_facilitator_is_asked_to_confirm_before_a_session_is_cancelled(client, cast, group):
    future = make_session(group, starts_in=timedelta(days=2))
    login(client, cast.ana)

    page = client.get(cancel_url(future))

    assert page.status_code == 200
    assert "Yes, cancel this session" in page.text
    assert not cancelled(future)


def test_cancelling_without_the_confirmation_is_refused_and_changes_nothing(client, cast, group):
    future = make_session(group, starts_in=timedelta(days=2))
    login(client, cast.ana)

    response = client.post(cancel_url(future), {})

    assert response.status_code == 422
    assert "Tick the box to confirm" in response.text
    assert not cancelled(future)


def test_confirmed_cancel_cancels_that_one_session_only(client, cast, group):
    future = make_session(group, starts_in=timedelta(days=2))
    later = make_session(group, starts_in=timedelta(days=9))
    login(client, cast.ana)

    response = client.post(cancel_url(future), {"confirm": "on"})

    assert response.status_code == 302
    assert cancelled(future)
    assert not cancelled(later)
    assert Schedule.objects.get(group=group).weekdays == [1]


def test_cancelled_session_can_be_restored_while_it_is_in_the_future(client, cast, group):
    future = make_session(group, starts_in=timedelta(days=2))
    Session.objects.filter(pk=future.pk).update(cancelled=True)
    login(client, cast.ana)

    response = client.post(restore_url(future))

    assert response.status_code == 302
    assert not cancelled(future)


def test_a_past_session_cannot_be_restored_or_cancelled(client, cast, group):
    past = make_session(group, starts_in=timedelta(hours=-2))
    login(client, cast.ana)

    assert client.post(cancel_url(past), {"confirm": "on"}).status_code == 422
    assert not cancelled(past)
    Session.objects.filter(pk=past.pk).update(cancelled=True)
    response = client.post(restore_url(past))
    assert response.status_code == 422
    assert "cannot be restored" in response.text
    assert cancelled(past)


def test_only_a_facilitator_may_cancel_or_restore(client, cast, group):
    future = make_session(group, starts_in=timedelta(days=2))
    for user in (cast.sam, cast.dana, cast.ben):
        login(client, user)
        assert client.post(cancel_url(future), {"confirm": "on"}).status_code in (403, 404)
        assert client.post(restore_url(future)).status_code in (403, 404)
    login(client, cast.oscar)
    assert client.post(cancel_url(future), {"confirm": "on"}).status_code == 404
    assert not cancelled(future)


def test_attendance_cannot_be_taken_for_a_cancelled_session(client, cast, group):
    session = make_session(group)
    Session.objects.filter(pk=session.pk).update(cancelled=True)
    session.refresh_from_db()
    login(client, cast.ana)

    page = client.get(reverse("groups:attendance", args=[session.public_id]))
    response = client.post(
        reverse("groups:attendance", args=[session.public_id]),
        {f"status-{cast.casey.public_id}": "present", "note": ""},
    )

    assert "attendance cannot be taken" in page.text
    assert "Save attendance" not in page.text
    assert response.status_code == 422
    assert not Attendance.objects.exists()


def test_roster_client_sees_the_cancelled_session_as_cancelled_in_the_portal(client, cast, group):
    future = make_session(group, starts_in=timedelta(days=2))
    Session.objects.filter(pk=future.pk).update(cancelled=True)
    login(client, give_portal_account(cast.casey, "casey@example.test"))

    page = client.get("/me/").text

    assert "Evening step study" in page
    assert "(cancelled)" in page
    assert "This session will not take place." in page


def test_cancelled_session_is_shown_in_spanish(client, cast, group):
    future = make_session(group, starts_in=timedelta(days=2))
    Session.objects.filter(pk=future.pk).update(cancelled=True)
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    login(client, give_portal_account(cast.casey, "casey@example.test"))

    assert "(cancelada)" in client.get("/me/").text


# --- Changing the schedule ------------------------------------------------------------------


def schedule_url(group) -> str:
    return reverse("groups:schedule", args=[group.public_id])


def local(group, session) -> tuple[int, int, int]:
    at = session.starts_at.astimezone(ZoneInfo(group.organization.time_zone))
    return at.weekday(), at.hour, at.minute


def test_future_unheld_sessions_follow_a_new_schedule(client, cast, group):
    from alongside.groups.services import materialize_sessions

    materialize_sessions(group)
    login(client, cast.ana)

    response = client.post(
        schedule_url(group),
        {"weekdays": ["3"], "start_time": "17:30", "minutes": "90", "exceptions": ""},
    )

    assert response.status_code == 302
    future = list(Session.objects.filter(group=group, starts_at__gt=timezone.now()))
    assert future
    assert {local(group, s) for s in future} == {(3, 17, 30)}
    assert {s.minutes for s in future} == {90}
    schedule = Schedule.objects.get(group=group)
    assert (schedule.weekdays, schedule.start_time) == ([3], time(17, 30))


def test_past_and_held_sessions_never_change(client, cast, group):
    past = make_session(group, starts_in=timedelta(days=-7))
    held = make_session(group, starts_in=timedelta(minutes=-10))
    record_attendance(cast.ana, held, {cast.casey.pk: Mark(Status.PRESENT)}, "")
    before = {s.pk: (s.starts_at, s.minutes) for s in (past, held)}
    login(client, cast.ana)

    client.post(
        schedule_url(group),
        {"weekdays": ["5"], "start_time": "09:00", "minutes": "30", "exceptions": ""},
    )

    after = {s.pk: (s.starts_at, s.minutes) for s in Session.objects.filter(pk__in=before)}
    assert after == before


def test_a_skipped_date_removes_that_future_session(client, cast, group):
    from alongside.groups.services import materialize_sessions

    materialize_sessions(group)
    first = Session.objects.filter(group=group, starts_at__gt=timezone.now()).first()
    day = first.starts_at.astimezone(ZoneInfo(group.organization.time_zone)).date()
    login(client, cast.ana)

    client.post(
        schedule_url(group),
        {"weekdays": ["1"], "start_time": "18:00", "minutes": "60", "exceptions": str(day)},
    )

    assert not Session.objects.filter(pk=first.pk).exists()
    assert Schedule.objects.get(group=group).exceptions == [day.isoformat()]


def test_a_cancelled_session_that_still_fits_stays_cancelled(client, cast, group):
    from alongside.groups.services import materialize_sessions

    materialize_sessions(group)
    first = Session.objects.filter(group=group, starts_at__gt=timezone.now()).first()
    Session.objects.filter(pk=first.pk).update(cancelled=True)
    login(client, cast.ana)

    client.post(
        schedule_url(group),
        {"weekdays": ["1", "3"], "start_time": "18:00", "minutes": "60", "exceptions": ""},
    )

    assert Session.objects.get(pk=first.pk).cancelled


@pytest.mark.parametrize(
    "bad",
    [
        {"weekdays": []},
        {"weekdays": ["9"]},
        {"start_time": "25:99"},
        {"minutes": "5"},
        {"exceptions": "next Tuesday"},
    ],
)
def test_bad_schedule_is_refused_and_nothing_changes(client, cast, group, bad):
    from alongside.groups.services import materialize_sessions

    materialize_sessions(group)
    sessions = set(Session.objects.filter(group=group).values_list("pk", "starts_at", "minutes"))
    data = {"weekdays": ["3"], "start_time": "17:30", "minutes": "90", "exceptions": ""}
    data.update(bad)
    login(client, cast.ana)

    response = client.post(schedule_url(group), data)

    assert response.status_code == 422
    schedule = Schedule.objects.get(group=group)
    assert (schedule.weekdays, schedule.start_time, schedule.exceptions) == ([1], time(18), [])
    assert set(Session.objects.filter(group=group).values_list("pk", "starts_at", "minutes")) == (
        sessions
    )


def test_only_a_facilitator_may_change_the_schedule(client, cast, group):
    login(client, cast.sam)
    data = {"weekdays": ["3"], "start_time": "17:30", "minutes": "90", "exceptions": ""}

    assert client.post(schedule_url(group), data).status_code == 403
    assert Schedule.objects.get(group=group).weekdays == [1]


# --- Facilitators ---------------------------------------------------------------------------


def facilitators_url(group) -> str:
    return reverse("groups:facilitators", args=[group.public_id])


def test_facilitator_adds_and_removes_a_colleague(client, cast, group):
    login(client, cast.ana)

    added = client.post(facilitators_url(group), {"action": "add", "user": cast.ben.public_id})
    assert added.status_code == 302
    assert set(group.facilitators.all()) == {cast.ana, cast.ben}

    removed = client.post(facilitators_url(group), {"action": "remove", "user": cast.ben.public_id})
    assert removed.status_code == 302
    assert list(group.facilitators.all()) == [cast.ana]


def test_a_new_facilitator_may_then_take_attendance(client, cast, group):
    session = make_session(group)
    login(client, cast.ana)
    client.post(facilitators_url(group), {"action": "add", "user": cast.sam.public_id})
    login(client, cast.sam)

    assert client.get(reverse("groups:attendance", args=[session.public_id])).status_code == 200


@pytest.mark.parametrize(
    ("action", "who"),
    [
        ("add", "cleo"),  # a clinician does not run groups
        ("add", "oscar"),  # another organization
        ("add", "nobody"),
        ("remove", "ana"),  # the last facilitator
        ("remove", "ben"),  # not a facilitator
        ("explode", "ben"),
    ],
)
def test_bad_facilitator_change_is_refused_and_nothing_changes(client, cast, group, action, who):
    login(client, cast.ana)
    user = "not-a-uuid" if who == "nobody" else getattr(cast, who).public_id

    response = client.post(facilitators_url(group), {"action": action, "user": user})

    assert response.status_code == 422
    assert "Nothing was changed" in response.text
    assert list(group.facilitators.all()) == [cast.ana]


def test_only_a_facilitator_may_change_facilitators(client, cast, group):
    login(client, cast.ben)

    response = client.post(facilitators_url(group), {"action": "add", "user": cast.ben.public_id})

    assert response.status_code in (403, 404)
    assert list(group.facilitators.all()) == [cast.ana]


# --- Directors and the calendar link --------------------------------------------------------


def test_director_sees_groups_without_a_calendar_link_or_attendance_links(client, cast, group):
    make_session(group)
    login(client, cast.dana)

    page = client.get(reverse("groups:list"))

    assert page.status_code == 200
    assert "Evening step study" in page.text
    assert reverse("groups:calendar") not in page.text
    assert "/attendance/" not in page.text
    assert client.get(reverse("groups:calendar")).status_code == 403


def test_advocate_sees_the_calendar_link_and_may_open_it(client, cast, group):
    make_session(group)
    login(client, cast.ana)

    page = client.get(reverse("groups:list"))

    assert reverse("groups:calendar") in page.text
    assert "/attendance/" in page.text
    assert client.get(reverse("groups:calendar")).status_code == 200
