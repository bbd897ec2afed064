"""The staff pages: consents and the ledger, recording a consent, a consent with its written
revocation, disclosing a record, the emergency disclosure form and the accounting."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.consent.gate import Recipient, disclose, record_emergency_disclosure
from alongside.consent.models import (
    Category,
    Consent,
    Disclosure,
    EmergencyDisclosure,
    LegalBasis,
    Purpose,
)
from alongside.consent.record import build_record
from alongside.consent.statements import REDISCLOSURE_NOTICE_SHORT
from alongside.consent.tests.factories import (
    CLINIC,
    login_long_ago,
    login_recently,
    make_consent,
    make_tpo_consent,
    today,
)
from alongside.notifications.delivery import render_notice
from alongside.notifications.models import Delivery
from alongside.organizations.models import Membership, Role
from alongside.testing.personas import login, make_checkin, make_member
from alongside.testing.querycount import count_queries


def url(name: str, client: Any, *args: Any) -> str:
    return reverse(f"consent:{name}", args=[client.public_id, *args])


def body_of(response) -> str:
    return response.content.decode()


# --- Consents and the ledger --------------------------------------------------------------


def test_urls_carry_no_personal_details(cast):
    casey = cast.casey.public_id
    assert url("consents", cast.casey) == f"/clients/{casey}/consents/"
    assert url("new_disclosure", cast.casey) == f"/clients/{casey}/disclosures/new/"
    assert url("accounting", cast.casey) == f"/clients/{casey}/disclosures/accounting/"


def test_advocate_sees_consents_and_disclosures_and_the_read_is_audited(client, cast):
    consent = make_consent(cast.casey, cast.ana)
    make_tpo_consent(cast.casey, cast.ana)
    disclose(
        cast.sam,
        cast.casey,
        Recipient(CLINIC),
        Purpose.TREATMENT,
        {Category.CHECKINS},
        build_record,
    )
    login(client, cast.ana)
    response = client.get(url("consents", cast.casey))
    body = body_of(response)
    assert response.status_code == 200
    assert "<title>Consents and disclosures · Alongside</title>" in body
    assert "Consents of Casey" in body
    assert CLINIC in body and "Treatment, payment and operations" in body
    assert url("consent", cast.casey, consent.public_id) in body
    assert "Check-ins (printable page)" in body
    assert "Disclose record" not in body  # advocates do not disclose
    assert AccessEvent.objects.filter(
        user_id=cast.ana.pk, client_id=cast.casey.pk, action=Action.VIEW, object_type="consents"
    ).exists()


def test_the_profile_links_to_consents_for_those_who_may_read_them(client, cast):
    login(client, cast.ana)
    assert url("consents", cast.casey) in body_of(
        client.get(reverse("workspace:client", args=[cast.casey.public_id]))
    )
    login(client, cast.cleo)
    assert url("consents", cast.casey) not in body_of(
        client.get(reverse("workspace:client", args=[cast.casey.public_id]))
    )


def test_clinicians_cannot_read_consents_and_the_attempt_is_audited(client, cast):
    login(client, cast.cleo)
    assert client.get(url("consents", cast.casey)).status_code == 403
    assert AccessEvent.objects.filter(user_id=cast.cleo.pk, outcome=Outcome.DENIED).exists()


def test_the_consents_page_costs_the_same_queries_whatever_the_history(client, cast):
    login(client, cast.sam)
    make_consent(cast.casey, cast.ana)
    count_queries(client, url("consents", cast.casey))
    few = count_queries(client, url("consents", cast.casey))
    for _ in range(4):
        make_consent(cast.casey, cast.ana)
        make_tpo_consent(cast.casey, cast.ana)
        disclose(
            cast.sam,
            cast.casey,
            Recipient(CLINIC),
            Purpose.TREATMENT,
            {Category.CHECKINS},
            build_record,
        )
    assert count_queries(client, url("consents", cast.casey)) == few


# --- Recording a consent ------------------------------------------------------------------


def consent_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "consent_type": "specific",
        "discloser": "Hope Valley Recovery",
        "scope": ["checkins", "safety_plan"],
        "recipient_names": "Northside Family Clinic\nDr. Amal Haddad",
        "purposes": ["treatment"],
        "revocation_statement": "on",
        "expiry": "date",
        "expires_on": (today() + timedelta(days=90)).isoformat(),
        "signer": "client",
        "signer_name": "Casey Morgan",
        "signature_method": "wet_scanned",
        "signed_on": today().isoformat(),
    }
    data.update(overrides)
    return data


def test_advocate_records_a_consent_from_the_form(client, cast):
    login(client, cast.ana)
    assert client.get(url("new_consent", cast.casey)).status_code == 200
    response = client.post(url("new_consent", cast.casey), consent_form())
    consent = Consent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("consent", cast.casey, consent.public_id)
    assert consent.recipient_names == ["Northside Family Clinic", "Dr. Amal Haddad"]
    assert "Hope Valley Recovery" in consent.revocation_statement
    page = body_of(client.get(response["Location"]))
    assert "Dr. Amal Haddad" in page and "Casey Morgan; signed on paper (scanned)" in page


def test_a_tpo_consent_from_the_form_gets_its_fixed_purposes_and_statement(client, cast):
    login(client, cast.sam)
    data = consent_form(
        consent_type="tpo",
        recipient_names="",
        recipient_classes=["treating_providers", "payers"],
        purposes=[],
        expiry="end_of_treatment",
        expires_on="",
    )
    assert client.post(url("new_consent", cast.casey), data).status_code == 302
    consent = Consent.objects.get()
    assert consent.purposes == ["treatment", "payment", "operations"]
    assert consent.tpo_statement


def test_a_form_without_the_revocation_statement_or_signature_changes_nothing(client, cast):
    login(client, cast.ana)
    response = client.post(
        url("new_consent", cast.casey), consent_form(revocation_statement="", signer_name="")
    )
    body = body_of(response)
    assert response.status_code == 422
    assert "right to revoke it in writing and how" in body
    assert "Give the name of the person who signed." in body
    assert Consent.objects.count() == 0


def test_consent_pages_answer_other_methods_with_405(client, cast):
    login(client, cast.ana)
    assert client.put(url("new_consent", cast.casey)).status_code == 405
    assert client.post(url("consents", cast.casey)).status_code == 405
    consent = make_consent(cast.casey, cast.ana)
    assert client.get(url("revoke", cast.casey, consent.public_id)).status_code == 405


# --- A consent and its revocation ---------------------------------------------------------


def test_the_consent_page_shows_every_element_and_the_revocation_statement(client, cast):
    consent = make_consent(cast.casey, cast.ana, information_detail="last 90 days")
    login(client, cast.ana)
    body = body_of(client.get(url("consent", cast.casey, consent.public_id)))
    for words in (
        "Who may disclose",
        "Hope Valley Recovery",
        "Check-ins, Safety plan (last 90 days)",
        CLINIC,
        "Treatment",
        "Casey; signed in person, recorded by staff",
        "You may take back (revoke) this consent at any time, in writing",
        str(consent.public_id),
    ):
        assert words in body
    assert AccessEvent.objects.filter(
        object_type="consent", object_public_id=str(consent.public_id), action=Action.VIEW
    ).exists()


def test_recording_a_revocation_asks_for_the_passphrase_again(client, cast):
    consent = make_consent(cast.casey, cast.ana)
    login_long_ago(client, cast.ana)
    response = client.post(
        url("revoke", cast.casey, consent.public_id), {"how": "wet_scanned", "signed_by": "Casey"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_staff_record_a_written_revocation_and_the_consent_stays_on_file(client, cast):
    consent = make_consent(cast.casey, cast.ana)
    login_recently(client, cast.ana)
    response = client.post(
        url("revoke", cast.casey, consent.public_id), {"how": "wet_scanned", "signed_by": "Casey"}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_by == cast.ana
    assert consent.revocation_how == "wet_scanned"
    assert consent.revocation_signed_by == "Casey"
    body = body_of(client.get(url("consents", cast.casey)))
    assert "revoked" in body and CLINIC in body
    again = client.post(
        url("revoke", cast.casey, consent.public_id), {"how": "wet_scanned", "signed_by": "Casey"}
    )
    assert again.status_code == 422
    assert "already revoked" in body_of(again)


def test_staff_cannot_record_a_portal_e_signature(client, cast):
    consent = make_consent(cast.casey, cast.ana)
    login_recently(client, cast.ana)
    response = client.post(
        url("revoke", cast.casey, consent.public_id), {"how": "portal", "signed_by": "Casey"}
    )
    assert response.status_code == 422
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_recording_the_expiry_event_ends_the_consent(client, cast):
    consent = make_consent(
        cast.casey,
        cast.ana,
        expiry="event",
        expiry_event="Casey starts the new job",
        expires_on=None,
    )
    login(client, cast.ana)
    assert "Has the expiry event happened?" in body_of(
        client.get(url("consent", cast.casey, consent.public_id))
    )
    response = client.post(
        url("expiry_event", cast.casey, consent.public_id), {"happened_on": today().isoformat()}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.status(timezone.now()) == "expired"
    future = client.post(
        url("expiry_event", cast.casey, consent.public_id), {"happened_on": today().isoformat()}
    )
    assert future.status_code == 422


# --- Disclosing a record ------------------------------------------------------------------


def disclosure_form(consent: Consent, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "consent": str(consent.public_id),
        "recipient_name": CLINIC,
        "recipient_class": "",
        "purpose": "treatment",
        "scope": ["checkins"],
        "output_format": "html",
    }
    data.update(overrides)
    return data


def test_advocates_cannot_disclose(client, cast):
    login(client, cast.ana)
    assert client.get(url("new_disclosure", cast.casey)).status_code == 403


def test_the_disclosure_page_lists_the_consents_in_force(client, cast):
    make_consent(cast.casey, cast.ana)
    expired = make_consent(
        cast.casey,
        cast.ana,
        recipient_names=["Old Clinic"],
        signed_on=today() - timedelta(days=30),
        expires_on=today() - timedelta(days=2),
    )
    login(client, cast.sam)
    body = body_of(client.get(url("new_disclosure", cast.casey)))
    assert CLINIC in body
    assert str(expired.public_id) not in body and "Old Clinic" not in body
    assert f'<option value="{CLINIC}">' in body  # the recipients' datalist


def test_without_a_consent_the_page_says_nothing_can_be_disclosed(client, cast):
    login(client, cast.sam)
    assert "nothing can be disclosed" in body_of(client.get(url("new_disclosure", cast.casey)))


def test_disclosing_asks_for_the_passphrase_again_and_sends_nothing_until_then(client, cast):
    consent = make_consent(cast.casey, cast.ana)
    login_long_ago(client, cast.sam)
    response = client.post(url("new_disclosure", cast.casey), disclosure_form(consent))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert Disclosure.objects.count() == 0


def test_supervisor_discloses_a_printable_record_with_the_notice(client, cast):
    make_checkin(cast.casey, went_well="Called my sponsor")
    consent = make_consent(cast.casey, cast.ana)
    login_recently(client, cast.sam)
    response = client.post(url("new_disclosure", cast.casey), disclosure_form(consent))
    body = body_of(response)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Disposition" not in response
    assert REDISCLOSURE_NOTICE_SHORT in body
    assert "Called my sponsor" in body
    assert f"Consent reference: {consent.public_id}" in body
    disclosure = Disclosure.objects.get()
    assert str(disclosure.public_id) in body
    assert disclosure.made_by == cast.sam
    assert "no-store" in response["Cache-Control"]


def test_supervisor_discloses_a_csv_download(client, cast):
    consent = make_consent(cast.casey, cast.ana)
    login_recently(client, cast.dana)
    response = client.post(
        url("new_disclosure", cast.casey), disclosure_form(consent, output_format="csv")
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="disclosure-')
    rows = list(csv.reader(io.StringIO(body_of(response))))
    assert rows[0] == [REDISCLOSURE_NOTICE_SHORT]
    assert Disclosure.objects.get().output_format == "csv"


def test_a_refused_disclosure_shows_why_and_sends_nothing(client, cast):
    consent = make_consent(cast.casey, cast.ana)
    login_recently(client, cast.sam)
    response = client.post(
        url("new_disclosure", cast.casey),
        disclosure_form(
            consent, recipient_name="Acme Staffing", purpose="employment", scope=["messages"]
        ),
    )
    body = body_of(response)
    assert response.status_code == 422
    assert "is not a recipient this consent names" in body
    assert "is not a purpose this consent allows" in body
    assert "Not covered by this consent: Messages" in body
    assert Disclosure.objects.count() == 0
    assert AccessEvent.objects.filter(action=Action.EXPORT, outcome=Outcome.DENIED).count() == 1


def test_a_revoked_consent_cannot_be_chosen(client, cast):
    consent = make_consent(cast.casey, cast.ana)
    login_recently(client, cast.sam)
    client.post(
        url("revoke", cast.casey, consent.public_id),
        {"how": "staff_recorded", "signed_by": "Casey"},
    )
    response = client.post(url("new_disclosure", cast.casey), disclosure_form(consent))
    assert response.status_code in (200, 422)
    assert Disclosure.objects.count() == 0


# --- Emergency disclosures ----------------------------------------------------------------


def in_hope_valley(moment: Any) -> str:
    """Return MOMENT as the date-and-time field shows it to Hope Valley's staff."""
    return moment.astimezone(ZoneInfo("America/Chicago")).strftime("%Y-%m-%dT%H:%M")


