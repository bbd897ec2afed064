"""The session warning and My sign-ins on a phone, in a real browser.

The browser's clock is Playwright's (`page.clock`) and the server's is patched, so fifteen
minutes pass in a moment. Screenshots go to test-artifacts/ to be looked at.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client

from alongside.signins.models import Session
from alongside.signins.tests.conftest import at
from alongside.testing.browser import chromium, sign_in
from alongside.testing.personas import login

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch):
    with chromium(monkeypatch) as browser:
        context = browser.new_context(viewport=PHONE, device_scale_factor=1)
        yield context.new_page()
        context.close()


def test_the_warning_comes_a_minute_before_and_stay_signed_in_keeps_the_session(
    page, live_server, cast
):
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    # Script errors (the site has no favicon, which the browser asks for: not an error here).
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.location["url"].endswith("/favicon.ico")
            else None
        ),
    )
    # Ana is also signed in on her phone.
    phone = Client(headers={"User-Agent": IPHONE}, REMOTE_ADDR="198.51.100.23")
    login(phone, cast.ana)
    phone.get("/today/")
    page.clock.install()
    sign_in(page, live_server.url, cast.ana)

    page.get_by_role("link", name="My sign-ins").click()
    page.get_by_role("heading", name="My sign-ins").wait_for()
    assert page.get_by_text("This device").is_visible()
    assert page.get_by_text("Safari · iPhone").is_visible()
    page.screenshot(path=ARTIFACTS / "my-signins-phone.png", full_page=True)

    dialog = page.get_by_role("alertdialog", name="Are you still there?")
    assert not dialog.is_visible()
    here = Session.objects.filter(user=cast.ana).order_by("-last_activity").first()
    assert here is not None
    last = here.last_activity

    # 14 minutes later nothing has happened on this page: the warning shows.
    with at(last + timedelta(minutes=14, seconds=5)):
        page.clock.fast_forward("14:05")
        dialog.wait_for()
        assert "You will be signed out in 1 minute. Stay signed in?" in dialog.inner_text()
        page.screenshot(path=ARTIFACTS / "session-warning-phone.png")
        page.get_by_role("button", name="Stay signed in").click()
        dialog.wait_for(state="hidden")
    here.refresh_from_db()
    assert here.last_activity == last + timedelta(minutes=14, seconds=5)

    # Then nobody touches the phone for 15 minutes: the page goes to the sign-in page.
    with at(here.last_activity + timedelta(minutes=15, seconds=1)):
        page.clock.fast_forward("15:01")
        page.get_by_role("heading", name="Sign in").wait_for()
        assert "You were signed out after 15 minutes without activity." in page.content()
    page.screenshot(path=ARTIFACTS / "signed-out-after-idle-phone.png", full_page=True)
    assert not Session.objects.filter(pk=here.pk).exists()
    assert errors == []


def test_the_warning_never_extends_the_session_by_itself(page, live_server, cast):
    page.clock.install()
    sign_in(page, live_server.url, cast.ana)
    page.goto(f"{live_server.url}/accounts/signins/")
    here = Session.objects.filter(user=cast.ana).order_by("-last_activity").first()
    assert here is not None
    last = here.last_activity
    with at(last + timedelta(minutes=14, seconds=30)):
        page.clock.fast_forward("14:30")
        page.get_by_role("alertdialog").wait_for()
    here.refresh_from_db()
    assert here.last_activity == last
    with at(last + timedelta(minutes=15, seconds=1)):
        page.clock.fast_forward("00:31")
        page.get_by_role("heading", name="Sign in").wait_for()
