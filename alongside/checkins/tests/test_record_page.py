"""The staff page for recording a check-in on a client's behalf (e.g. during a phone call)."""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.checkins.models import CheckIn, Source
from alongside.checkins.wording import AFTER_USE_STAFF
from alongside.testing.personas import login, make_checkin


def url(client: Any) -> str:
    return reverse("checkins:record", args=[client.public_id])


def local_input(moment: datetime, cast: Any) -> str:
    """Return MOMENT as a datetime-local value in the advocate's (organization's) zone."""
    return timezone.localtime(moment, zoneinfo.ZoneInfo(cast.org.time_zone)).strftime(
        "%Y-%m-%dT%H:%M"
    )


def checkin(**changes: Any) -> dict[str, Any]:
    data = {"mood": "4", "craving": "2"}
    data.update(changes)
    return data


# --- The form ------------------------------------------------------------------------------


def test_advocate_sees_the_check_in_form(client, cast):
    login(client, cast.ana)
    response = client.get(url(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Record a check-in for Casey" in body
    for word in ["Very low", "Low", "Okay", "Good", "Great"]:
        assert f"> {word}</label>" in body
    assert "0 none</label>" in body and "10 strongest</label>" in body
    assert "America/Chicago" in body


def test_every_input_has_a_label(client, cast):
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    ids = re.findall(r'<(?:input|textarea|select)[^>]*\bid="([^"]+)"', body)
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in body, input_id


def test_mood_and_craving_are_grouped_questions(client, cast):
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    assert '<legend>Mood today <span class="required">(required)</span></legend>' in body
    assert '<legend>Craving <span class="required">(required)</span></legend>' in body
    assert body.count('type="radio" name="mood"') == 5
    assert body.count('type="radio" name="craving"') == 11


def test_form_starts_at_now_in_the_advocates_zone(client, cast):
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    today = local_input(timezone.now(), cast)[:10]
    assert f'name="occurred_at" value="{today}T' in body


def test_form_uses_person_first_words(client, cast):
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode().lower()
    for word in ["clean", "dirty", "relapse", "addict"]:
        assert word not in body


def test_opening_the_form_is_audited(client, cast):
    login(client, cast.ana)
    client.get(url(cast.casey))
    assert AccessEvent.objects.filter(
        action=Action.VIEW, client_id=cast.casey.pk, user_id=cast.ana.pk
    ).exists()


# --- Recording ----------------------------------------------------------------------------


def test_advocate_records_a_check_in_from_a_phone_call(client, cast):
    login(client, cast.ana)
    response = client.post(
        url(cast.casey),
        checkin(
            sleep_hours="7.5",
            sleep_quality="good",
            went_well="Went to a meeting.",
            wants_contact="on",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[cast.casey.public_id])
    row = CheckIn.objects.get()
    assert row.client == cast.casey
    assert (row.mood, row.craving) == (4, 2)
    assert (row.sleep_hours, row.sleep_quality) == (Decimal("7.5"), "good")
    assert row.went_well == "Went to a meeting."
    assert row.wants_contact is True
    assert row.used_since_last is False
    assert (row.source, row.recorded_by) == (Source.STAFF, cast.ana)


def test_recorded_check_in_is_confirmed_and_shown_on_the_profile(client, cast):
    login(client, cast.ana)
    response = client.post(url(cast.casey), checkin(mood="2", craving="6"), follow=True)
    body = response.content.decode()
    assert "Check-in saved for " in body
    assert "Mood: low" in body
    assert "Craving 6/10" in body
    assert "recorded by Ana Advocate" in body


def test_reported_use_brings_a_non_judgemental_follow_up(client, cast):
    login(client, cast.ana)
    response = client.post(
        url(cast.casey), checkin(used_since_last="on", substance="alcohol"), follow=True
    )
    body = response.content.decode()
    assert "Thank them for being honest" in body
    assert AFTER_USE_STAFF.split(":")[0] in body
    assert CheckIn.objects.get().substance == "alcohol"


def test_no_follow_up_without_reported_use(client, cast):
    login(client, cast.ana)
    body = client.post(url(cast.casey), checkin(), follow=True).content.decode()
    assert "Thank them for being honest" not in body


def test_second_check_in_the_same_day_updates_it(client, cast):
    login(client, cast.ana)
    client.post(url(cast.casey), checkin(mood="1"))
    client.post(url(cast.casey), checkin(mood="5"))
    assert list(CheckIn.objects.values_list("mood", flat=True)) == [5]


def test_check_in_counts_for_the_clients_own_day(client, cast):
    cast.casey.time_zone = "Pacific/Kiritimati"
    cast.casey.save(update_fields=["time_zone"])
    login(client, cast.ana)
    # 05:30 on Jan 1 in Chicago (the advocate's zone) is 01:30 on Jan 2 in Kiritimati.
    client.post(url(cast.casey), checkin(occurred_at="2025-01-01T05:30"))
    row = CheckIn.objects.get()
    assert row.occurred_at == datetime(2025, 1, 1, 11, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert row.local_date == date(2025, 1, 2)


def test_check_in_keeps_the_time_it_was_taken(client, cast):
    when = timezone.now() - timedelta(days=2)
    login(client, cast.ana)
    client.post(url(cast.casey), checkin(occurred_at=local_input(when, cast)))
    assert abs(CheckIn.objects.get().occurred_at - when) < timedelta(minutes=1)


def test_recording_a_check_in_is_audited(client, cast):
    login(client, cast.ana)
    client.post(url(cast.casey), checkin())
    row = CheckIn.objects.get()
    event = AccessEvent.objects.get(action=Action.CREATE)
    assert (event.object_type, event.object_public_id) == ("checkin", str(row.public_id))
    assert (event.user_id, event.client_id) == (cast.ana.pk, cast.casey.pk)


def test_supervisor_may_record_for_their_team(client, cast):
    login(client, cast.sam)
    assert client.post(url(cast.riley), checkin()).status_code == 302
    assert CheckIn.objects.get().recorded_by == cast.sam


# --- Refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_record_page_refuses_other_methods(client, cast, method):
    login(client, cast.ana)
    assert getattr(client, method)(url(cast.casey)).status_code == 405
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("persona", ["oscar", "ben", "alex"])
def test_staff_outside_the_clients_scope_get_not_found(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(cast.casey)).status_code == 404
    response = client.post(url(cast.casey), checkin())
    assert response.status_code == 404
    assert b"Casey" not in response.content
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_roles_that_see_the_client_but_do_not_record_are_refused(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(cast.casey)).status_code == 403
    assert client.post(url(cast.casey), checkin()).status_code == 403
    assert not CheckIn.objects.exists()


def test_refused_check_in_is_audited_as_denied(client, cast):
    login(client, cast.cleo)
    client.post(url(cast.casey), checkin())
    assert AccessEvent.objects.filter(
        user_id=cast.cleo.pk, client_id=cast.casey.pk, outcome=Outcome.DENIED
    ).exists()


def test_a_client_cannot_use_the_staff_page(client, cast, casey_account):
    login(client, casey_account)
    assert client.post(url(cast.casey), checkin()).status_code == 404
    assert not CheckIn.objects.exists()


def test_record_page_requires_sign_in(client, cast):
    response = client.post(url(cast.casey), checkin())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not CheckIn.objects.exists()


# (the change to a valid check-in, given the cast; the message the page must show)
BAD_CHECKINS = [
    pytest.param(lambda cast: {"mood": ""}, "This field is required.", id="no-mood"),
    pytest.param(
        lambda cast: {"mood": "9"},
        "Select a valid choice. 9 is not one of the available choices.",
        id="mood-9",
    ),
    pytest.param(lambda cast: {"craving": ""}, "This field is required.", id="no-craving"),
    pytest.param(
        lambda cast: {"craving": "11"},
        "Select a valid choice. 11 is not one of the available choices.",
        id="craving-11",
    ),
    pytest.param(
        lambda cast: {"substance": "alcohol"},
        "Leave the substance empty unless use since the last check-in is marked.",
        id="substance-without-use",
    ),
    pytest.param(
        lambda cast: {"sleep_hours": "25"},
        "Ensure this value is less than or equal to 24.",
        id="sleep-over-a-day",
    ),
    pytest.param(
        lambda cast: {"sleep_hours": "-1"},
        "Ensure this value is greater than or equal to 0.",
        id="sleep-negative",
    ),
    pytest.param(
        lambda cast: {"sleep_quality": "great"},
        "Select a valid choice. great is not one of the available choices.",
        id="unknown-sleep-quality",
    ),
    pytest.param(
        lambda cast: {"went_well": "x" * 2001},
        "Ensure this value has at most 2000 characters (it has 2001).",
        id="went-well-too-long",
    ),
    pytest.param(
        lambda cast: {"occurred_at": local_input(timezone.now() + timedelta(minutes=30), cast)},
        "A check-in cannot be in the future.",
        id="in-the-future",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_CHECKINS)
def test_bad_check_in_is_shown_with_its_error_and_saves_nothing(client, cast, change, message):
    login(client, cast.ana)
    response = client.post(url(cast.casey), checkin(**change(cast)))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert message in body
    assert not CheckIn.objects.exists()
    assert not AccessEvent.objects.filter(action=Action.CREATE).exists()


def test_bad_check_in_leaves_that_days_earlier_answers_alone(client, cast):
    earlier = make_checkin(cast.casey, occurred_at=timezone.now(), mood=2)
    login(client, cast.ana)
    assert client.post(url(cast.casey), checkin(mood="5", craving="")).status_code == 422
    earlier.refresh_from_db()
    assert earlier.mood == 2


def test_bad_check_in_keeps_what_was_typed(client, cast):
    login(client, cast.ana)
    response = client.post(url(cast.casey), checkin(mood="", went_well="Cooked dinner."))
    body = response.content.decode()
    assert "Cooked dinner." in body
    assert 'name="craving" value="2" id="id_craving_2" required checked' in body
    assert '<fieldset aria-describedby="id_mood-errors">' in body