def emergency_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "recipient_name": "Paramedic J. Ruiz",
        "facility": "Metro EMS",
        "disclosed_by": "Ana Advocate",
        "occurred_at": in_hope_valley(timezone.now() - timedelta(minutes=10)),
        "nature": "Unresponsive after a suspected opioid overdose",
        "information": "Uses opioids; naloxone given at 14:05; no known allergies",
    }
    data.update(overrides)
    return data


def privacy_officer(cast) -> Any:
    found = Membership.objects.filter(organization=cast.org, role=Role.PRIVACY_OFFICER).first()
    if found is not None:
        return found.user
    return make_member(cast.org, "pat@hope.test", "Pat Privacy", Role.PRIVACY_OFFICER)


def test_advocate_records_an_emergency_disclosure_and_the_privacy_officer_is_told(client, cast):
    officer = privacy_officer(cast)
    login(client, cast.ana)
    response = client.post(url("emergency", cast.casey), emergency_form())
    assert response.status_code == 302
    record = EmergencyDisclosure.objects.get()
    assert record.recipient_name == "Paramedic J. Ruiz" and record.facility == "Metro EMS"
    assert record.disclosed_by == "Ana Advocate"
    assert record.nature.startswith("Unresponsive")
    ledger = record.disclosure
    assert ledger.basis == LegalBasis.MEDICAL_EMERGENCY
    assert ledger.purpose == Purpose.MEDICAL_EMERGENCY
    assert ledger.consent is None and ledger.made_by == cast.ana
    assert ledger.recipient_name == "Paramedic J. Ruiz, Metro EMS"
    assert AccessEvent.objects.filter(
        action=Action.EXPORT, object_public_id=str(ledger.public_id)
    ).exists()
    notices = Delivery.objects.filter(kind="emergency_disclosure")
    assert [n.address for n in notices] == [officer.email]
    subject, text, html = render_notice(notices[0])
    for part in (subject, text, html):
        assert "Casey" not in part and "overdose" not in part and "Metro" not in part
    assert "emergency disclosure" in subject.lower()


