"""Acceptance: outside working hours, a client sending a message sees the expected-reply time
and crisis resources before sending. On a phone, in a real browser, on the real clock."""

from __future__ import annotations

import shutil
import zoneinfo
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.conf import settings

from alongside.messaging.models import WorkingDay
from alongside.messaging.services import send_message
from alongside.testing.personas import PASSWORD, give_portal_account
from alongside.workspace.tests.test_browser_journey import ARTIFACTS, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs/screenshots"
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")  # Hope Valley's zone, Ana's and Casey's


def test_out_of_hours_a_client_sees_when_to_expect_a_reply_and_help_before_sending(
    page,  # noqa: F811
    live_server,
    cast,
):
    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The live server runs on the real clock: Ana works only on the day after tomorrow, so
    # whatever the time now, she is off and her next start is that day at 9:00.
    works_on = datetime.now(CHICAGO).date() + timedelta(days=2)
    WorkingDay.objects.create(
        organization=cast.org,
        user=cast.ana,
        weekday=works_on.weekday(),
        starts=time(9),
        ends=time(17),
    )
    cast.residential.settings = {
        "on_call": {"label": "Hope Valley on call", "phone": "555-0100", "hours": "24/7"}
    }
    cast.residential.save(update_fields=["settings"])
    casey = give_portal_account(cast.casey, "casey@example.test")
    send_message(cast.ana, cast.casey, "Hi Casey, it was good to see you at group today.")
    expected = f"Expect a reply from {works_on:%A} at 9:00 AM."

    page.goto(f"{live_server.url}/accounts/login/?next=/me/")
    page.get_by_label("E-mail").fill(casey.email)
    page.get_by_label("Passphrase").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Hi, Casey").wait_for()
    assert "1 new message from your advocate" in page.locator("main").inner_text()
    page.screenshot(path=ARTIFACTS / "portal-messages-home.png", full_page=True)
    page.get_by_role("link", name="Write to my advocate").click()

    # Before typing anything: the notice, with the expected time and the crisis lines.
    page.get_by_role("heading", name="Write to your advocate").wait_for()
    notice = page.locator(".after-hours")
    assert notice.is_visible()
    assert "Your advocate is not working right now." in notice.inner_text()
    assert expected in notice.inner_text()
    for name, href in (
        ("Call 988", "tel:988"),
        ("Text 988", "sms:988"),
        ("Call 911", "tel:911"),
        ("Call 555-0100", "tel:5550100"),
    ):
        link = notice.get_by_role("link", name=name)
        assert link.is_visible() and link.get_attribute("href") == href
    box = page.get_by_label("Your message")
    assert box.input_value() == ""
    assert notice.bounding_box()["y"] < box.bounding_box()["y"]
    assert "Hi Casey, it was good to see you at group today." in page.locator(".lines").inner_text()
    page.screenshot(path=ARTIFACTS / "portal-messages-before-sending.png")
    page.screenshot(path=ARTIFACTS / "portal-messages-before-sending-full.png", full_page=True)

    box.fill("Thank you! Could we talk about the housing form this week?")
    page.get_by_role("button", name="Send").click()

    page.get_by_text("Your message was sent.").wait_for()
    assert expected in page.locator(".compose .messages").inner_text()
    mine = page.locator(".line.mine").last
    assert "Could we talk about the housing form this week?" in mine.inner_text()
    assert "You" in mine.locator(".line-meta").inner_text()
    assert mine.locator(".receipt").inner_text().strip().endswith("Sent")
    page.screenshot(path=ARTIFACTS / "portal-messages-sent.png")
    page.screenshot(path=ARTIFACTS / "portal-messages-sent-full.png", full_page=True)
    shutil.copy(
        ARTIFACTS / "portal-messages-before-sending.png", SCREENSHOTS / "portal-messages.png"
    )
    message = cast.casey.messages.get(from_client=True)
    assert message.body == "Thank you! Could we talk about the housing form this week?"
