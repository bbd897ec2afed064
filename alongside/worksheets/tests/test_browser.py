"""Worksheets on a phone (390 by 844), in a real browser: the client fills a Step 4 row and
shares it; the advocate reads it and comments; the client reads the comment. Typing after
the session ended is kept and saved after signing in again. Screenshots go to
docs/screenshots/ to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest

from alongside.signins.models import Session
from alongside.testing.browser import chromium, sign_in
from alongside.testing.personas import give_portal_account
from alongside.worksheets.models import Comment, Entry

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch):
    with chromium(monkeypatch) as launched:
        yield launched


def phone(browser):
    return browser.new_context(viewport=PHONE, device_scale_factor=1).new_page()


def test_client_shares_a_step_4_row_and_reads_the_advocates_comment(browser, live_server, cast):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    account = give_portal_account(cast.casey, "casey@portal.test")
    base = live_server.url

    client_page = phone(browser)
    sign_in(client_page, base, account.email)
    client_page.goto(f"{base}/me/worksheets/")
    client_page.get_by_text("Nothing here yet").wait_for()
    client_page.get_by_label("Worksheet", exact=True).select_option("inventory")
    client_page.get_by_role("button", name="Open").click()
    client_page.get_by_role("heading", name="Step 4 inventory").wait_for()
    client_page.get_by_role("link", name="Add a row").first.click()
    client_page.get_by_label("Who or what").fill("My old landlord")
    client_page.get_by_label("What happened").fill("Kept my deposit")
    client_page.get_by_role("button", name="Save this row").click()
    client_page.get_by_text("Only you can see this row").wait_for()

    # Autosave while typing: the words reach the server with no button pressed.
    client_page.get_by_label("My part in it").fill("I left without notice")
    client_page.locator("#save-state .saved").wait_for()
    client_page.wait_for_function("() => document.querySelector('[data-unsaved]').hidden")
    entry = Entry.objects.get()
    assert entry.answers()["my_part"] == "I left without notice"

    client_page.get_by_role("link", name="Share this row with my advocate").click()
    client_page.get_by_label("Yes, I am sure").check()
    client_page.get_by_role("button", name="Share", exact=True).click()
    client_page.get_by_text("Shared with your advocate.").wait_for()
    entry.refresh_from_db()
    assert entry.shared

    advocate = phone(browser)
    sign_in(advocate, base, cast.ana)
    advocate.goto(f"{base}/clients/{cast.casey.public_id}/worksheets/")
    advocate.get_by_text("Kept my deposit").wait_for()
    advocate.get_by_label("Comment").fill("That took courage. Let's talk it through Thursday.")
    advocate.screenshot(path=SCREENSHOTS / "worksheet-pra.png", full_page=True)
    advocate.get_by_role("button", name="Add comment").click()
    advocate.get_by_text("Comment added").wait_for()
    assert Comment.objects.get().author == cast.ana

    client_page.goto(f"{base}/me/worksheets/{entry.worksheet.public_id}/rows/{entry.public_id}/")
    client_page.get_by_text("That took courage.").wait_for()
    client_page.screenshot(path=SCREENSHOTS / "worksheet-client.png", full_page=True)


def test_typing_after_the_session_ended_is_kept_and_saved_after_signing_in(
    browser, live_server, cast
):
    account = give_portal_account(cast.casey, "casey@portal.test")
    base = live_server.url
    page = phone(browser)
    sign_in(page, base, account.email)
    page.goto(f"{base}/me/worksheets/")
    page.get_by_label("Worksheet", exact=True).select_option("inventory")
    page.get_by_role("button", name="Open").click()
    page.get_by_role("link", name="Add a row").first.click()
    page.get_by_label("Who or what").fill("My cousin")
    page.get_by_role("button", name="Save this row").click()
    page.get_by_text("Only you can see this row").wait_for()
    row_url = page.url.split("?")[0]

    Session.objects.all().delete()  # the session ends while the page is open
    page.get_by_label("What happened").fill("Words typed after the session ended")
    page.locator("[data-unsaved]").wait_for(state="visible")
    assert Entry.objects.get().answers().get("what", "") == ""

    sign_in(page, base, account.email, next_url=row_url.removeprefix(base))
    page.locator("[data-restored]").wait_for(state="visible")
    assert page.get_by_label("What happened").input_value() == "Words typed after the session ended"
    # Saved, and the kept copy is gone from the tab once the server has the words.
    page.wait_for_function(
        "() => !Object.keys(sessionStorage).some(k => k.startsWith('alongside-worksheet-draft:'))"
    )
    page.locator("#save-state .saved").wait_for()
    assert Entry.objects.get().answers()["what"] == "Words typed after the session ended"


def test_client_deletes_a_row_after_confirming(browser, live_server, cast):
    from alongside.worksheets.tests.factories import inventory, resentment

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    account = give_portal_account(cast.casey, "casey@portal.test")
    entry = resentment(account, inventory(account, cast.casey), who="My old landlord")
    page = phone(browser)
    sign_in(page, live_server.url, account.email)
    page.goto(
        f"{live_server.url}/me/worksheets/{entry.worksheet.public_id}/rows/{entry.public_id}/"
    )
    page.get_by_role("link", name="Delete this row").click()
    page.get_by_role("heading", name="Delete this row?").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "worksheet-delete-row.png"), full_page=True)
    page.get_by_role("button", name="Delete this row").click()
    page.get_by_text("Tick the box to confirm.").wait_for()
    assert Entry.objects.filter(pk=entry.pk).exists()
    page.get_by_label("Yes, I am sure").check()
    page.get_by_role("button", name="Delete this row").click()
    page.get_by_text("Row deleted.").wait_for()
    assert not Entry.objects.filter(pk=entry.pk).exists()
    assert "My old landlord" not in page.inner_text("main")
