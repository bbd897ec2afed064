"""The inline contact form on the caseload, in a real browser (htmx swaps the responses)."""

from __future__ import annotations

import pytest

from alongside.support.models import Encounter
from alongside.testing.browser import sign_in
from alongside.workspace.tests.test_browser_journey import page  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_inline_form(page, live_server, cast):  # noqa: F811
    sign_in(page, live_server.url, cast.ana)
    page.get_by_role("heading", name="Today").wait_for()
    page.goto(f"{live_server.url}/caseload/")
    page.get_by_role("heading", name="My caseload").wait_for()
    page.locator("details.log-inline summary").first.click()
    form = page.locator("form.inline-form").first
    form.wait_for()
    form.get_by_label("Kind of contact").select_option(label="Phone call")
    return form


def test_inline_contact_is_confirmed_in_place(page, live_server, cast):  # noqa: F811
    form = open_inline_form(page, live_server, cast)
    form.get_by_label("Minutes").fill("15")
    form.get_by_role("button", name="Save contact").click()
    page.get_by_text("Contact with Casey logged (phone call").wait_for()
    assert Encounter.objects.count() == 1


def test_inline_contact_with_bad_input_shows_the_error_in_place(page, live_server, cast):  # noqa: F811
    form = open_inline_form(page, live_server, cast)
    form.get_by_label("Minutes").fill("5000")
    with page.expect_response(lambda r: "inline=1" in r.url and r.request.method == "POST"):
        form.get_by_role("button", name="Save contact").click()
    error = page.get_by_text("Ensure this value is less than or equal to 1440.")
    error.wait_for(timeout=3000)
    assert Encounter.objects.count() == 0
