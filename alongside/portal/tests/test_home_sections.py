"""The portal home's assessment and safety-plan sections."""

from __future__ import annotations

from alongside.testing.personas import give_portal_account, login


def test_a_questionnaire_due_shows_on_the_home_page(client, cast):
    # Newcomer was admitted today: the intake BARC-10 is due.
    account = give_portal_account(cast.newcomer, "newcomer@example.test")
    login(client, account)
    page = client.get("/me/").text
    assert "A few questions for you" in page
    assert "/me/assessments/" in page


def test_no_questionnaire_section_when_nothing_is_due(client, cast):
    from alongside.assessments.services import record_assessment

    account = give_portal_account(cast.newcomer, "newcomer@example.test")
    record_assessment(
        account, cast.newcomer, "barc10", {f"q{n}": 4 for n in range(1, 11)}, source="portal"
    )
    login(client, account)
    assert "A few questions for you" not in client.get("/me/").text


def test_the_home_page_offers_to_start_a_safety_plan(client, cast):
    account = give_portal_account(cast.casey, "casey@example.test")
    login(client, account)
    page = client.get("/me/").text
    assert "You have not made a safety plan yet" in page
