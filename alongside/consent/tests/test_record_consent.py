"""Recording a consent: every element 42 CFR 2.31(a) requires, or nothing is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action
from alongside.clients.models import Episode
from alongside.consent.models import Category, Consent, ConsentType, Purpose
from alongside.consent.services import record_consent
from alongside.consent.statements import TPO_RECIPIENT_DESCRIPTION, TPO_STATEMENT
from alongside.consent.tests.factories import (
    make_consent,
    make_tpo_consent,
    specific_values,
    today,
)

# Each required element, the argument(s) that drop it, and the field its error lands on.
REQUIRED_ELEMENTS = {
    "the client": ({"client": None}, "client"),
    "who may disclose": ({"discloser": "  "}, "discloser"),
    "a description of the information": ({"scope": []}, "scope"),
    "the recipients": ({"recipient_names": []}, "recipient_names"),
    "the purpose": ({"purposes": []}, "purposes"),
    "the right to revoke and how": ({"revocation_statement": ""}, "revocation_statement"),
    "the expiry": ({"expiry": ""}, "expiry"),
    "the signature": ({"signer_name": ""}, "signer_name"),
    "the date signed": ({"signed_on": None}, "signed_on"),
}


def test_there_are_nine_required_elements():
    assert len(REQUIRED_ELEMENTS) == 9


@pytest.mark.parametrize("element", list(REQUIRED_ELEMENTS))
def test_a_consent_missing_a_required_element_is_rejected_and_nothing_is_saved(cast, element):
    dropped, field = REQUIRED_ELEMENTS[element]
    dropped = dict(dropped)
    values = specific_values(cast.casey)
    client = dropped.pop("client") if "client" in dropped else cast.casey
    values.update(dropped)
    events_before = AccessEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        record_consent(cast.ana, client, **values)
    assert field in caught.value.message_dict
    assert Consent.objects.count() == 0
    assert AccessEvent.objects.count() == events_before


def test_every_element_is_reported_at_once(cast):
    values = specific_values(
        cast.casey,
        discloser="",
        scope=[],
        recipient_names=[],
        purposes=[],
        revocation_statement="",
        expiry="",
        signer_name="",
        signed_on=None,
    )
    with pytest.raises(ValidationError) as caught:
        record_consent(cast.ana, cast.casey, **values)
    assert set(caught.value.message_dict) >= {
        "discloser",
        "scope",
        "recipient_names",
        "purposes",
        "revocation_statement",
        "expiry",
        "signer_name",
        "signed_on",
    }


def test_a_complete_specific_consent_is_saved_with_every_element_and_audited(cast):
    consent = make_consent(
        cast.casey, cast.ana, recipient_names=["  Northside  Family Clinic ", ""]
    )
    consent.refresh_from_db()
    assert consent.client == cast.casey
    assert consent.organization == cast.org
    assert consent.discloser == "Hope Valley Recovery"
    assert consent.scope == [Category.CHECKINS, Category.SAFETY_PLAN]
    assert consent.recipient_names == ["Northside Family Clinic"]
    assert consent.purposes == [Purpose.TREATMENT]
    assert "in writing" in consent.revocation_statement
    assert "Hope Valley Recovery" in consent.revocation_statement
    assert consent.signer_name == "Casey"
    assert consent.signed_on == today() - timedelta(days=1)
    assert consent.created_by == cast.ana
    assert consent.tpo_statement == ""
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_type="consent", object_public_id=str(consent.public_id)
    ).exists()


def test_a_tpo_consent_carries_the_fixed_redisclosure_statement_and_the_class_designation(cast):
    consent = make_tpo_consent(cast.casey, cast.sam)
    assert consent.consent_type == ConsentType.TPO
    assert consent.tpo_statement == TPO_STATEMENT
    assert "proceedings against you" in consent.tpo_statement
    assert consent.recipient_description == TPO_RECIPIENT_DESCRIPTION


def test_a_tpo_consent_is_for_treatment_payment_and_operations_only(cast):
    with pytest.raises(ValidationError) as caught:
        make_tpo_consent(cast.casey, cast.ana, purposes=[Purpose.EMPLOYMENT])
    assert "purposes" in caught.value.message_dict


def test_a_tpo_consent_names_classes_not_people(cast):
    with pytest.raises(ValidationError) as caught:
        make_tpo_consent(cast.casey, cast.ana, recipient_classes=[])
    assert "recipient_classes" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        make_tpo_consent(cast.casey, cast.ana, recipient_names=["Dr. Lee"])
    assert "recipient_names" in caught.value.message_dict


def test_counseling_notes_cannot_be_combined_with_other_information(cast):
    with pytest.raises(ValidationError) as caught:
        make_consent(cast.casey, cast.ana, scope=[Category.COUNSELING_NOTES, Category.CHECKINS])
    assert "own" in caught.value.message_dict["scope"][0]
    assert Consent.objects.count() == 0


def test_counseling_notes_on_their_own_make_a_valid_consent(cast):
    consent = make_consent(cast.casey, cast.ana, scope=[Category.COUNSELING_NOTES])
    assert consent.scope == [Category.COUNSELING_NOTES]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"expiry": "date", "expires_on": None}, "expires_on"),
        ({"expiry": "event", "expiry_event": ""}, "expiry_event"),
        ({"signer": "representative", "representative_authority": ""}, "representative_authority"),
        ({"signature_method": ""}, "signature_method"),
        ({"signature_method": "portal"}, "signature_method"),
        ({"signed_on": today() + timedelta(days=1)}, "signed_on"),
        ({"expires_on": today() - timedelta(days=30)}, "expires_on"),
        ({"purposes": [Purpose.MEDICAL_EMERGENCY]}, "purposes"),
        ({"scope": ["diary"]}, "scope"),
        ({"consent_type": "blanket"}, "consent_type"),
    ],
)
def test_elements_that_are_present_but_not_allowed_are_rejected(cast, overrides, field):
    with pytest.raises(ValidationError) as caught:
        make_consent(cast.casey, cast.ana, **overrides)
    assert field in caught.value.message_dict
    assert Consent.objects.count() == 0


def test_a_representative_signature_records_their_authority(cast):
    consent = make_consent(
        cast.casey,
        cast.ana,
        signer="representative",
        signer_name="Maria Lopez",
        representative_authority="Court-appointed guardian",
    )
    assert "authorized representative (Court-appointed guardian)" in consent.signature_text()


def test_end_of_treatment_needs_the_client_to_be_in_treatment(cast):
    Episode.objects.filter(client=cast.casey).update(
        discharged_at=timezone.now(), discharge_reason="completed"
    )
    with pytest.raises(ValidationError) as caught:
        make_tpo_consent(cast.casey, cast.sam)
    assert "expiry" in caught.value.message_dict


@pytest.mark.parametrize("who", ["cleo", "alex", "oscar"])
def test_only_staff_who_record_or_manage_may_record_a_consent(cast, who):
    with pytest.raises((PermissionDenied, ValidationError)):
        make_consent(cast.casey, getattr(cast, who))
    assert Consent.objects.count() == 0


@pytest.mark.parametrize("who", ["ana", "sam", "dana"])
def test_advocates_supervisors_and_directors_record_consents(cast, who):
    assert make_consent(cast.casey, getattr(cast, who)).pk


def test_consents_are_never_deleted(cast):
    consent = make_consent(cast.casey, cast.ana)
    with pytest.raises(ValueError):
        consent.delete()
    assert Consent.objects.filter(pk=consent.pk).exists()
