"""On a phone: a client answers the safety question "yes" and sees the crisis view at once;
their advocate sees the alert banner and takes the alert."""

from __future__ import annotations

import shutil

import pytest
from django.conf import settings

from alongside.safety.models import Alert
from alongside.testing.browser import sign_in as sign_in_both_steps
from alongside.testing.personas import give_portal_account
from alongside.workspace.tests.test_browser_journey import ARTIFACTS, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email):  # noqa: F811
    sign_in_both_steps(page, live_server.url, email)


def test_a_client_in_crisis_sees_help_and_the_advocate_takes_the_alert(page, live_server, cast):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    give_portal_account(cast.casey, "casey@example.test")
    sign_in(page, live_server, "casey@example.test")

    page.get_by_role("link", name="Check in (less than a minute)").click()
    page.get_by_text("2 · Low").click()
    page.locator("label.craving-choice", has_text="4").first.click()
    page.get_by_role(
        "group", name="Are you having thoughts of harming yourself or ending your life?"
    ).get_by_label("Yes").check()
    page.get_by_role("button", name="Send my check-in").click()

    page.get_by_role("heading", name="Thank you for telling us. You're not alone.").wait_for()
    main = page.locator("main")
    assert main.get_by_role("link", name="Call 988").get_attribute("href") == "tel:988"
    assert main.get_by_role("link", name="Text 988").get_attribute("href") == "sms:988"
    assert main.get_by_role("link", name="Call 911").count() == 1
    assert "Your advocate, Ana Advocate, has been told and will reach out." in main.inner_text()
    assert "You have not made a safety plan yet" in main.inner_text()
    page.screenshot(path=ARTIFACTS / "crisis-client-phone.png", full_page=True)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, cast.ana.email)
    banner = page.get_by_role("alert").filter(has_text="1 alert needs someone now.")
    banner.wait_for()
    page.screenshot(path=ARTIFACTS / "crisis-advocate-banner-phone.png", full_page=False)
    banner.get_by_role("link", name="See alerts").click()
    page.get_by_role("link", name="Casey").click()
    page.get_by_role("heading", name="High alert: Casey").wait_for()
    assert "Answered yes to the safety question" in page.locator("main").inner_text()
    page.get_by_label("Note (optional)").fill("Calling her now")
    page.get_by_role("button", name="I'm taking it").click()

    page.get_by_text("You took this alert. Escalation has stopped.").wait_for()
    assert page.get_by_text("needs someone now").count() == 0
    page.screenshot(path=ARTIFACTS / "crisis-advocate-took-alert-phone.png", full_page=True)
    alert = Alert.objects.get(client=cast.casey)
    assert (alert.state, alert.acknowledged_by) == ("acknowledged", cast.ana)
    screenshots = settings.BASE_DIR / "docs/screenshots"
    shutil.copy(ARTIFACTS / "crisis-client-phone.png", screenshots / "crisis-client.png")
    shutil.copy(ARTIFACTS / "crisis-advocate-banner-phone.png", screenshots / "alert-banner.png")
