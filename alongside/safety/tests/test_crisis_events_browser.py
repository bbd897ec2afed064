"""On a phone: an advocate records what happened after an alert; their supervisor finds it in
the review queue and signs it off. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from alongside.lib.zones import local_date
from alongside.safety.models import CrisisEvent
from alongside.safety.tests.factories import make_alert
from alongside.testing.personas import login
from alongside.workspace.tests.test_browser_journey import ARTIFACTS, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_as(page, live_server, user):  # noqa: F811
    """Give the browser USER's session (sign-in itself is tested elsewhere)."""
    http = Client()
    login(http, user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": http.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_a_crisis_is_recorded_after_an_alert_and_signed_off(page, live_server, cast):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    alert = make_alert(cast.casey)
    signed_in_as(page, live_server, cast.ana)
    page.goto(f"{live_server.url}/alerts/{alert.public_id}/")
    page.screenshot(path=ARTIFACTS / "crisis-alert-link-phone.png", full_page=True)
    page.get_by_role("link", name="Record what happened").click()
    page.get_by_role("heading", name="What happened with Casey").wait_for()
    assert "?alert=" in page.url

    page.get_by_role("button", name="Save crisis event").click()
    page.get_by_text("Nothing was saved.").wait_for()
    page.screenshot(path=ARTIFACTS / "crisis-record-errors-phone.png", full_page=True)

    page.get_by_label(re.compile(r"^What happened")).fill(
        "Texted that they could not see a way forward tonight. Called back within minutes."
    )
    page.get_by_label("Listened and stayed with them").check()
    page.get_by_label("Called 988 with them or for them").check()
    page.get_by_label("How it ended, for now").fill(
        "Safe at home with their sister; agreed to call 988 if it builds again."
    )
    tomorrow = local_date(cast.casey.time_zone, timezone.now()) + timedelta(days=1)
    page.get_by_label("Follow up on (optional)").fill(tomorrow.isoformat())
    page.screenshot(path=ARTIFACTS / "crisis-record-phone.png", full_page=True)
    page.get_by_role("button", name="Save crisis event").click()
    page.get_by_text("Crisis event recorded.").wait_for()
    assert "Waiting for a supervisor's sign-off." in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/clients/{cast.casey.public_id}/")
    page.get_by_role("link", name="All crisis events").wait_for()
    safety = page.locator("section[aria-labelledby=safety-heading]")
    safety.screenshot(path=ARTIFACTS / "crisis-profile-section-phone.png")

    signed_in_as(page, live_server, cast.sam)
    page.goto(f"{live_server.url}/alerts/")
    page.screenshot(path=ARTIFACTS / "crisis-alerts-list-phone.png")
    page.get_by_role("link", name="Crisis reviews").click()
    page.get_by_role("heading", name="Crisis reviews").wait_for()
    page.screenshot(path=ARTIFACTS / "crisis-review-queue-phone.png", full_page=True)
    page.get_by_role("link", name="Casey").click()
    page.get_by_role("heading", name="Crisis event: Casey").wait_for()
    page.get_by_label("Note for the advocate (optional)").fill("Well handled; thank you.")
    page.screenshot(path=ARTIFACTS / "crisis-event-sign-off-phone.png", full_page=True)
    page.get_by_role("button", name="Sign off").click()
    page.get_by_text("Signed off by Sam Supervisor").wait_for()
    page.screenshot(path=ARTIFACTS / "crisis-event-signed-phone.png", full_page=True)

    page.goto(f"{live_server.url}/crisis-events/review/")
    page.get_by_text("Nothing to review.").wait_for()
    page.screenshot(path=ARTIFACTS / "crisis-review-empty-phone.png", full_page=True)
    event = CrisisEvent.objects.get()
    assert (event.alert, event.recorded_by, event.reviewed_by) == (alert, cast.ana, cast.sam)
