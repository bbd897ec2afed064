"""An advocate records a check-in from a phone call, on a phone, in a real browser."""

from __future__ import annotations

import pytest

from alongside.checkins.models import CheckIn
from alongside.testing.browser import sign_in
from alongside.workspace.tests.test_browser_journey import (
    ARTIFACTS,
    page,  # noqa: F401 - the fixture
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_advocate_records_a_check_in_by_label_and_sees_it_on_the_profile(
    page,  # noqa: F811
    live_server,
    cast,
):
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, live_server.url, cast.ana)
    page.get_by_role("heading", name="Today").wait_for()
    page.goto(f"{live_server.url}/clients/{cast.casey.public_id}/")
    page.get_by_role("link", name="Record a check-in").click()
    page.get_by_role("heading", name="Record a check-in for Casey").wait_for()

    mood = page.get_by_role("group", name="Mood today")
    mood.get_by_label("Low", exact=True).check()
    page.get_by_role("group", name="Craving").get_by_label("7", exact=True).check()
    page.get_by_label("Used since their last check-in").check()
    page.get_by_label("Hours of sleep").fill("5.5")
    page.get_by_role("group", name="How they slept").get_by_label("Poor").check()
    page.get_by_label("Would like their advocate to reach out").check()
    page.screenshot(path=ARTIFACTS / "checkin-record-phone.png", full_page=True)
    page.get_by_role("button", name="Save check-in").click()

    page.get_by_text("Thank them for being honest").wait_for()
    section = page.locator("section", has=page.get_by_role("heading", name="Recent check-ins"))
    section.get_by_text("Craving 7/10").wait_for()
    page.screenshot(path=ARTIFACTS / "checkin-profile-phone.png", full_page=True)
    row = CheckIn.objects.get()
    assert (row.mood, row.craving, row.used_since_last, row.wants_contact) == (2, 7, True, True)
