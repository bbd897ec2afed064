"""A risky check-in opens an alert in the same transaction, routed to people at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction

from alongside.audit.models import AccessEvent
from alongside.checkins.services import CheckInAnswers, record_checkin
from alongside.notifications.models import Delivery, Kind
from alongside.organizations.models import Membership, Role
from alongside.safety.models import Alert, AlertRecipient, OnCallShift, RiskFlag, Severity
from alongside.safety.rules import Finding
from alongside.safety.services import raise_flag
from alongside.safety.tests.conftest import SATURDAY_NOON, WEDNESDAY_10AM
from alongside.safety.tests.factories import make_alert
from alongside.testing.personas import make_member


def check_in(client, *, at=None, **answers):
    values = {"mood": 2, "craving": 3, **answers}
    return record_checkin(
        client.user, client, CheckInAnswers(**values), source="portal", occurred_at=at
    )


def recipients(alert, step=0):
    return {
        (r.user.display_name, r.role) for r in AlertRecipient.objects.filter(alert=alert, step=step)
    }


def test_yes_to_the_safety_question_opens_a_high_alert(cast, casey_online):
    checkin = check_in(casey_online, safety_concern=True)
    alert = Alert.objects.get(client=casey_online)
    assert alert.severity == Severity.HIGH
    assert alert.flag.source_public_id == checkin.public_id
    assert alert.owner == cast.ana
    assert [f.rule for f in checkin.flags] == ["safety_question"]
    assert AccessEvent.objects.filter(object_type="alert", client_id=casey_online.pk).exists()


def test_a_calm_check_in_opens_no_alert(cast, casey_online):
    check_in(casey_online)
    assert not RiskFlag.objects.exists()
    assert not Alert.objects.exists()


def test_the_alert_is_saved_with_the_check_in_or_not_at_all(cast, casey_online):
    with pytest.raises(RuntimeError), transaction.atomic():
        check_in(casey_online, safety_concern=True)
        raise RuntimeError("the request failed after the check-in")
    assert not Alert.objects.exists()


def test_in_working_hours_the_advocate_and_the_on_call_person_are_reached(cast, casey_online):
    alert = make_alert(casey_online, now=WEDNESDAY_10AM)
    # Nobody is on the rota, so the fallback is on call: Ana's supervisor.
    assert recipients(alert) == {
        ("Ana Advocate", "advocate"),
        ("Sam Supervisor", "on_call"),
    }
    addresses = set(
        Delivery.objects.filter(kind=Kind.ALERT_FOR_STAFF).values_list("address", flat=True)
    )
    assert addresses == {"ana@hope.test", "sam@hope.test"}


def test_out_of_hours_only_the_person_on_call_is_reached(cast, casey_online):
    oncall = make_member(cast.org, "olu@hope.test", "Olu OnCall", Role.PRA, supervisor=cast.sam)
    OnCallShift.objects.create(
        organization=cast.org,
        program=cast.residential,
        user=oncall,
        starts_at=SATURDAY_NOON - timedelta(hours=6),
        ends_at=SATURDAY_NOON + timedelta(hours=6),
    )
    alert = make_alert(casey_online, now=SATURDAY_NOON)
    assert recipients(alert) == {("Olu OnCall", "on_call")}
    assert alert.owner == cast.ana  # the advocate still owns it; on call answers now


def test_an_advocate_text_number_gets_a_text_too(cast, casey_online):
    cast.ana.phone = "+15555550100"
    cast.ana.save()
    make_alert(casey_online, now=WEDNESDAY_10AM)
    assert Delivery.objects.filter(address="+15555550100", channel="sms").exists()


def test_a_second_flag_while_an_alert_waits_opens_no_second_alert(cast, casey_online):
    make_alert(casey_online, now=WEDNESDAY_10AM)
    make_alert(casey_online, severity=Severity.MODERATE, now=WEDNESDAY_10AM)
    assert Alert.objects.count() == 1
    assert RiskFlag.objects.count() == 2


def test_a_high_flag_after_a_moderate_alert_opens_a_high_alert(cast, casey_online):
    make_alert(casey_online, severity=Severity.MODERATE, now=WEDNESDAY_10AM)
    make_alert(casey_online, severity=Severity.HIGH, now=WEDNESDAY_10AM)
    assert sorted(Alert.objects.values_list("severity", flat=True)) == ["high", "moderate"]


def test_a_low_flag_opens_no_alert(cast, casey_online):
    raise_flag(casey_online, Finding("no_checkin", Severity.LOW, "No check-in for 4 days"))
    assert RiskFlag.objects.count() == 1
    assert not Alert.objects.exists()


def test_a_client_without_an_advocate_still_has_an_owner(cast):
    alert = make_alert(cast.newcomer, now=WEDNESDAY_10AM)
    assert alert.owner == cast.sam
    assert recipients(alert) == {("Sam Supervisor", "on_call")}


def test_an_inactive_supervisor_is_not_reached(cast, casey_online):
    Membership.objects.filter(user=cast.sam).update(is_active=False)
    alert = make_alert(casey_online, now=SATURDAY_NOON)
    # Nobody working, no supervisor: the director is on call.
    assert recipients(alert) == {("Dana Director", "on_call")}


def test_a_check_in_taken_on_the_phone_with_a_safety_yes_leads_to_the_alert(client, cast):
    from alongside.testing.personas import login

    login(client, cast.ana)
    response = client.post(
        f"/clients/{cast.jordan.public_id}/checkins/new/",
        {"mood": "1", "craving": "2", "safety_concern": "on"},
        follow=True,
    )
    alert = Alert.objects.get(client=cast.jordan)
    assert response.redirect_chain[-1][0] == f"/alerts/{alert.public_id}/"
    assert "An alert is open." in response.text


def test_an_overdose_reported_on_the_phone_raises_a_high_alert(client, cast):
    from alongside.testing.personas import login

    login(client, cast.ana)
    client.post(
        f"/clients/{cast.jordan.public_id}/checkins/new/",
        {"mood": "2", "craving": "2", "used_since_last": "on", "overdose": "on"},
    )
    assert Alert.objects.get(client=cast.jordan).flag.rule == "overdose"


def test_phq9_item_9_above_zero_opens_a_high_alert_whatever_the_total(cast, casey_online):
    from alongside.assessments.services import record_assessment

    answers = {f"q{n}": 0 for n in range(1, 10)} | {"q9": 1}
    response = record_assessment(casey_online.user, casey_online, "phq9", answers, source="portal")
    alert = Alert.objects.get(client=casey_online)
    assert (alert.severity, alert.flag.rule) == ("high", "phq9_item9")
    assert alert.flag.source_public_id == response.public_id
    assert response.total == 1  # minimal by the total, alerting by item 9


def test_a_phq9_without_item_9_opens_no_alert(cast, casey_online):
    from alongside.assessments.services import record_assessment

    answers = {f"q{n}": 2 for n in range(1, 9)} | {"q9": 0}
    record_assessment(casey_online.user, casey_online, "phq9", answers, source="portal")
    assert not Alert.objects.exists()
