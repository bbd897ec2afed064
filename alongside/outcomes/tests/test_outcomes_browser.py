"""The outcome pages in a real browser, on the demo center, as the demo director: the charts
load under the site's Content Security Policy (as images), and the screenshots in
docs/screenshots/ come from here."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from alongside.demo.roster import DEMO_PASSWORD
from alongside.workspace.tests.test_browser_journey import ARTIFACTS, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
DIRECTOR = "director@demo.test"


def test_demo_director_sees_retention_charts_and_the_funder_report(
    page,  # noqa: F811
    live_server,
    settings,
):
    settings.ALONGSIDE_DEMO_MFA_HINTS = True  # as bin/run-demo sets it
    call_command("seed_demo", stdout=StringIO())
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail").fill(DIRECTOR)
    page.get_by_label("Passphrase").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    hint = page.locator(".demo-hint strong")
    hint.wait_for()
    page.get_by_label("Code").fill(hint.inner_text())
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Outcomes").click()
    page.get_by_role("heading", name="Retention at 30, 60 and 90 days").wait_for()
    page.wait_for_load_state("networkidle")
    images = page.locator("figure.chart img")
    assert images.count() == 2
    for index in range(images.count()):
        loaded = images.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
        assert loaded, "a chart did not load (blocked by the style policy?)"
    main = page.locator("main").inner_text()
    assert "Log-rank test" in main and "not that one causes the other" in main
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "outcomes-retention.png", full_page=True)

    # The other charts render too (kept with the test artifacts, not in the docs).
    for tab, heading, name in (
        ("Recovery capital", "Recovery capital (BARC-10)", "outcomes-recovery.png"),
        ("Engagement", "Advocate workload", "outcomes-engagement.png"),
    ):
        page.get_by_role("link", name=tab, exact=True).click()
        page.get_by_role("heading", name=heading).wait_for()
        page.wait_for_load_state("networkidle")
        charts = page.locator("figure.chart img")
        for index in range(charts.count()):
            assert charts.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / name, full_page=True)

    page.get_by_role("link", name="Funder report").click()
    page.get_by_role("heading", name="Funder report: All programs").wait_for()
    page.screenshot(path=SCREENSHOTS / "outcomes-report.png", full_page=True)
