"""A client on a phone, in a real browser: from the portal home to their record, downloaded
as data and as a page to keep. The screenshot of the page is in docs/screenshots/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alongside.myrecord.tests.records import fill_record
from alongside.safetyplans.tests.test_browser import ARTIFACTS, page  # noqa: F401
from alongside.testing.browser import sign_in

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs/screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_client_downloads_their_record_on_a_phone(page, live_server, cast):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    account = fill_record(cast.casey, cast.ana, "Casey's own words", "casey@portal.test")
    fill_record(cast.jordan, cast.ana, "Jordan's own words", "jordan@portal.test")
    sign_in(page, live_server.url, account.email)

    page.get_by_role("heading", name="Your information").wait_for()
    page.get_by_role("link", name="Download my record").click()
    page.get_by_role("heading", name="Download my record").wait_for()
    page.screenshot(path=SCREENSHOTS / "portal-my-record.png", full_page=True)

    with page.expect_download() as json_download:
        page.get_by_role("button", name="Download as data (JSON)").click()
    saved = json_download.value
    assert saved.suggested_filename.startswith("my-alongside-record-")
    text = Path(saved.path()).read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["profile"]["preferred_name"] == "Casey"
    assert "Casey's own words-from-client" in text
    assert "Jordan" not in text
    assert page.url.endswith("/me/record/")  # the download left the page where it was

    with page.expect_download() as html_download:
        page.get_by_role("button", name="Download as a web page").click()
    kept = ARTIFACTS / "my-record-download.html"
    html_download.value.save_as(kept)
    page.goto(kept.as_uri())
    page.get_by_role("heading", name="My Alongside record").wait_for()
    assert page.get_by_text("Casey's own words-contact-note").is_visible()
    page.screenshot(path=ARTIFACTS / "my-record-download-phone.png", full_page=True)
