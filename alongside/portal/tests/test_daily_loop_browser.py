"""A Spanish-speaking client on a phone sees their days in recovery, checks in and sees that
they checked in today."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from alongside.recovery.milestones import client_today
from alongside.recovery.services import set_recovery_start
from alongside.testing.personas import PASSWORD, give_portal_account
from alongside.workspace.tests.test_browser_journey import ARTIFACTS, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs/screenshots"


def test_a_spanish_speaking_client_checks_in_on_a_phone(page, live_server, cast):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    cast.casey.language = "es"
    cast.casey.save()
    give_portal_account(cast.casey, "casey@example.test")
    set_recovery_start(
        cast.ana, cast.casey, client_today(cast.casey, timezone.now()) - timedelta(days=27)
    )

    page.goto(f"{live_server.url}/accounts/login/?next=/me/")
    page.get_by_label("E-mail").fill("casey@example.test")
    page.get_by_label("Passphrase").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Hola, Casey").wait_for()
    main = page.locator("main")
    assert "27 días en recuperación" in main.inner_text()
    assert "Próximo logro: 30 días" in main.inner_text()
    page.get_by_role("link", name="Registrarme (menos de un minuto)").click()

    page.get_by_role("heading", name="Registrarme").wait_for()
    page.get_by_text("4 · Bien").click()
    page.locator("label.craving-choice", has_text="3").first.click()
    page.get_by_role("group", name="¿Has consumido desde tu último registro?").get_by_label(
        "No"
    ).check()
    page.get_by_role("group", name="¿Cómo dormiste?").get_by_label("Bien").check()
    page.get_by_label("¿Qué salió bien? (opcional)").fill("Caminé con mi hermana")
    page.screenshot(path=ARTIFACTS / "portal-checkin-es.png", full_page=True)
    page.get_by_role("button", name="Enviar mi registro").click()

    page.get_by_text("Gracias por hacer tu registro.").wait_for()
    assert "Hoy ya hiciste tu registro." in page.locator("main").inner_text()
    assert "Tu ánimo: Bien." in page.locator("main").inner_text()
    page.screenshot(path=ARTIFACTS / "portal-home-after-checkin-es.png", full_page=True)
    for name in ("portal-checkin-es.png", "portal-home-after-checkin-es.png"):
        shutil.copy(ARTIFACTS / name, SCREENSHOTS / name)
    checkin = cast.casey.checkins.get()
    assert (checkin.mood, checkin.craving, checkin.source) == (4, 3, "portal")