def test_without_a_privacy_officer_directors_and_administrators_are_told(cast):
    Membership.objects.filter(role=Role.PRIVACY_OFFICER).update(is_active=False)
    record_emergency_disclosure(
        cast.ana,
        cast.casey,
        recipient_name="Dr. Okafor",
        facility="St. Mary's ED",
        disclosed_by="Ana Advocate",
        disclosed_at=timezone.now(),
        nature="Chest pain",
        information="Current medications",
    )
    addresses = set(
        Delivery.objects.filter(kind="emergency_disclosure").values_list("address", flat=True)
    )
    assert addresses == {cast.dana.email, cast.alex.email}


@pytest.mark.parametrize(
    "missing",
    ["recipient_name", "facility", "disclosed_by", "occurred_at", "nature", "information"],
)
def test_an_emergency_record_needs_all_four_fields_and_what_was_said(client, cast, missing):
    login(client, cast.ana)
    response = client.post(url("emergency", cast.casey), emergency_form(**{missing: ""}))
    assert response.status_code == 422
    assert EmergencyDisclosure.objects.count() == 0 and Disclosure.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_an_emergency_disclosure_cannot_be_in_the_future(client, cast):
    login(client, cast.ana)
    later = in_hope_valley(timezone.now() + timedelta(hours=2))
    assert (
        client.post(url("emergency", cast.casey), emergency_form(occurred_at=later)).status_code
        == 422
    )
    assert Disclosure.objects.count() == 0


