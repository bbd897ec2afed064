"""The client answers in the portal (/me/assessments/) and sees their result explained."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from alongside.assessments.models import AssessmentResponse, Source
from alongside.assessments.portal_views import due_now
from alongside.assessments.services import record_assessment
from alongside.audit.models import AccessEvent, Action
from alongside.testing.personas import give_portal_account, login

LIST = "/me/assessments/"
PHQ9 = "/me/assessments/phq9/"
PHQ9_ZEROS = {f"q{n}": "0" for n in range(1, 10)}


def test_the_urls_are_where_the_portal_expects_them():
    assert reverse("my_assessments:list") == LIST
    assert reverse("my_assessments:answer", args=["phq9"]) == PHQ9


# --- The list -------------------------------------------------------------------------------


def test_a_newly_admitted_client_sees_barc10_ready_for_them(client, cast):
    give_portal_account(cast.newcomer, "new@portal.test")
    client.force_login(cast.newcomer.user)
    response = client.get(LIST)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ready for you now" in body
    assert 'href="/me/assessments/barc10/"' in body
    assert "As you start your program" in body
    assert AccessEvent.objects.filter(
        action=Action.VIEW, object_type="assessment_list", role="client"
    ).exists()


def test_the_list_shows_past_results_in_plain_words(client, cast, casey_account):
    record_assessment(
        casey_account, cast.casey, "gad7", {f"q{n}": 1 for n in range(1, 8)}, source="portal"
    )
    client.force_login(casey_account)
    body = client.get(LIST).content.decode()
    assert "Nothing is waiting for you right now." in body
    assert "GAD-7" in body and "Score: 7 out of 21" in body
    assert "Your answers show some worry or anxiety" in body


def test_a_client_never_sees_another_clients_results(client, cast, casey_account):
    jordan = give_portal_account(cast.jordan, "jordan@portal.test")
    record_assessment(jordan, cast.jordan, "phq2", {"q1": 3, "q2": 3}, source="portal")
    client.force_login(casey_account)
    assert "PHQ-2" not in client.get(LIST).content.decode().split("Your past results")[1]


# --- Answering ------------------------------------------------------------------------------


def test_the_form_has_a_radio_group_per_question_with_answers_in_words(client, cast, casey_account):
    client.force_login(casey_account)
    body = client.get(PHQ9).content.decode()
    assert body.count("<fieldset") == 10  # nine questions and the closing "how difficult"
    assert "Over the last 2 weeks, how often have you been bothered" in body
    assert "More than half the days" in body and "Nearly every day" in body
    assert 'type="radio" name="q9" value="3"' in body


def test_the_client_completes_the_phq9_and_sees_the_result_explained(client, cast, casey_account):
    client.force_login(casey_account)
    answers = PHQ9_ZEROS | {"q1": "2", "q2": "2", "q3": "1", "difficulty": "1"}
    response = client.post(PHQ9, answers)
    body = response.content.decode()
    assert response.status_code == 200
    saved = AssessmentResponse.objects.get()
    assert (saved.client, saved.source, saved.total, saved.band) == (
        cast.casey,
        Source.PORTAL,
        5,
        "mild",
    )
    assert "Thank you for answering" in body
    assert "Your answers show some low mood over the last two weeks." in body
    assert "Score: 5 out of 27" in body
    assert "988" not in body.split("<main")[1].split("Your PHQ-9 results")[0]


def test_item_9_above_0_shows_the_crisis_resources_in_the_same_response(
    client, cast, casey_account
):
    cast.residential.settings = {"on_call": {"label": "Hope Valley on call", "phone": "555-0100"}}
    cast.residential.save()
    client.force_login(casey_account)
    response = client.post(PHQ9, PHQ9_ZEROS | {"q9": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert AssessmentResponse.objects.get().flags == ["safety"]
    crisis = body.split('class="card crisis"')[1].split("</section>")[0]
    assert 'href="tel:988"' in crisis and 'href="sms:988"' in crisis
    assert 'href="tel:911"' in crisis
    assert "Hope Valley on call" in crisis and 'href="tel:5550100"' in crisis
    # The crisis resources come before the score.
    assert body.index("crisis-heading") < body.index("result-heading")


def test_barc10_names_the_strongest_areas(client, cast, casey_account):
    client.force_login(casey_account)
    answers = {f"q{n}": "4" for n in range(1, 11)} | {"q5": "6", "q8": "6"}
    body = client.post("/me/assessments/barc10/", answers).content.decode()
    assert "Your strongest areas right now: support from friends, taking responsibility" in body


def test_skipping_a_question_saves_without_a_total_and_says_why(client, cast, casey_account):
    client.force_login(casey_account)
    body = client.post(PHQ9, PHQ9_ZEROS | {"q4": ""}).content.decode()
    assert AssessmentResponse.objects.get().total is None
    assert "Some questions were left blank, so there is no total score this time." in body
    assert "Score:" not in body


def test_audit_c_asks_sex_and_uses_it(client, cast, casey_account):
    client.force_login(casey_account)
    assert "Sex assigned at birth" in client.get("/me/assessments/auditc/").content.decode()
    client.post("/me/assessments/auditc/", {"q1": "2", "q2": "1", "q3": "0", "sex": "male"})
    assert AssessmentResponse.objects.get().band == "negative"


def test_an_empty_form_is_refused_and_nothing_is_saved(client, cast, casey_account):
    client.force_login(casey_account)
    response = client.post(PHQ9, {})
    assert response.status_code == 422
    assert "Answer at least one question." in response.content.decode()
    assert not AssessmentResponse.objects.exists()


def test_an_answer_out_of_range_is_refused_and_nothing_is_saved(client, cast, casey_account):
    client.force_login(casey_account)
    response = client.post(PHQ9, PHQ9_ZEROS | {"q9": "4"})
    assert response.status_code == 422
    assert 'class="errors" id="id_q9-errors"' in response.content.decode()
    assert not AssessmentResponse.objects.exists()


def test_an_unknown_questionnaire_is_a_404(client, cast, casey_account):
    client.force_login(casey_account)
    assert client.get("/me/assessments/cssrs/").status_code == 404


def test_staff_and_visitors_cannot_use_the_portal_pages(client, cast):
    assert client.get(LIST).status_code == 302  # to sign in
    login(client, cast.ana)
    assert client.get(LIST).status_code == 404
    assert client.post(PHQ9, PHQ9_ZEROS).status_code == 404
    assert not AssessmentResponse.objects.exists()


def test_the_pages_take_only_get_and_post(client, cast, casey_account):
    client.force_login(casey_account)
    assert client.post(LIST).status_code == 405
    assert client.put(PHQ9).status_code == 405


# --- Spanish --------------------------------------------------------------------------------


def speak_spanish(record):
    record.language = "es"
    record.save(update_fields=["language"])


def test_the_pages_are_in_spanish_for_a_spanish_speaking_client(client, cast, casey_account):
    speak_spanish(cast.casey)
    client.force_login(casey_account)
    body = client.get(LIST).content.decode()
    assert "Cuestionarios" in body
    form = client.get(PHQ9).content.decode()
    assert "Durante las últimas 2 semanas" in form
    assert "Más de la mitad de los días" in form
    assert "Ver mis resultados" in form


def test_the_result_and_crisis_resources_are_in_spanish(client, cast, casey_account):
    speak_spanish(cast.casey)
    client.force_login(casey_account)
    body = client.post(PHQ9, PHQ9_ZEROS | {"q9": "2"}).content.decode()
    assert "Gracias por responder" in body
    assert "No tienes que enfrentar esto a solas" in body
    assert "Llamar al 988" in body


def test_barc10_questions_stay_in_english_with_a_note(client, cast, casey_account):
    speak_spanish(cast.casey)
    client.force_login(casey_account)
    body = client.get("/me/assessments/barc10/").content.decode()
    assert "Evaluación breve del capital de recuperación (BARC-10)" in body
    assert "Por ahora estas preguntas están en inglés" in body
    assert '<div lang="en">' in body and "In general I am happy with my life." in body


def test_the_barc10_result_is_explained_in_spanish(client, cast, casey_account):
    speak_spanish(cast.casey)
    client.force_login(casey_account)
    answers = {f"q{n}": "5" for n in range(1, 11)} | {"q5": "6"}
    body = client.post("/me/assessments/barc10/", answers).content.decode()
    assert "Tus respuestas muestran un capital de recuperación sólido" in body
    assert "Tus áreas más fuertes ahora: el apoyo de tus amistades." in body


def test_the_home_section_counts_what_is_waiting(cast):
    section = {"due": due_now(cast.newcomer)}
    html = render_to_string("assessments/portal/_home_section.html", {"section": section})
    assert "One short questionnaire is ready for you." in html
    assert 'href="/me/assessments/"' in html
    with translation.override("es"):
        html = render_to_string("assessments/portal/_home_section.html", {"section": section})
    assert "Tienes un cuestionario corto listo." in html
