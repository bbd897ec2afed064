"""The disclosure gate: refused without a consent in force that covers recipient, purpose and
information; every output it lets out carries the notice and the consent summary, and has its
ledger row."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.clients.models import Episode
from alongside.consent import record
from alongside.consent.gate import (
    DisclosureRefused,
    Recipient,
    ScopeViolation,
    disclose,
    response_for,
)
from alongside.consent.models import Category, Disclosure, LegalBasis, Purpose, RecipientClass
from alongside.consent.queries import active_consent_for
from alongside.consent.record import Section, build_record
from alongside.consent.services import record_expiry_event, revoke_consent
from alongside.consent.statements import (
    REDISCLOSURE_NOTICE,
    REDISCLOSURE_NOTICE_CLOSING,
    REDISCLOSURE_NOTICE_SHORT,
    redisclosure_notice_text,
)
from alongside.consent.tests.factories import (
    CLINIC,
    make_consent,
    make_counseling_consent,
    make_tpo_consent,
    today,
)
from alongside.safetyplans.tests.factories import make_plan
from alongside.testing.personas import make_checkin

CANARY = "COUNSELING-NOTE-CANARY-7f3a"
CLINIC_RECIPIENT = Recipient(CLINIC)


def ledger_rows() -> int:
    return Disclosure.objects.count()


@pytest.fixture
def counseling_notes_held(monkeypatch):
    """Pretend Alongside holds a counseling note (it holds none yet) so the rule can be seen
    working: the canary must never leave under anything but its own consent."""

    def with_a_note(client):
        return Section(
            Category.COUNSELING_NOTES, "Counseling notes", ("When", "Note"), [("today", CANARY)]
        )

    monkeypatch.setitem(record.BUILDERS, Category.COUNSELING_NOTES, with_a_note)


# --- Refused: 0 succeed -------------------------------------------------------------------


def _refusal_cases(cast):
    """Each way a disclosure must be refused, as (name, consent to use or None, request)."""
    in_force = dict(
        recipient=CLINIC_RECIPIENT, purpose=Purpose.TREATMENT, scope={Category.CHECKINS}
    )
    expired = make_consent(
        cast.casey,
        cast.ana,
        signed_on=today() - timedelta(days=60),
        expires_on=today() - timedelta(days=1),
    )
    revoked = make_consent(cast.casey, cast.ana)
    revoke_consent(cast.ana, revoked, "wet_scanned", signed_by="Casey")
    current = make_consent(cast.jordan, cast.ana)
    return [
        ("expired", expired, cast.casey, in_force),
        ("revoked", revoked, cast.casey, in_force),
        (
            "wrong recipient",
            current,
            cast.jordan,
            {**in_force, "recipient": Recipient("Acme Staffing")},
        ),
        ("wrong purpose", current, cast.jordan, {**in_force, "purpose": Purpose.EMPLOYMENT}),
        ("out of scope", current, cast.jordan, {**in_force, "scope": {Category.MESSAGES}}),
        (
            "partly out of scope",
            current,
            cast.jordan,
            {**in_force, "scope": {Category.CHECKINS, Category.CONTACTS}},
        ),
        (
            "counseling notes",
            current,
            cast.jordan,
            {**in_force, "scope": {Category.COUNSELING_NOTES}},
        ),
    ]


def test_disclosures_under_an_unusable_consent_are_all_refused_and_write_nothing(cast):
    cases = _refusal_cases(cast)
    succeeded = []
    for name, consent, client, request in cases:
        for chosen in (consent, None):  # the consent the person picked, or "find one"
            before = ledger_rows()
            try:
                disclose(
                    cast.sam,
                    client,
                    request["recipient"],
                    request["purpose"],
                    request["scope"],
                    build_record,
                    consent=chosen,
                )
            except DisclosureRefused as refused:
                assert refused.reasons, name
            else:
                succeeded.append(name)
            assert ledger_rows() == before, name
    assert succeeded == []
    assert ledger_rows() == 0
    denied = AccessEvent.objects.filter(action=Action.EXPORT, outcome=Outcome.DENIED).count()
    assert denied == 2 * len(cases)
    assert not AccessEvent.objects.filter(action=Action.EXPORT, outcome=Outcome.SUCCESS).exists()


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("expired", "expired on"),
        ("revoked", "revoked on"),
        ("wrong recipient", "is not a recipient this consent names (Northside Family Clinic)"),
        ("wrong purpose", "is not a purpose this consent allows (Treatment)"),
        ("out of scope", "Not covered by this consent: Messages"),
        ("counseling notes", "Counseling notes need their own separate consent"),
    ],
)
def test_each_refusal_says_why(cast, case, words):
    _name, consent, client, request = next(c for c in _refusal_cases(cast) if c[0] == case)
    with pytest.raises(DisclosureRefused) as refused:
        disclose(
            cast.sam,
            client,
            request["recipient"],
            request["purpose"],
            request["scope"],
            build_record,
            consent=consent,
        )
    assert words in " ".join(refused.value.reasons)


def test_without_any_consent_nothing_is_disclosed(cast):
    with pytest.raises(DisclosureRefused) as refused:
        disclose(
            cast.sam,
            cast.casey,
            CLINIC_RECIPIENT,
            Purpose.TREATMENT,
            {Category.CHECKINS},
            build_record,
        )
    assert "No consent in force" in refused.value.reasons[0]
    assert ledger_rows() == 0


def test_another_clients_consent_cannot_be_used(cast):
    jordans = make_consent(cast.jordan, cast.ana)
    with pytest.raises(DisclosureRefused):
        disclose(
            cast.sam,
            cast.casey,
            CLINIC_RECIPIENT,
            Purpose.TREATMENT,
            {Category.CHECKINS},
            build_record,
            consent=jordans,
        )
    assert ledger_rows() == 0


def test_a_revocation_blocks_the_very_next_disclosure(cast):
    consent = make_consent(cast.casey, cast.ana)
    disclose(
        cast.sam,
        cast.casey,
        CLINIC_RECIPIENT,
        Purpose.TREATMENT,
        {Category.CHECKINS},
        build_record,
        consent=consent,
    )
    revoke_consent(cast.ana, consent, "staff_recorded", signed_by="Casey")
    with pytest.raises(DisclosureRefused):
        disclose(
            cast.sam,
            cast.casey,
            CLINIC_RECIPIENT,
            Purpose.TREATMENT,
            {Category.CHECKINS},
            build_record,
            consent=consent,
        )
    assert ledger_rows() == 1


def test_a_consent_is_in_force_through_its_expiry_date_and_not_after(cast):
    consent = make_consent(cast.casey, cast.ana, expires_on=today() + timedelta(days=2))
    zone_now = timezone.now()
    assert consent.is_active(zone_now + timedelta(days=1))
    assert not consent.is_active(zone_now + timedelta(days=4))


def test_an_event_consent_ends_when_the_event_is_recorded(cast):
    consent = make_consent(
        cast.casey, cast.ana, expiry="event", expiry_event="Casey finds a job", expires_on=None
    )
    assert consent.is_active(timezone.now())
    record_expiry_event(cast.ana, consent, today())
    with pytest.raises(DisclosureRefused) as refused:
        disclose(
            cast.sam,
            cast.casey,
            CLINIC_RECIPIENT,
            Purpose.TREATMENT,
            {Category.CHECKINS},
            build_record,
            consent=consent,
        )
    assert "expiry event" in refused.value.reasons[0]


def test_an_end_of_treatment_consent_ends_at_discharge_and_not_back_on_readmission(cast):
    consent = make_tpo_consent(cast.casey, cast.sam)
    provider = Recipient("St. Mary's Hospital", RecipientClass.TREATING_PROVIDERS)
    disclose(cast.sam, cast.casey, provider, Purpose.TREATMENT, {Category.CHECKINS}, build_record)
    discharged = timezone.now() - timedelta(minutes=5)
    Episode.objects.filter(client=cast.casey).update(
        discharged_at=discharged, discharge_reason="completed"
    )
    Episode.objects.create(
        organization=cast.org,
        client=cast.casey,
        program=cast.outpatient,
        level_of_care="outpatient",
        admitted_at=timezone.now() - timedelta(minutes=1),
    )
    consent.refresh_from_db()
    assert "end of treatment" in consent.inactive_reason(timezone.now())
    with pytest.raises(DisclosureRefused):
        disclose(
            cast.sam, cast.casey, provider, Purpose.TREATMENT, {Category.CHECKINS}, build_record
        )


# --- Allowed: notice, summary, ledger -----------------------------------------------------


def test_a_disclosure_under_a_specific_consent_carries_the_notice_and_summary_and_is_in_the_ledger(
    cast,
):
    make_checkin(cast.casey, went_well="Went to a meeting with my sister")
    make_plan(cast.casey, cast.ana)
    consent = make_consent(cast.casey, cast.ana)
    disclosed = disclose(
        cast.sam,
        cast.casey,
        Recipient(" northside  family clinic "),
        Purpose.TREATMENT,
        {Category.CHECKINS, Category.SAFETY_PLAN},
        build_record,
    )
    html = disclosed.content
    assert REDISCLOSURE_NOTICE_SHORT in html
    assert REDISCLOSURE_NOTICE.replace("'", "&#x27;") in html
    assert REDISCLOSURE_NOTICE_CLOSING in html
    assert consent.summary().replace("'", "&#x27;") in html
    assert "Went to a meeting with my sister" in html
    assert "<title>Disclosed record · Alongside</title>" in html
    row = disclosed.disclosure
    assert row.consent == consent
    assert row.basis == LegalBasis.CONSENT
    assert row.client == cast.casey and row.organization == cast.org
    assert row.recipient_name == "northside family clinic"
    assert row.purpose == Purpose.TREATMENT
    assert row.scope == [Category.CHECKINS, Category.SAFETY_PLAN]
    assert row.made_by == cast.sam
    assert row.description.startswith("Check-ins, Safety plan")
    assert row.output_sha256 == hashlib.sha256(html.encode()).hexdigest()
    assert str(row.public_id) in html
    assert AccessEvent.objects.filter(
        action=Action.EXPORT, outcome=Outcome.SUCCESS, object_public_id=str(row.public_id)
    ).exists()


def test_a_csv_disclosure_starts_with_the_notice_and_the_consent_summary(cast):
    make_checkin(cast.casey, went_well='=HYPERLINK("http://x")')
    consent = make_consent(cast.casey, cast.ana)
    disclosed = disclose(
        cast.sam,
        cast.casey,
        CLINIC_RECIPIENT,
        Purpose.TREATMENT,
        {Category.CHECKINS},
        build_record,
        output_format="csv",
    )
    rows = list(csv.reader(io.StringIO(disclosed.content)))
    assert rows[0] == [REDISCLOSURE_NOTICE_SHORT]
    assert rows[1] == ["Redisclosure notice (42 CFR 2.32)", redisclosure_notice_text()]
    assert rows[2] == ["Disclosed under", consent.summary()]
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)  # not a formula
    response = response_for(disclosed)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="disclosure-{disclosed.disclosure.public_id}.csv"'
    )
    assert "Casey" not in response["Content-Disposition"]
    assert (
        disclosed.disclosure.output_sha256 == hashlib.sha256(disclosed.content.encode()).hexdigest()
    )


def test_a_tpo_disclosure_carries_the_tpo_statement_too(cast):
    consent = make_tpo_consent(cast.casey, cast.sam)
    disclosed = disclose(
        cast.dana,
        cast.casey,
        Recipient("Blue River Health Plan", RecipientClass.HEALTH_PLANS),
        Purpose.PAYMENT,
        {Category.CONTACTS},
        build_record,
    )
    assert "proceedings against you" in disclosed.content
    assert disclosed.disclosure.consent == consent
    assert disclosed.disclosure.recipient_class == RecipientClass.HEALTH_PLANS


def test_under_a_tpo_consent_the_recipient_must_be_in_a_named_class(cast):
    consent = make_tpo_consent(
        cast.casey, cast.sam, recipient_classes=[RecipientClass.TREATING_PROVIDERS]
    )
    plan = Recipient("Blue River Health Plan", RecipientClass.HEALTH_PLANS)
    with pytest.raises(DisclosureRefused) as refused:
        disclose(
            cast.sam,
            cast.casey,
            plan,
            Purpose.TREATMENT,
            {Category.CONTACTS},
            build_record,
            consent=consent,
        )
    assert "class of recipient" in refused.value.reasons[0]


def test_every_successful_disclosure_has_notice_summary_and_ledger_row(cast):
    make_consent(
        cast.casey,
        cast.ana,
        scope=list(c.value for c in Category if c != Category.COUNSELING_NOTES),
    )
    make_tpo_consent(cast.casey, cast.sam)
    make_counseling_consent(cast.casey, cast.ana)
    requests = [
        (CLINIC_RECIPIENT, Purpose.TREATMENT, {c})
        for c in Category
        if c != Category.COUNSELING_NOTES
    ] + [
        (CLINIC_RECIPIENT, Purpose.TREATMENT, {Category.COUNSELING_NOTES}),
        (
            Recipient("Blue River Health Plan", RecipientClass.PAYERS),
            Purpose.PAYMENT,
            {Category.CONTACTS, Category.CHECKINS},
        ),
    ]
    for output_format in ("html", "csv"):
        for recipient, purpose, scope in requests:
            before = ledger_rows()
            disclosed = disclose(
                cast.sam,
                cast.casey,
                recipient,
                purpose,
                scope,
                build_record,
                output_format=output_format,
            )
            text = disclosed.content.replace("&#x27;", "'")
            assert REDISCLOSURE_NOTICE_SHORT in text
            assert "(42 CFR part 2). These rules prohibit you" in text
            assert disclosed.disclosure.consent.summary() in text
            assert ledger_rows() == before + 1
            assert (
                Disclosure.objects.get(public_id=disclosed.disclosure.public_id).output_sha256
                == hashlib.sha256(disclosed.content.encode()).hexdigest()
            )


def test_a_court_ordered_disclosure_needs_the_order_reference(cast):
    with pytest.raises(ValidationError) as caught:
        disclose(
            cast.dana,
            cast.casey,
            Recipient("County Court"),
            Purpose.CLIENT_REQUEST,
            {Category.CHECKINS},
            build_record,
            basis=LegalBasis.COURT_ORDER,
        )
    assert "basis_reference" in caught.value.message_dict
    disclosed = disclose(
        cast.dana,
        cast.casey,
        Recipient("County Court"),
        Purpose.CLIENT_REQUEST,
        {Category.CHECKINS},
        build_record,
        basis=LegalBasis.COURT_ORDER,
        basis_reference="Order 2026-CV-118 (42 CFR 2.64), Judge Ortiz",
    )
    assert disclosed.disclosure.basis == LegalBasis.COURT_ORDER
    assert disclosed.disclosure.consent is None
    assert "Order 2026-CV-118" in disclosed.content
    assert REDISCLOSURE_NOTICE_SHORT in disclosed.content


@pytest.mark.parametrize("who", ["ana", "cleo", "alex", "oscar"])
def test_only_supervisors_and_directors_disclose(cast, who):
    make_consent(cast.casey, cast.ana)
    with pytest.raises(PermissionDenied):
        disclose(
            getattr(cast, who),
            cast.casey,
            CLINIC_RECIPIENT,
            Purpose.TREATMENT,
            {Category.CHECKINS},
            build_record,
        )
    assert ledger_rows() == 0


def test_bad_input_is_a_validation_error_and_writes_nothing(cast):
    make_consent(cast.casey, cast.ana)
    for recipient, purpose, scope, output_format in [
        (Recipient("  "), Purpose.TREATMENT, {Category.CHECKINS}, "html"),
        (CLINIC_RECIPIENT, "gossip", {Category.CHECKINS}, "html"),
        (CLINIC_RECIPIENT, Purpose.MEDICAL_EMERGENCY, {Category.CHECKINS}, "html"),
        (CLINIC_RECIPIENT, Purpose.TREATMENT, set(), "html"),
        (CLINIC_RECIPIENT, Purpose.TREATMENT, {"diary"}, "html"),
        (CLINIC_RECIPIENT, Purpose.TREATMENT, {Category.CHECKINS}, "pdf"),
    ]:
        with pytest.raises(ValidationError):
            disclose(
                cast.sam,
                cast.casey,
                recipient,
                purpose,
                scope,
                build_record,
                output_format=output_format,
            )
    assert ledger_rows() == 0


def test_active_consent_for_finds_the_newest_consent_that_covers_it(cast):
    older = make_consent(cast.casey, cast.ana, signed_on=today() - timedelta(days=10))
    newer = make_consent(cast.casey, cast.ana, signed_on=today())
    other = make_consent(
        cast.casey, cast.ana, recipient_names=["Acme Staffing"], purposes=[Purpose.EMPLOYMENT]
    )
    assert (
        active_consent_for(cast.casey, CLINIC, "", Purpose.TREATMENT, {Category.CHECKINS}) == newer
    )
    assert (
        active_consent_for(cast.casey, "acme staffing", "", Purpose.EMPLOYMENT, {Category.CHECKINS})
        == other
    )
    assert (
        active_consent_for(cast.casey, CLINIC, "", Purpose.EMPLOYMENT, {Category.CHECKINS}) is None
    )
    revoke_consent(cast.ana, newer, "wet_scanned", signed_by="Casey")
    assert (
        active_consent_for(cast.casey, CLINIC, "", Purpose.TREATMENT, {Category.CHECKINS}) == older
    )


# --- Counseling notes ---------------------------------------------------------------------


def test_counseling_notes_never_appear_in_an_export_under_the_general_consent(
    cast, counseling_notes_held
):
    general = [c.value for c in Category if c != Category.COUNSELING_NOTES]
    make_consent(cast.casey, cast.ana, scope=general)
    make_tpo_consent(cast.casey, cast.sam)
    for output_format in ("html", "csv"):
        everything = disclose(
            cast.sam,
            cast.casey,
            CLINIC_RECIPIENT,
            Purpose.TREATMENT,
            set(general),
            build_record,
            output_format=output_format,
        )
        assert CANARY not in everything.content
        for scope in ({Category.COUNSELING_NOTES}, {*general, Category.COUNSELING_NOTES}):
            with pytest.raises(DisclosureRefused):
                disclose(
                    cast.sam,
                    cast.casey,
                    CLINIC_RECIPIENT,
                    Purpose.TREATMENT,
                    scope,
                    build_record,
                    output_format=output_format,
                )
        with pytest.raises(DisclosureRefused):
            disclose(
                cast.sam,
                cast.casey,
                Recipient("Dr. Wu", RecipientClass.TREATING_PROVIDERS),
                Purpose.TREATMENT,
                {Category.COUNSELING_NOTES},
                build_record,
            )
    assert not any(CANARY in d.description for d in Disclosure.objects.all())


def test_a_render_that_slips_counseling_notes_in_is_stopped(cast, counseling_notes_held):
    make_consent(cast.casey, cast.ana)

    def careless(client, scope):
        return build_record(client, {*scope, Category.COUNSELING_NOTES})

    with pytest.raises(ScopeViolation):
        disclose(
            cast.sam, cast.casey, CLINIC_RECIPIENT, Purpose.TREATMENT, {Category.CHECKINS}, careless
        )
    assert ledger_rows() == 0
    assert not AccessEvent.objects.filter(action=Action.EXPORT, outcome=Outcome.SUCCESS).exists()


def test_counseling_notes_go_out_only_alone_under_their_own_consent(cast, counseling_notes_held):
    make_consent(cast.casey, cast.ana)
    own = make_counseling_consent(cast.casey, cast.ana)
    with pytest.raises(DisclosureRefused) as refused:
        disclose(
            cast.sam,
            cast.casey,
            CLINIC_RECIPIENT,
            Purpose.TREATMENT,
            {Category.COUNSELING_NOTES, Category.CHECKINS},
            build_record,
        )
    assert "on their own" in refused.value.reasons[0]
    disclosed = disclose(
        cast.sam,
        cast.casey,
        CLINIC_RECIPIENT,
        Purpose.TREATMENT,
        {Category.COUNSELING_NOTES},
        build_record,
    )
    assert CANARY in disclosed.content
    assert disclosed.disclosure.consent == own
