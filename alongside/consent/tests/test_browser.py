"""Consents on a phone, in a real browser: a supervisor records a consent, discloses the record
under it and opens the accounting of disclosures. Screenshots go to test-artifacts/ to be
looked at."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from alongside.consent.models import Consent, Disclosure
from alongside.consent.statements import REDISCLOSURE_NOTICE_SHORT
from alongside.consent.tests.factories import make_consent, make_tpo_consent
from alongside.safetyplans.tests.factories import make_plan
from alongside.testing.browser import chromium, sign_in
from alongside.testing.personas import give_portal_account, make_checkin

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch):
    with chromium(monkeypatch) as browser:
        context = browser.new_context(viewport=PHONE, device_scale_factor=1)
        yield context.new_page()
        context.close()


def test_supervisor_records_a_consent_discloses_and_opens_the_accounting(page, live_server, cast):
    ARTIFACTS.mkdir(exist_ok=True)
    make_checkin(cast.casey, went_well="Went to a meeting with my sister")
    make_checkin(cast.casey, occurred_at=timezone.now() - timedelta(days=2), mood=2, craving=6)
    make_plan(cast.casey, cast.ana)
    base = live_server.url
    casey = cast.casey.public_id
    sign_in(page, base, cast.sam)

    page.goto(f"{base}/clients/{casey}/consents/new/")
    page.get_by_label("Check-ins").check()
    page.get_by_label("Safety plan").check()
    page.get_by_label("Recipients, by name (specific consent)").fill("Northside Family Clinic")
    page.get_by_label("Treatment", exact=True).check()
    page.get_by_label("The consent states the client's right to revoke it").check()
    page.get_by_label("On a date").check()
    expires = (timezone.localdate() + timedelta(days=180)).isoformat()
    page.get_by_label("Expiry date").fill(expires)
    page.get_by_label("Name of the person who signed").fill("Casey Morgan")
    page.get_by_label("Signed on paper (scanned)").check()
    page.screenshot(path=str(ARTIFACTS / "consent-form-390.png"), full_page=True)
    page.get_by_role("button", name="Record the consent").click()
    page.wait_for_load_state()
    assert "Consent recorded." in page.content()
    consent = Consent.objects.get()
    assert consent.recipient_names == ["Northside Family Clinic"]
    page.screenshot(path=str(ARTIFACTS / "consent-detail-390.png"), full_page=True)

    page.goto(f"{base}/clients/{casey}/disclosures/new/")
    page.locator("#id_recipient_name").fill("Northside Family Clinic")
    page.locator("#id_purpose").select_option("treatment")
    page.get_by_label("Check-ins").check()
    page.get_by_label("Safety plan").check()
    page.get_by_role("button", name="Disclose").click()
    page.wait_for_load_state()
    body = page.content()
    assert REDISCLOSURE_NOTICE_SHORT in body
    assert "Went to a meeting with my sister" in body
    assert Disclosure.objects.count() == 1
    page.screenshot(path=str(ARTIFACTS / "disclosure-output-390.png"), full_page=True)

    page.goto(f"{base}/clients/{casey}/disclosures/accounting/")
    assert "Northside Family Clinic" in page.content()
    page.screenshot(path=str(ARTIFACTS / "accounting-390.png"), full_page=True)

    page.goto(f"{base}/clients/{casey}/consents/")
    assert "Northside Family Clinic" in page.content()
    page.screenshot(path=str(ARTIFACTS / "consents-390.png"), full_page=True)


def test_client_revokes_a_consent_in_the_portal_on_a_phone(page, live_server, cast):
    ARTIFACTS.mkdir(exist_ok=True)
    consent = make_consent(cast.casey, cast.ana)
    make_tpo_consent(cast.casey, cast.ana)
    give_portal_account(cast.casey, "casey@example.test")
    base = live_server.url
    sign_in(page, base, "casey@example.test")
    page.goto(f"{base}/me/consents/")
    assert "Northside Family Clinic" in page.content()
    page.screenshot(path=str(ARTIFACTS / "portal-consents-390.png"), full_page=True)
    page.goto(f"{base}/me/consents/{consent.public_id}/revoke/")
    page.get_by_label("Type your full name to sign").fill("Casey Morgan")
    page.get_by_label("I revoke this consent").check()
    page.get_by_role("button", name="Sign and revoke").click()
    page.wait_for_load_state()
    assert "Your consent is revoked" in page.content()
    consent.refresh_from_db()
    assert consent.revoked_at is not None and consent.revocation_how == "portal"
