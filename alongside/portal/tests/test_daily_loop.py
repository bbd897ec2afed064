"""The client's daily loop in the portal: "My recovery", today's check-in, wins, reminders."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action
from alongside.checkins.models import CheckIn, Source
from alongside.notifications.models import ReminderPreference
from alongside.recovery.milestones import client_today
from alongside.recovery.services import congratulate, set_recovery_start
from alongside.testing.personas import login

HOME = "/me/"
CHECKIN = "/me/checkin/"
REMINDERS = "/me/reminders/"
GOOD = {"mood": "4", "craving": "2", "used_since_last": "no", "sleep_quality": "good"}


def today_of(client_record):
    return client_today(client_record, timezone.now())


# --- Home -----------------------------------------------------------------------------------


def test_home_shows_days_in_recovery_and_the_next_milestone(client, cast, casey_account):
    set_recovery_start(cast.ana, cast.casey, today_of(cast.casey) - timedelta(days=27))
    login(client, casey_account)
    body = client.get(HOME).content.decode()
    assert "<strong>27</strong> days in recovery" in body
    assert "Next milestone: 30 days on" in body and "in 3 days" in body
    assert "not set yet" not in body


def test_home_says_the_advocate_can_set_the_start_date_when_there_is_none(
    client, cast, casey_account
):
    login(client, casey_account)
    body = client.get(HOME).content.decode()
    assert "Your recovery start date is not set yet. Your advocate can set it with you." in body
    assert "days in recovery" not in body and "Next milestone" not in body


def test_home_offers_the_check_in_button_until_the_client_has_checked_in(
    client, cast, casey_account
):
    login(client, casey_account)
    body = client.get(HOME).content.decode()
    assert "Check in (less than a minute)" in body
    assert "You checked in today." not in body
    client.post(CHECKIN, GOOD)
    body = client.get(HOME).content.decode()
    assert "You checked in today." in body and "Your mood: Good." in body
    assert "Update today's check-in" in body
    assert "Check in (less than a minute)" not in body


def test_a_milestone_reached_today_is_celebrated_at_once(client, cast, casey_account):
    set_recovery_start(cast.ana, cast.casey, today_of(cast.casey) - timedelta(days=30))
    login(client, casey_account)
    body = client.get(HOME).content.decode()
    assert 'class="celebration"' in body
    assert "30 days in recovery!" in body


def test_an_older_milestone_is_listed_without_a_celebration_and_shows_the_congratulation(
    client, cast, casey_account
):
    set_recovery_start(cast.ana, cast.casey, today_of(cast.casey) - timedelta(days=12))
    login(client, casey_account)
    client.get(HOME)  # awards 24 hours and 7 days
    win = cast.casey.wins.get(milestone_key="7d")
    congratulate(cast.ana, win, "So proud of you, Casey!")
    body = client.get(HOME).content.decode()
    assert "7 days in recovery!" in body and "So proud of you, Casey!" in body
    assert 'class="celebration"' not in body


# --- Check-in -------------------------------------------------------------------------------


def test_a_client_checks_in_from_the_portal(client, cast, casey_account):
    login(client, casey_account)
    page = client.get(CHECKIN)
    assert page.status_code == 200
    assert "1 · Very low" in page.content.decode() and "Very strong" in page.content.decode()
    response = client.post(CHECKIN, {**GOOD, "went_well": "Walked with my sister"}, follow=True)
    assert response.redirect_chain == [(HOME, 302)]
    assert "Thank you for checking in." in response.content.decode()
    saved = CheckIn.objects.get(client=cast.casey)
    assert (saved.mood, saved.craving, saved.source) == (4, 2, Source.PORTAL)
    assert saved.went_well == "Walked with my sister" and saved.sleep_quality == "good"
    assert saved.local_date == today_of(cast.casey)
    assert AccessEvent.objects.filter(
        user_id=casey_account.pk, action=Action.CREATE, object_type="checkin"
    ).exists()


def test_a_second_check_in_the_same_day_updates_it_and_the_form_shows_todays_answers(
    client, cast, casey_account
):
    login(client, casey_account)
    client.post(CHECKIN, GOOD)
    page = client.get(CHECKIN).content.decode()
    assert "Update today's check-in" in page
    assert 'value="4" required id="id_mood_3" checked' in page or (
        'name="mood" value="4"' in page and "checked" in page
    )
    client.post(CHECKIN, {**GOOD, "mood": "2", "wants_contact": "on"})
    saved = CheckIn.objects.get(client=cast.casey)
    assert saved.mood == 2 and saved.wants_contact


@pytest.mark.parametrize(
    ("wants_contact", "prompt"),
    [
        (False, "Thank you for being honest. Would you like your advocate to reach out?"),
        (True, "Your advocate will see that you asked them to reach out."),
    ],
)
def test_saying_one_used_is_met_with_the_gentle_follow_up(
    client, cast, casey_account, wants_contact, prompt
):
    login(client, casey_account)
    answers = {**GOOD, "used_since_last": "yes", "substance": "alcohol"}
    if wants_contact:
        answers["wants_contact"] = "on"
    response = client.post(CHECKIN, answers, follow=True)
    assert prompt in response.content.decode()
    saved = CheckIn.objects.get(client=cast.casey)
    assert saved.used_since_last and saved.substance == "alcohol"


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        ({**GOOD, "mood": ""}, "Choose how you are feeling, from 1 (very low) to 5 (great)."),
        ({**GOOD, "craving": "11"}, "Choose a craving level from 0 (none) to 10 (very strong)."),
        ({**GOOD, "substance": "alcohol"}, "Leave this empty unless you used since"),
        ({**GOOD, "used_since_last": "maybe"}, "Choose no or yes."),
    ],
)
def test_bad_check_in_answers_are_refused_and_nothing_is_saved(
    client, cast, casey_account, answers, error
):
    login(client, casey_account)
    response = client.post(CHECKIN, answers)
    assert response.status_code == 422
    body = response.content.decode()
    assert error in body and "Nothing was saved." in body
    assert not CheckIn.objects.filter(client=cast.casey).exists()


@pytest.mark.parametrize("path", [CHECKIN, REMINDERS])
def test_staff_have_no_check_in_or_reminder_pages(client, cast, path):
    login(client, cast.ana)
    assert client.get(path).status_code == 404
    assert client.post(path, GOOD).status_code == 404
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("path", [CHECKIN, REMINDERS])
def test_visitors_are_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_check_in_page_speaks_spanish_to_a_spanish_speaking_client(client, cast, casey_account):
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    login(client, casey_account)
    body = client.get(CHECKIN).content.decode()
    assert "¿Cómo te sientes hoy?" in body
    assert "1 · Muy bajo" in body and "Muy fuertes" in body
    assert "¿Has consumido desde tu último registro?" in body
    bad = client.post(CHECKIN, {**GOOD, "craving": "11"})
    assert bad.status_code == 422
    assert "Elige un nivel de ganas de 0 (nada) a 10 (muy fuertes)." in bad.content.decode()
    done = client.post(CHECKIN, {**GOOD, "used_since_last": "yes"}, follow=True)
    text = done.content.decode()
    assert "Gracias por hacer tu registro." in text
    assert "Gracias por tu honestidad." in text
    assert "Hoy ya hiciste tu registro." in text and "Tu ánimo: Bien." in text


# --- Reminders ------------------------------------------------------------------------------


@pytest.fixture
def casey_with_email(cast):
    cast.casey.email = "casey@example.test"
    cast.casey.save(update_fields=["email"])
    return cast.casey


def test_the_home_page_links_to_reminders(client, cast, casey_account):
    login(client, casey_account)
    assert f'href="{REMINDERS}"' in client.get(HOME).content.decode()


def test_a_client_turns_reminders_on_changes_them_and_turns_them_off(
    client, cast, casey_account, casey_with_email
):
    login(client, casey_account)
    page = client.get(REMINDERS).content.decode()
    assert 'value="email"' in page and 'value="sms"' not in page
    assert "add your phone number" in page
    response = client.post(REMINDERS, {"enabled": "on", "local_time": "08:30", "channel": "email"})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(client=cast.casey)
    assert preference.enabled and preference.local_time == time(8, 30)
    assert preference.channel == "email"
    client.post(REMINDERS, {"enabled": "on", "local_time": "19:00", "channel": "email"})
    preference.refresh_from_db()
    assert preference.local_time == time(19, 0)
    client.post(REMINDERS, {"enabled": "off"})
    preference.refresh_from_db()
    assert not preference.enabled and preference.local_time == time(19, 0)
    actions = list(
        AccessEvent.objects.filter(object_type="reminder_preference")
        .exclude(action=Action.VIEW)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [Action.CREATE, Action.UPDATE, Action.UPDATE]


def test_a_channel_without_an_address_is_refused_and_nothing_is_saved(
    client, cast, casey_account, casey_with_email
):
    login(client, casey_account)
    response = client.post(REMINDERS, {"enabled": "on", "local_time": "08:30", "channel": "sms"})
    assert response.status_code == 422
    assert "We don&#x27;t have an address for that yet." in response.content.decode()
    assert not ReminderPreference.objects.exists()


def test_turning_reminders_on_needs_a_time(client, cast, casey_account, casey_with_email):
    login(client, casey_account)
    response = client.post(REMINDERS, {"enabled": "on", "channel": "email"})
    assert response.status_code == 422
    assert "Choose the time for your reminder." in response.content.decode()
    assert not ReminderPreference.objects.exists()
