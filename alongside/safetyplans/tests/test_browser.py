"""Safety plans on a phone, in a real browser: the client reads, prints and edits their plan;
the advocate edits it with them. Screenshots go to test-artifacts/ to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest

from alongside.safetyplans.models import SafetyPlanVersion
from alongside.safetyplans.tests.factories import make_plan
from alongside.testing.browser import chromium
from alongside.testing.browser import sign_in as sign_in_both_steps
from alongside.testing.personas import give_portal_account

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch):
    with chromium(monkeypatch) as browser:
        context = browser.new_context(viewport=PHONE, device_scale_factor=1)
        yield context.new_page()
        context.close()


def sign_in(page, base: str, email: str) -> None:
    sign_in_both_steps(page, base, email)


def test_client_reads_prints_and_edits_their_plan_on_a_phone(page, live_server, cast):
    ARTIFACTS.mkdir(exist_ok=True)
    account = give_portal_account(cast.casey, "casey@portal.test")
    make_plan(cast.casey, cast.ana)
    sign_in(page, live_server.url, account.email)

    page.goto(f"{live_server.url}/me/safety-plan/")
    page.get_by_role("heading", name="My safety plan").wait_for()
    assert page.get_by_text("Sponsor Dave 555-0199").is_visible()
    page.screenshot(path=ARTIFACTS / "safety-plan-portal-phone.png", full_page=True)

    page.get_by_role("link", name="Printable version").click()
    page.get_by_text("use your browser's Print or Share menu").wait_for()
    page.screenshot(path=ARTIFACTS / "safety-plan-print-phone.png", full_page=True)
    page.emulate_media(media="print")
    assert not page.locator(".help-bar").is_visible()
    assert not page.get_by_text("use your browser's Print or Share menu").is_visible()
    assert page.get_by_text("Sponsor Dave 555-0199").is_visible()
    page.screenshot(path=ARTIFACTS / "safety-plan-print-media.png", full_page=True)
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Back to my plan").click()
    page.get_by_role("link", name="Edit my plan").click()
    page.get_by_label("Things I can do on my own to cope").fill("Call my sister Maria.")
    page.get_by_role("button", name="Save my plan").click()
    page.get_by_text("Your safety plan is saved.").wait_for()
    assert page.get_by_text("Call my sister Maria.").is_visible()
    assert SafetyPlanVersion.objects.filter(client=cast.casey).count() == 2

    page.get_by_role("button", name="Español").click()
    page.get_by_role("heading", name="Mi plan de seguridad").wait_for()
    page.screenshot(path=ARTIFACTS / "safety-plan-portal-es-phone.png", full_page=True)
    page.get_by_role("link", name="Editar mi plan").click()
    page.get_by_role("heading", name="Editar mi plan de seguridad").wait_for()
    page.screenshot(path=ARTIFACTS / "safety-plan-portal-edit-es-phone.png", full_page=True)


def test_advocate_edits_the_plan_with_the_client_on_a_phone(page, live_server, cast):
    ARTIFACTS.mkdir(exist_ok=True)
    make_plan(cast.casey, cast.ana)
    sign_in(page, live_server.url, cast.ana.email)

    page.goto(f"{live_server.url}/clients/{cast.casey.public_id}/safety-plan/edit/")
    page.get_by_role("heading", name="Safety plan of Casey").wait_for()
    page.get_by_label("Signs a crisis may be building").fill("")
    for label in (
        "Things I can do on my own to cope",
        "People and places that take my mind off things",
        "People I can ask for help",
        "Professionals and crisis lines",
        "Making my surroundings safer",
    ):
        page.get_by_label(label).fill("")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("Nothing was saved.").wait_for()
    page.screenshot(path=ARTIFACTS / "safety-plan-staff-edit-error-phone.png", full_page=True)

    page.goto(f"{live_server.url}/clients/{cast.casey.public_id}/safety-plan/edit/")
    page.screenshot(path=ARTIFACTS / "safety-plan-staff-edit-phone.png", full_page=True)
    page.get_by_label("Making my surroundings safer").fill("Keys stay with Maria on bad nights.")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("Safety plan saved as version 2.").wait_for()
    page.screenshot(path=ARTIFACTS / "safety-plan-staff-phone.png", full_page=True)
    page.get_by_role("link", name="Version 1").click()
    page.get_by_text("This is an earlier version.").wait_for()
    assert page.get_by_text("Leave the car keys with Maria on bad nights.").is_visible()
    page.screenshot(path=ARTIFACTS / "safety-plan-staff-version-phone.png", full_page=True)
    assert SafetyPlanVersion.objects.filter(client=cast.casey).count() == 2