# --- The accounting of disclosures --------------------------------------------------------


def test_the_accounting_lists_the_last_three_years_of_disclosures(client, cast):
    make_consent(
        cast.casey,
        cast.ana,
        signed_on=today() - timedelta(days=4 * 365),
        expires_on=today() + timedelta(days=30),
    )
    recent = disclose(
        cast.sam,
        cast.casey,
        Recipient(CLINIC),
        Purpose.TREATMENT,
        {Category.CHECKINS},
        build_record,
    )
    with time_machine.travel(timezone.now() - timedelta(days=3 * 365 + 5), tick=False):
        old = disclose(
            cast.sam,
            cast.casey,
            Recipient(CLINIC),
            Purpose.TREATMENT,
            {Category.SAFETY_PLAN},
            build_record,
        )
    record_emergency_disclosure(
        cast.ana,
        cast.casey,
        recipient_name="Dr. Okafor",
        facility="St. Mary's ED",
        disclosed_by="Ana Advocate",
        disclosed_at=timezone.now(),
        nature="Chest pain",
        information="Current medications",
    )
    login(client, cast.ana)
    body = body_of(client.get(url("accounting", cast.casey)))
    assert str(recent.disclosure.public_id) in body
    assert str(old.disclosure.public_id) not in body
    assert "Dr. Okafor, St. Mary&#x27;s ED" in body
    assert "Medical emergency (42 CFR 2.51)" in body
    assert AccessEvent.objects.filter(
        object_type="disclosure_accounting", action=Action.VIEW
    ).exists()


def test_the_accounting_downloads_as_csv_and_is_audited_as_an_export(client, cast):
    make_consent(cast.casey, cast.ana)
    recent = disclose(
        cast.sam,
        cast.casey,
        Recipient(CLINIC),
        Purpose.TREATMENT,
        {Category.CHECKINS},
        build_record,
    )
    login(client, cast.ana)
    response = client.get(url("accounting_csv", cast.casey))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="accounting-of-disclosures.csv"'
    rows = list(csv.reader(io.StringIO(body_of(response))))
    assert rows[0] == ["Accounting of disclosures"]
    assert rows[4][0] == "Date and time"
    assert rows[5][1] == CLINIC and rows[5][-1] == str(recent.disclosure.public_id)
    assert AccessEvent.objects.filter(
        object_type="disclosure_accounting", action=Action.EXPORT
    ).exists()


def test_clinicians_and_administrators_get_no_accounting(client, cast):
    login(client, cast.cleo)
    assert client.get(url("accounting_csv", cast.casey)).status_code == 403
    login(client, cast.alex)
    assert client.get(url("accounting_csv", cast.casey)).status_code == 404
