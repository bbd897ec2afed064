"""Break-glass and its review on a phone, in a real browser (Debian's Chromium, headless):
an administrator opens a record with a reason, the privacy officer finds it in the queue and
the log. Screenshots go to test-artifacts/; the pages must run under the Content Security
Policy without a single violation."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.utils import timezone

from alongside.audit.models import BreakGlassReason
from alongside.privacy.services import Identity, break_glass
from alongside.testing.browser import chromium, sign_in
from alongside.testing.personas import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch):
    with chromium(monkeypatch) as launched:
        yield launched


def _phone(browser, problems: list[str]):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.text} {message.location.get('url')}")
            if message.type == "error"
            else None
        ),
    )
    return context, page


def test_break_glass_and_its_review_on_a_phone(browser, live_server, cast):
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    # Yesterday's break-glass by Ben, over and waiting for review.
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=1)):
        break_glass(
            cast.ben,
            Identity(public_id=cast.casey.public_id),
            reason=BreakGlassReason.SAFETY,
            explanation="Casey texted about not feeling safe; Ana is on leave.",
        )

    context, page = _phone(browser, problems)
    sign_in(page, live_server.url, cast.alex)
    page.get_by_role("link", name="Break glass").click()
    page.get_by_role("heading", name="Break the glass").wait_for()
    page.get_by_label("Record number").fill(str(cast.riley.public_id))
    page.get_by_label("Covering for an absent colleague").check()
    page.get_by_label("In your own words").fill("Ben is off today and Riley's sister called.")
    page.get_by_label("Your passphrase").fill(PASSWORD)
    page.screenshot(path=ARTIFACTS / "break-glass-form-phone.png", full_page=True)
    page.get_by_role("button", name="Open the record for 60 minutes").click()
    page.get_by_role("heading", name="Riley").wait_for()
    assert "Every page you open is recorded" in page.content()
    page.screenshot(path=ARTIFACTS / "break-glass-opened-phone.png", full_page=True)
    context.close()

    context, page = _phone(browser, problems)
    sign_in(page, live_server.url, cast.pat)
    page.get_by_role("heading", name="Audit log").wait_for()
    page.screenshot(path=ARTIFACTS / "audit-review-phone.png", full_page=True)
    page.get_by_text("Search the log").click()
    page.get_by_label("Client record number").fill(str(cast.riley.public_id))
    page.get_by_role("button", name="Search").click()
    page.get_by_text("Break-glass").first.wait_for()
    page.screenshot(path=ARTIFACTS / "audit-review-client-phone.png", full_page=True)
    page.get_by_role("link", name="Break-glass review").click()
    page.get_by_role("heading", name="Waiting for review (2)").wait_for()
    page.screenshot(path=ARTIFACTS / "review-queue-phone.png", full_page=True)
    page.get_by_role("link", name="Ben Advocate").click()
    page.get_by_label("Appropriate").check()
    page.get_by_label("Note").fill("Spoke with Ben: safety call, handed to on call.")
    page.screenshot(path=ARTIFACTS / "review-sign-off-phone.png", full_page=True)
    page.get_by_role("button", name="Sign off").click()
    page.get_by_role("heading", name="Waiting for review (1)").wait_for()
    context.close()

    # Chromium asks for /favicon.ico on its own; there is none (not a page's doing).
    assert [p for p in problems if not p.endswith("/favicon.ico")] == []
