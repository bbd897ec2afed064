"""On a phone: the client answers the PHQ-9 with item 9 above 0 and sees the crisis
resources with their result; the advocate reads the trend. Screenshots go to
test-artifacts/ (assessment-*.png)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.assessments.models import Source
from alongside.assessments.services import record_assessment
from alongside.testing.browser import sign_in as sign_in_both_steps
from alongside.testing.personas import give_portal_account
from alongside.workspace.tests.test_browser_journey import ARTIFACTS, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email, next_url):  # noqa: F811
    sign_in_both_steps(page, live_server.url, email, next_url=next_url)


def test_a_client_answers_the_phq9_on_a_phone_and_sees_help_with_the_result(
    page,  # noqa: F811
    live_server,
    cast,
):
    ARTIFACTS.mkdir(exist_ok=True)
    give_portal_account(cast.casey, "casey@example.test")
    cast.residential.settings = {"on_call": {"label": "Hope Valley on call", "phone": "555-0100"}}
    cast.residential.save()
    record_assessment(
        cast.casey.user,
        cast.casey,
        "barc10",
        {f"q{n}": 5 for n in range(1, 11)} | {"q5": 6},
        source=Source.PORTAL,
        occurred_at=timezone.now() - timedelta(days=15),
    )

    sign_in(page, live_server, "casey@example.test", "/me/assessments/")
    page.get_by_role("heading", name="Questionnaires").wait_for()
    page.screenshot(path=ARTIFACTS / "assessment-list-phone.png", full_page=True)
    page.get_by_text("Other questionnaires you can answer any time").click()
    page.get_by_role("link", name="Patient Health Questionnaire (PHQ-9)").click()

    page.get_by_role("heading", name="Patient Health Questionnaire (PHQ-9)").wait_for()
    answers = ["Several days", "Several days", "Not at all", "More than half the days"]
    answers += ["Not at all"] * 4 + ["Several days", "Somewhat difficult"]
    for group, answer in zip(page.get_by_role("group").all(), answers, strict=True):
        group.get_by_text(answer, exact=True).click()
    page.screenshot(path=ARTIFACTS / "assessment-phq9-phone.png", full_page=True)
    page.get_by_role("button", name="See my results").click()

    page.get_by_role("heading", name="Thank you for answering").wait_for()
    crisis = page.locator("section.crisis")
    assert crisis.get_by_role("link", name="Call 988").get_attribute("href") == "tel:988"
    assert crisis.get_by_role("link", name="Text 988").get_attribute("href") == "sms:988"
    assert crisis.get_by_role("link", name="Call 911").is_visible()
    assert "Hope Valley on call" in crisis.inner_text()
    assert "Your answers show some low mood" in page.locator("main").inner_text()
    page.screenshot(path=ARTIFACTS / "assessment-result-phone.png", full_page=True)


def test_the_advocate_reads_the_trend_on_a_phone(page, live_server, cast):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    now = timezone.now()
    for days_ago, (q1, q2, q3) in zip(
        (150, 120, 90, 60, 30, 1),
        ((3, 3, 3), (3, 3, 2), (2, 2, 2), (2, 1, 1), (1, 1, 1), (1, 0, 0)),
        strict=True,
    ):
        answers = {f"q{n}": 1 for n in range(1, 10)} | {"q1": q1, "q2": q2, "q3": q3, "q9": 0}
        record_assessment(
            cast.ana,
            cast.casey,
            "phq9",
            answers,
            source=Source.STAFF,
            occurred_at=now - timedelta(days=days_ago),
        )
    for days_ago, value in ((120, 3), (60, 4), (2, 5)):
        record_assessment(
            cast.ana,
            cast.casey,
            "barc10",
            {f"q{n}": value for n in range(1, 11)},
            source=Source.STAFF,
            occurred_at=now - timedelta(days=days_ago),
        )

    sign_in(page, live_server, cast.ana.email, f"/clients/{cast.casey.public_id}/assessments/")
    page.get_by_role("heading", name="Assessments for Casey").wait_for()
    chart = page.get_by_role("img", name="PHQ-9 totals over time")
    assert chart.is_visible()
    chart.screenshot(path=ARTIFACTS / "assessment-trend-chart-phone.png")
    assert page.get_by_role("table").count() == 2  # one per chart
    page.screenshot(path=ARTIFACTS / "assessment-trends-phone.png", full_page=True)

    page.get_by_role("link", name="GAD-7").click()
    page.get_by_role("heading", name="GAD-7 with Casey").wait_for()
    page.get_by_role("button", name="Save GAD-7").click()
    page.get_by_text("Answer at least one question.").wait_for()
    page.screenshot(path=ARTIFACTS / "assessment-give-errors-phone.png", full_page=True)
