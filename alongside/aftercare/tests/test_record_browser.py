"""At a phone viewport, the advocate opens Today, finds a follow-up call due and records
that they reached the person, with the outcome."""

from __future__ import annotations

from pathlib import Path

import pytest

from alongside.aftercare.models import FollowUpOutcome, Status
from alongside.aftercare.tests.factories import discharge_days_ago
from alongside.testing.browser import sign_in
from alongside.workspace.tests.test_browser_journey import (
    PHONE,
    page,  # noqa: F401 - the fixture
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def test_advocate_records_a_reached_followup_from_today(page, live_server, cast):  # noqa: F811
    assert page.viewport_size == PHONE
    episode = discharge_days_ago(cast.sam, cast.casey, 7, end_assignments=True)
    followup = episode.followups.get(days=7)

    sign_in(page, live_server.url, cast.ana)
    page.get_by_role("heading", name="Today").wait_for()
    row = page.locator(f"#today-{cast.casey.public_id}")
    row.get_by_text("Aftercare follow-up due").wait_for()
    row.get_by_role("link", name="Follow-up call").click()
    page.get_by_role("heading", name="Aftercare follow-ups").wait_for()
    page.get_by_role("link", name="Record call").click()
    page.get_by_role("heading", name="7-day follow-up").wait_for()

    page.get_by_role("group", name="What happened?").get_by_label("Reached").check()
    page.get_by_role("group", name="Still in recovery, in their view?").get_by_label("Yes").check()
    page.get_by_label("In their own words").fill("Going to meetings, back at work.")
    for question, answer in (
        ("Housing stable?", "Yes"),
        ("Working or in school?", "Yes"),
        ("Any return to treatment?", "No"),
        ("Any overdose or ER visit?", "No"),
    ):
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "followup-record.png", full_page=True)
    page.get_by_role("button", name="Save the call").click()

    page.get_by_text("Follow-up call saved.").wait_for()
    followup.refresh_from_db()
    assert followup.status == Status.REACHED
    assert FollowUpOutcome.objects.get(follow_up=followup).in_recovery == "yes"


def test_supervisor_sees_the_rates_with_the_target_line(page, live_server, cast):  # noqa: F811
    from datetime import timedelta

    from alongside.aftercare.tests.factories import NO_ANSWER, REACHED, client_today, make_followup
    from alongside.testing.personas import make_client

    today = client_today(cast.casey)
    for number in range(5):
        episode = make_client(cast.residential, f"P{number}", discharged=True).episodes.get()
        reached = number < 4
        make_followup(
            episode,
            7,
            today - timedelta(days=30),
            status=Status.REACHED if reached else Status.SCHEDULED,
            attempts=(REACHED,) if reached else (NO_ANSWER,),
        )
        make_followup(
            episode,
            30,
            today - timedelta(days=10),
            status=Status.REACHED if number < 2 else Status.SCHEDULED,
            attempts=(REACHED,) if number < 2 else (NO_ANSWER,),
        )
    discharge_days_ago(cast.sam, cast.casey, 7)

    page.set_viewport_size({"width": 1100, "height": 900})  # a supervisor's desk
    sign_in(page, live_server.url, cast.sam)
    page.goto(f"{live_server.url}/aftercare/")
    page.get_by_role("heading", name="Follow-up rate by timepoint").wait_for()
    page.get_by_role("img", name="80% against the 80% line").wait_for()
    page.get_by_role("heading", name="Calls due now").wait_for()
    page.screenshot(path=SCREENSHOTS / "followup-rates.png", full_page=True)
