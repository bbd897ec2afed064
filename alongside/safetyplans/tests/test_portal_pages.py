"""The client's own plan in the portal: reading it, the printable page, editing, Spanish."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.safetyplans.models import SafetyPlanVersion
from alongside.safetyplans.tests.factories import make_plan, sections
from alongside.testing.personas import give_portal_account, login

PLAN = "/me/safety-plan/"
PRINT = "/me/safety-plan/print/"
EDIT = "/me/safety-plan/edit/"


def speak_spanish(record) -> None:
    record.language = "es"
    record.save(update_fields=["language"])


def test_the_portal_urls(cast):
    assert reverse("safetyplans:my_plan") == PLAN
    assert reverse("safetyplans:my_plan_print") == PRINT
    assert reverse("safetyplans:my_plan_edit") == EDIT


def test_client_reads_their_plan(client, cast, casey_account):
    make_plan(cast.casey, cast.ana)
    login(client, casey_account)
    response = client.get(PLAN)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>My safety plan · Alongside</title>" in body
    assert "Signs a crisis may be building" in body
    assert "Not sleeping.<br>Skipping meals." in body
    assert f'href="{EDIT}"' in body
    assert f'href="{PRINT}"' in body
    assert 'href="tel:988"' in body and 'href="tel:911"' in body
    assert "Version" not in body  # no version history in the portal


SESSION_WARNING = '<script src="/static/signins/session-warning.js" defer></script>'


def test_portal_pages_have_no_scripts_and_load_the_print_stylesheet(client, cast, casey_account):
    make_plan(cast.casey, cast.ana)
    login(client, casey_account)
    for url in (PLAN, PRINT, EDIT):
        body = client.get(url).content.decode()
        # The one script is the session warning every signed-in page carries (signins).
        body = body.replace(SESSION_WARNING, "")
        assert "<script" not in body, url
        assert " onclick" not in body, url
        assert "safetyplans/plan.css" in body, url


def test_printable_page_shows_the_plan_and_the_lines_and_how_to_print(client, cast, casey_account):
    make_plan(cast.casey, cast.ana)
    login(client, casey_account)
    body = client.get(PRINT).content.decode()
    assert "Walk the dog." in body
    assert "Suicide &amp; Crisis Lifeline" in body
    assert "use your browser's Print or Share menu" in body
    assert 'class="no-print"' in body


def test_reading_and_printing_are_audited(client, cast, casey_account):
    version = make_plan(cast.casey, cast.ana)
    login(client, casey_account)
    client.get(PLAN)
    client.get(PRINT)
    rows = AccessEvent.objects.filter(
        action=Action.VIEW, object_type="safety_plan", object_public_id=str(version.public_id)
    )
    assert rows.count() == 2
    assert {row.role for row in rows} == {"client"}


def test_without_a_plan_the_client_is_invited_to_start_one(client, cast, casey_account):
    login(client, casey_account)
    body = client.get(PLAN).content.decode()
    assert "You have not made a safety plan yet." in body
    assert "Start my plan" in body
    assert "Printable version" not in body


def test_client_edits_their_own_plan(client, cast, casey_account):
    make_plan(cast.casey, cast.ana)
    login(client, casey_account)
    body = client.get(EDIT).content.decode()
    assert "Walk the dog. Shower. Play guitar.</textarea>" in body
    response = client.post(EDIT, sections(coping_alone="Call my sister."))
    assert response.status_code == 302
    assert response["Location"] == PLAN
    latest = SafetyPlanVersion.objects.get(number=2)
    assert (latest.coping_alone, latest.created_by) == ("Call my sister.", casey_account)
    assert "Your safety plan is saved." in client.get(PLAN).content.decode()


def test_client_makes_their_first_plan(client, cast, casey_account):
    login(client, casey_account)
    assert "Make my safety plan" in client.get(EDIT).content.decode()
    assert client.post(EDIT, {"warning_signs": "Not sleeping."}).status_code == 302
    assert SafetyPlanVersion.objects.get().warning_signs == "Not sleeping."


def test_unchanged_plan_is_not_saved_again(client, cast, casey_account):
    make_plan(cast.casey, cast.ana)
    login(client, casey_account)
    response = client.post(EDIT, sections(), follow=True)
    assert "Nothing had changed in your plan." in response.content.decode()
    assert SafetyPlanVersion.objects.count() == 1


def test_empty_plan_is_refused_with_a_clear_message(client, cast, casey_account):
    login(client, casey_account)
    response = client.post(EDIT, {"warning_signs": "  "})
    body = response.content.decode()
    assert response.status_code == 422
    assert "Please correct the problem below. Nothing was saved." in body
    assert "The plan is empty. Write something in at least one section before saving." in body
    assert not SafetyPlanVersion.objects.exists()


def test_too_long_a_section_is_refused(client, cast, casey_account):
    login(client, casey_account)
    response = client.post(EDIT, {"warning_signs": "x" * 2001})
    assert response.status_code == 422
    assert "Use at most 2000 characters (this has 2001)." in response.content.decode()
    assert not SafetyPlanVersion.objects.exists()


def test_staff_have_no_portal_plan(client, cast):
    login(client, cast.ana)
    for url in (PLAN, PRINT, EDIT):
        assert client.get(url).status_code == 404
    assert client.post(EDIT, sections()).status_code == 404
    assert not SafetyPlanVersion.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, cast):
    for url in (PLAN, PRINT, EDIT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_a_client_sees_only_their_own_plan(client, cast, casey_account):
    make_plan(cast.jordan, cast.ana, coping_alone="Jordan's own idea.")
    give_portal_account(cast.jordan, "jordan@portal.test")
    login(client, casey_account)
    assert "Jordan's own idea." not in client.get(PLAN).content.decode()
    client.post(EDIT, sections())
    assert SafetyPlanVersion.objects.get(client=cast.casey).created_by == casey_account
    assert SafetyPlanVersion.objects.filter(client=cast.jordan).count() == 1


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_reading_pages_refuse_other_methods(client, cast, casey_account, method):
    login(client, casey_account)
    assert getattr(client, method)(PLAN).status_code == 405
    assert getattr(client, method)(PRINT).status_code == 405


# --- Spanish -----------------------------------------------------------------------------


def test_plan_is_in_spanish_for_a_client_who_speaks_spanish(client, cast, casey_account):
    speak_spanish(cast.casey)
    make_plan(cast.casey, cast.ana)
    login(client, casey_account)
    body = client.get(PLAN).content.decode()
    assert '<html lang="es">' in body
    assert "<title>Mi plan de seguridad · Alongside</title>" in body
    assert "Señales de que se acerca una crisis" in body
    assert "Personas a las que puedo pedir ayuda" in body
    assert "Editar mi plan" in body
    assert "Versión para imprimir" in body
    assert "Guardado por última vez el" in body
    assert "Walk the dog." in body  # the client's own words are never translated


def test_edit_form_and_its_errors_are_in_spanish(client, cast, casey_account):
    speak_spanish(cast.casey)
    login(client, casey_account)
    body = client.get(EDIT).content.decode()
    assert "Hacer mi plan de seguridad" in body
    assert "puedes llamar o enviar un mensaje de texto al 988" in body
    response = client.post(EDIT, {"warning_signs": "x" * 2001})
    body = response.content.decode()
    assert response.status_code == 422
    assert "Usa como máximo 2000 caracteres (aquí hay 2001)." in body
    empty = client.post(EDIT, {}).content.decode()
    assert "El plan está vacío." in empty


def test_printable_page_is_in_spanish(client, cast, casey_account):
    speak_spanish(cast.casey)
    make_plan(cast.casey, cast.ana)
    login(client, casey_account)
    body = client.get(PRINT).content.decode()
    assert "Volver a mi plan" in body
    assert "Línea de Prevención del Suicidio y Crisis" in body
    assert re.search(r"Guardado el \d+ de \w+ de \d{4}\.", body)


def test_saved_message_is_in_spanish(client, cast, casey_account):
    speak_spanish(cast.casey)
    login(client, casey_account)
    response = client.post(EDIT, sections(), follow=True)
    assert "Tu plan de seguridad está guardado." in response.content.decode()
