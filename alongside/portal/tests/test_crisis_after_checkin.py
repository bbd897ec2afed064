"""A high-risk answer in the portal check-in: the crisis view comes back in the same
response, and the advocate has an alert."""

from __future__ import annotations

from alongside.checkins.models import CheckIn
from alongside.safety.models import Alert
from alongside.testing.personas import login

ANSWERS = {"mood": "1", "craving": "3", "used_since_last": "no", "safety_concern": "no"}


def test_yes_to_the_safety_question_shows_crisis_resources_at_once(client, cast, casey_account):
    login(client, casey_account)
    response = client.post("/me/checkin/", {**ANSWERS, "safety_concern": "yes"})
    assert response.status_code == 200  # the same request, not a redirect to a later page
    page = response.text
    assert 'href="tel:988"' in page and 'href="sms:988"' in page
    assert 'href="tel:911"' in page
    assert "Your advocate, Ana Advocate, has been told and will reach out." in page
    assert "You have not made a safety plan yet" in page
    assert CheckIn.objects.get(client=cast.casey).safety_concern
    assert Alert.objects.get(client=cast.casey).severity == "high"


def test_the_crisis_view_shows_the_client_safety_plan(client, cast, casey_account):
    from alongside.safetyplans.services import save_safety_plan

    save_safety_plan(cast.ana, cast.casey, {"warning_signs": "Skipping meals, not sleeping"})
    login(client, casey_account)
    page = client.post("/me/checkin/", {**ANSWERS, "safety_concern": "yes"}).text
    assert "Skipping meals, not sleeping" in page


def test_the_crisis_view_is_in_the_client_language(client, cast, casey_account):
    cast.casey.language = "es"
    cast.casey.save()
    login(client, casey_account)
    page = client.post("/me/checkin/", {**ANSWERS, "safety_concern": "yes"}).text
    assert "Gracias por contárnoslo. No estás solo ni sola." in page


def test_a_calm_check_in_goes_home_as_usual(client, cast, casey_account):
    login(client, casey_account)
    response = client.post("/me/checkin/", ANSWERS)
    assert response.status_code == 302
    assert not Alert.objects.exists()


def test_a_missing_safety_answer_counts_as_no(client, cast, casey_account):
    login(client, casey_account)
    answers = {key: value for key, value in ANSWERS.items() if key != "safety_concern"}
    response = client.post("/me/checkin/", answers)
    assert response.status_code == 302
    assert not CheckIn.objects.get(client=cast.casey).safety_concern
