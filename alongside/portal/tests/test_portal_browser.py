"""A client on a phone, in a real browser: joins with the code read out by their advocate,
signs in, reads the portal in Spanish and reaches crisis help in one tap."""

from __future__ import annotations

import pytest

from alongside.portal.services import invite_client
from alongside.portal.tests.conftest import GOOD_PASSPHRASE
from alongside.workspace.tests.test_browser_journey import ARTIFACTS, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_client_joins_with_a_code_and_finds_help_in_spanish(page, live_server, cast):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    cast.casey.language = "es"
    cast.casey.save()
    cast.residential.settings = {
        "on_call": {"label": "Hope Valley", "phone": "555-0100", "hours": "24/7"}
    }
    cast.residential.save()
    issued = invite_client(cast.ana, cast.casey, phone="555 010 0123")

    page.goto(f"{live_server.url}/me/join/")
    page.get_by_label("Invitation code").fill(issued.short_code.lower().replace("-", " "))
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your e-mail address").fill("casey@example.test")
    page.get_by_label("Choose a passphrase").fill(GOOD_PASSPHRASE)
    page.get_by_label("Type it again").fill(GOOD_PASSPHRASE)
    page.get_by_role("button", name="Create my account").click()

    page.get_by_text("You're all set.").wait_for()
    page.get_by_label("E-mail").fill("casey@example.test")
    page.get_by_label("Passphrase").fill(GOOD_PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Hola, Casey").wait_for()
    assert "Ana Advocate" in page.locator("main").inner_text()
    page.screenshot(path=ARTIFACTS / "portal-home-es.png", full_page=True)

    page.get_by_role("link", name="Necesito ayuda ahora").click()
    page.get_by_role("heading", name="¿Necesitas ayuda ahora?").wait_for()
    assert (
        page.locator("main")
        .get_by_role("link", name="Llamar al 988", exact=True)
        .get_attribute("href")
        == "tel:988"
    )
    page.screenshot(path=ARTIFACTS / "portal-help-es.png", full_page=True)

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Need help now?").wait_for()
    assert (
        page.locator("main").get_by_role("link", name="Text 988", exact=True).get_attribute("href")
        == "sms:988"
    )
    page.screenshot(path=ARTIFACTS / "portal-help.png", full_page=True)
