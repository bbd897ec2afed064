"""The advocate's journey on a phone, in a real browser: sign in, open a client, log a
contact, see it on the timeline. Drives Debian's Chromium headless through Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

from alongside.testing.browser import chromium, sign_in

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch):
    with chromium(monkeypatch) as browser:
        context = browser.new_context(viewport=PHONE, device_scale_factor=1)
        yield context.new_page()
        context.close()


def test_advocate_logs_a_contact_from_a_phone_and_sees_it_on_the_timeline(page, live_server, cast):
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, live_server.url, cast.ana)

    page.get_by_role("heading", name="Today").wait_for()
    page.get_by_role("link", name="My caseload").click()
    page.get_by_role("heading", name="My caseload").wait_for()
    page.screenshot(path=ARTIFACTS / "caseload-phone.png", full_page=True)
    assert page.get_by_role("link", name="Riley").count() == 0

    page.get_by_role("link", name="Casey").click()
    page.get_by_role("heading", name="Casey").wait_for()
    page.get_by_role("link", name="Log a contact").click()

    page.get_by_label("Kind of contact").select_option(label="Phone call")
    page.get_by_label("Minutes").fill("15")
    page.get_by_label("Housing").check()
    page.get_by_label("Note").fill("Talked through the housing application; feeling hopeful.")
    page.get_by_role("button", name="Save contact").click()

    page.get_by_text("Contact logged.").wait_for()
    timeline = page.locator("#timeline")
    assert "Phone call (15 min)" in timeline.inner_text()
    assert "feeling hopeful" in timeline.inner_text()
    page.screenshot(path=ARTIFACTS / "client-profile-phone.png", full_page=True)
