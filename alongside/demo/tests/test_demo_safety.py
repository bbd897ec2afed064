"""The demo's care records: assessments, safety plans, the on-call rota, risk flags and alerts.

What matters here is that the demo shows these features the way the product itself would
have written them: totals from the real scoring function, flags from the real risk rules,
alerts routed as the real routing routes them, nothing left for the sweeper to escalate.
"""

from __future__ import annotations

import itertools
import re
import zoneinfo
from collections import Counter
from datetime import datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alongside.accounts.models import User
from alongside.assessments.catalog import get_instrument
from alongside.assessments.models import AssessmentResponse, Source
from alongside.assessments.queries import due_for
from alongside.assessments.scoring import score
from alongside.audit.models import AccessEvent
from alongside.audit.verification import verify_all
from alongside.checkins.models import CheckIn
from alongside.clients.models import Assignment, Client, Episode
from alongside.demo import care_texts
from alongside.demo.builder import build_demo_center
from alongside.demo.plan import plan_center
from alongside.demo.roster import ADVOCATE, CLIENT, DEMO_TIME_ZONE, SUPERVISOR
from alongside.demo.tests.test_seed_demo import (
    STIGMATIZING,
    STIGMATIZING_ES,
    caseload_rows,
    current_caseload,
)
from alongside.lib.zones import local_date
from alongside.messaging.hours import week_of
from alongside.notifications.models import Delivery
from alongside.organizations.models import Organization, Program
from alongside.recovery.milestones import days_in_recovery
from alongside.recovery.models import EventKind, RecoveryEvent
from alongside.safety import routing
from alongside.safety.models import (
    Alert,
    AlertRecipient,
    AlertState,
    OnCallShift,
    RecipientRole,
    RiskFlag,
    Severity,
)
from alongside.safety.rules import evaluate_checkin, rules_config
from alongside.safety.sweeps import escalate_alerts_sweep, missed_checkin_flags_sweep
from alongside.safetyplans.models import SafetyPlanVersion
from alongside.today.queries import today_queue

SMALL = "60"
PHONE = re.compile(r"\(?\d{3}\)?[ -]?\d{3}-\d{4}")


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def in_care() -> list[Client]:
    """People an advocate works with now."""
    return list(Client.objects.filter(assignments__ended_at=None).distinct())


# --- Planning ---------------------------------------------------------------------------------


def care_of(plan) -> list[tuple]:
    return [
        (
            c.preferred_name,
            [(a.instrument, round(a.ago, 6), a.answers, a.by_client) for a in c.assessments],
            [(v.sections, v.by_client, v.written_with) for v in c.safety_plans],
            [x.safety_concern for x in c.checkins],
            [(s.checkin, s.note, s.taken_only) for s in c.alert_stories],
        )
        for c in plan.clients
    ]


def test_the_same_seed_plans_the_same_care_records_and_another_seed_does_not():
    first = care_of(plan_center(seed=3, clients=150))
    assert care_of(plan_center(seed=3, clients=150)) == first
    assert care_of(plan_center(seed=4, clients=150)) != first


def test_care_planning_leaves_everything_planned_before_it_unchanged():
    """The care records are drawn last: the people, check-ins and messages of a seed stay
    the same as before they existed (only the safety question is set on a few check-ins)."""
    plan = plan_center(seed=1, clients=150)
    for person in plan.clients:
        for checkin in person.checkins:
            if checkin.safety_concern:
                assert checkin.wants_contact and checkin.mood <= 2
    assert sum(c.safety_concern for p in plan.clients for c in p.checkins) >= 1


# --- Loading: what is there -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_shows_assessments_safety_plans_the_rota_and_past_alerts():
    output = seed()
    now = timezone.now()
    people = in_care()
    barc = AssessmentResponse.objects.filter(instrument="barc10")
    assert barc.count() >= len(people)  # intake for nearly everyone, monthly for longer stays
    assert AssessmentResponse.objects.filter(instrument="phq9").exists()
    assert AssessmentResponse.objects.filter(instrument="gad7").exists()
    assert barc.filter(source=Source.PORTAL).exists() and barc.filter(source=Source.STAFF).exists()
    with_plan = {v.client_id for v in SafetyPlanVersion.objects.all()}
    assert 0.25 * len(people) <= len(with_plan) <= 0.75 * len(people)
    second = SafetyPlanVersion.objects.filter(number=2).count()
    assert 3 <= second < len(with_plan)
    assert set(OnCallShift.objects.values_list("program_id", flat=True)) == set(
        Program.objects.filter(organization__slug="demo").values_list("pk", flat=True)
    )
    recent = Alert.objects.filter(created_at__gte=now - timedelta(days=60))
    assert 3 <= recent.count() <= 15
    assert RiskFlag.objects.filter(severity=Severity.LOW, rule="no_checkin").count() >= 2
    assert RiskFlag.objects.filter(rule="safety_question").exists()
    summary = output.splitlines()[-2]
    assert f"{AssessmentResponse.objects.count():,} assessments" in summary
    assert f"{Alert.objects.count()} alerts (none open)" in summary


@pytest.mark.django_db
def test_a_second_run_adds_no_care_records_and_nothing_is_sent():
    seed("--clients", SMALL)
    models = (AssessmentResponse, SafetyPlanVersion, OnCallShift, RiskFlag, Alert, AlertRecipient)
    before = {m.__name__: m.objects.count() for m in models}
    assert "already loaded" in seed("--clients", SMALL, "--seed", "9")
    assert {m.__name__: m.objects.count() for m in models} == before
    assert not Delivery.objects.exists()


def fingerprint() -> dict[str, list[Any]]:
    """The demo's care records without ids (database ids and random UUIDs differ)."""
    return {
        "assessments": sorted(
            AssessmentResponse.objects.values_list(
                "client__preferred_name",
                "instrument",
                "occurred_at",
                "total",
                "band",
                "source",
                "created_by__email",
            )
        ),
        "answers": sorted(
            (name, str(answers))
            for name, answers in AssessmentResponse.objects.values_list(
                "client__preferred_name", "answers"
            )
        ),
        "plans": sorted(
            SafetyPlanVersion.objects.values_list(
                "client__preferred_name",
                "number",
                "warning_signs",
                "coping_alone",
                "distractions",
                "support_people",
                "professionals",
                "safer_surroundings",
                "created_by__email",
                "created_at",
            )
        ),
        "shifts": sorted(
            OnCallShift.objects.values_list("program__name", "user__email", "starts_at", "ends_at")
        ),
        "flags": sorted(
            RiskFlag.objects.values_list(
                "client__preferred_name", "severity", "rule", "reason", "created_at"
            )
        ),
        "alerts": sorted(
            Alert.objects.values_list(
                "client__preferred_name",
                "state",
                "owner__email",
                "created_at",
                "acknowledged_at",
                "acknowledgement_note",
                "resolved_at",
                "resolution",
            ),
            key=str,
        ),
        "recipients": sorted(
            AlertRecipient.objects.values_list(
                "alert__client__preferred_name", "user__email", "role", "step", "routed_at"
            )
        ),
    }


def load_and_forget(seed_value: int, now: datetime) -> dict[str, list[Any]]:
    with transaction.atomic():
        build_demo_center(seed=seed_value, clients=int(SMALL), now=now)
        found = fingerprint()
        transaction.set_rollback(True)
    return found


@pytest.mark.django_db
def test_the_same_seed_and_moment_load_exactly_the_same_care_records():
    now = timezone.now() - timedelta(minutes=5)
    first = load_and_forget(2, now)
    assert all(first.values()), {key: len(rows) for key, rows in first.items()}
    assert load_and_forget(2, now) == first
    assert load_and_forget(3, now) != first


# --- Assessments ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_stored_total_band_and_flag_is_what_the_scoring_function_gives():
    seed()
    responses = list(AssessmentResponse.objects.all())
    assert len(responses) > 100
    for response in responses:
        instrument = get_instrument(response.instrument, response.version)
        result = score(instrument, response.answers, sex=response.sex or None)
        assert set(response.answers) == {item.key for item in instrument.items}
        assert result.complete
        assert response.total == result.total
        assert response.band == result.band_key
        assert response.flags == list(result.flags)
        if response.instrument == "phq9":
            assert response.answers["q9"] == 0  # no safety answer without its alert
        assert "safety" not in response.flags


@pytest.mark.django_db
def test_recovery_capital_mostly_grows_with_some_plateaus_and_dips():
    seed("--seed", "2")
    by_client: dict[int, list[int]] = {}
    for client_id, total in (
        AssessmentResponse.objects.filter(instrument="barc10")
        .order_by("client_id", "occurred_at")
        .values_list("client_id", "total")
    ):
        assert total is not None  # every demo response is complete
        by_client.setdefault(client_id, []).append(total)
    longer = [totals for totals in by_client.values() if len(totals) >= 3]
    assert len(longer) >= 10
    rising = [t for t in longer if t[-1] >= t[0] + 4]
    assert len(rising) >= 0.5 * len(longer)
    assert any(t[-1] < t[0] + 4 for t in longer)  # not everyone climbs
    assert any(b < a for t in longer for a, b in itertools.pairwise(t))  # dips happen
    assert any(t[-1] >= 47 for t in longer)  # some reach "strong recovery capital"


@pytest.mark.django_db
def test_responses_are_given_by_the_person_or_their_advocate_at_the_time():
    seed("--clients", SMALL)
    now = timezone.now()
    daytime: Counter[tuple[str, bool]] = Counter()
    for response in AssessmentResponse.objects.select_related("client", "created_by"):
        assert response.occurred_at <= now
        assert response.created_at == response.occurred_at
        hour = response.occurred_at.astimezone(zoneinfo.ZoneInfo(response.client.time_zone)).hour
        daytime[(response.source, 9 <= hour < 17)] += 1
        if response.source == Source.PORTAL:
            user = response.client.user
            assert user is not None and response.created_by_id == user.pk
            assert response.occurred_at >= user.date_joined
        else:
            assert Assignment.objects.filter(
                Q(ended_at=None) | Q(ended_at__gte=response.occurred_at),
                client=response.client,
                advocate=response.created_by,
                started_at__lte=response.occurred_at,
            ).exists()
    # Given with an advocate in the daytime, nearly always; in the portal, in the evening.
    assert daytime[(Source.STAFF, False)] <= 0.1 * daytime[(Source.STAFF, True)]
    assert daytime[(Source.PORTAL, True)] <= 0.1 * (daytime[(Source.PORTAL, False)] + 1)


@pytest.mark.django_db
def test_assessment_due_is_the_exception_on_today():
    seed()
    now = timezone.now()
    people = in_care()
    due = due_for(people, now)
    assert len(due) <= 0.2 * len(people)
    advocate = User.objects.get(email=ADVOCATE)
    rows = today_queue(advocate, now)
    codes = Counter(code for row in rows for code in row.codes)
    assert codes["assessment_due"] <= 3
    assert len(caseload_rows(ADVOCATE, rows)) < current_caseload(ADVOCATE)


# --- Safety plans -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_client_has_their_own_safety_plan_in_spanish():
    seed()
    client = Client.objects.select_related("user").get(user__email=CLIENT)
    versions = list(client.safety_plans.order_by("number").select_related("created_by"))
    assert [v.number for v in versions] == [1, 2]
    first, current = versions
    assert first.created_by.email == ADVOCATE  # written together with their advocate
    assert current.created_by == client.user  # updated by them in the portal
    assert current.created_at > first.created_at
    assert current.filled_count() == 6
    text = "\n".join(current.texts().values())
    for words in ("Mi hermana", "acompañante", "988", "medicina de una semana"):
        assert words in text
    assert current.texts() == {
        key: care_texts.DEMO_PLAN_ES[key]
        + (
            "\n" + care_texts.DEMO_PLAN_ES_UPDATES[key]
            if key in care_texts.DEMO_PLAN_ES_UPDATES
            else ""
        )
        for key in care_texts.DEMO_PLAN_ES
    }


@pytest.mark.django_db
def test_safety_plans_are_written_by_the_person_or_their_advocate_with_fictional_numbers():
    seed()
    now = timezone.now()
    versions = list(SafetyPlanVersion.objects.select_related("client", "created_by"))
    assert versions
    numbers: Counter[str] = Counter()
    for version in versions:
        client = version.client
        assert version.created_at <= now
        assert version.filled_count() >= 5
        if client.user is not None and version.created_by_id == client.user.pk:
            assert version.created_at >= client.user.date_joined
        else:
            assert Assignment.objects.filter(
                Q(ended_at=None) | Q(ended_at__gte=version.created_at),
                client=client,
                advocate=version.created_by,
                started_at__lte=version.created_at,
            ).exists()
        for number in PHONE.findall("\n".join(version.texts().values())):
            assert re.search(r"555-01\d\d$", number), number
            numbers[number] += 1
        # In the person's own language.
        if client.language == "es":
            assert "mi acompañante en Hope Valley" in version.professionals
        else:
            assert "my advocate at Hope Valley" in version.professionals
    for client_id in {v.client_id for v in versions}:
        numbers_of = sorted(v.number for v in versions if v.client_id == client_id)
        assert numbers_of == list(range(1, len(numbers_of) + 1))
    assert any("988" in v.professionals for v in versions)
    assert any("a week of my medication" in v.safer_surroundings for v in versions)


# --- The on-call rota -------------------------------------------------------------------------


@pytest.mark.django_db
def test_evenings_nights_and_weekends_are_covered_for_every_program_by_someone_named():
    seed("--clients", SMALL)
    zone = zoneinfo.ZoneInfo(DEMO_TIME_ZONE)
    now = timezone.now()
    supervisor = User.objects.get(email=SUPERVISOR)
    for program in Program.objects.filter(organization__slug="demo"):
        shifts = list(OnCallShift.objects.filter(program=program).select_related("user"))
        assert len({s.user_id for s in shifts}) >= 4  # a rotation, not one person
        assert all(s.created_by_id == supervisor.pk for s in shifts)
        assert all(s.ends_at - s.starts_at <= timedelta(days=7) for s in shifts)
        moment = now - timedelta(days=7) + timedelta(hours=1)
        while moment < now + timedelta(days=14) - timedelta(hours=1):
            local = moment.astimezone(zone)
            office = local.weekday() < 5 and 9 <= local.hour < 17
            covering = [s for s in shifts if s.starts_at <= moment < s.ends_at]
            assert len(covering) == (0 if office else 1), (program, local)
            moment += timedelta(minutes=50)
    # Never on call for both programs at once.
    for shift in OnCallShift.objects.all():
        assert (
            not OnCallShift.objects.filter(
                user=shift.user, starts_at__lt=shift.ends_at, ends_at__gt=shift.starts_at
            )
            .exclude(pk=shift.pk)
            .exists()
        )


# --- Flags and alerts -------------------------------------------------------------------------


def rule_findings(checkin: CheckIn) -> list[tuple[str, str]]:
    """What the risk rules find in CHECKIN, as record_checkin() would have run them then."""
    start = None
    if checkin.used_since_last:
        latest = (
            RecoveryEvent.objects.filter(client=checkin.client, created_at__lt=checkin.occurred_at)
            .order_by("-created_at", "-id")
            .first()
        )
        start = latest if latest is not None and latest.kind == EventKind.START else None
    program = routing.program_of(checkin.client)
    findings = evaluate_checkin(
        safety_concern=checkin.safety_concern,
        overdose=checkin.overdose,
        used_since_last=checkin.used_since_last,
        craving=checkin.craving,
        days_in_recovery=days_in_recovery(start.on_date, checkin.local_date) if start else None,
        config=rules_config(program.settings if program else {}),
    )
    return [(f.rule, f.reason) for f in findings]


@pytest.mark.django_db
def test_every_check_in_the_rules_would_flag_has_its_flag_and_no_other_does():
    seed("--seed", "5")
    expected = {}
    for checkin in CheckIn.objects.select_related("client"):
        found = rule_findings(checkin)
        if found:
            expected[checkin.public_id] = sorted(found)
    stored: dict[Any, list[tuple[str, str]]] = {}
    for source, rule, reason in RiskFlag.objects.filter(source_type="checkin").values_list(
        "source_public_id", "rule", "reason"
    ):
        stored.setdefault(source, []).append((rule, reason))
    assert {k: sorted(v) for k, v in stored.items()} == expected
    assert expected


@pytest.mark.django_db
def test_no_alert_is_open_at_most_one_is_taken_and_each_was_routed_and_owned():
    seed()
    alerts = list(Alert.objects.select_related("flag", "client", "owner", "program"))
    assert alerts
    assert not [a for a in alerts if a.state == AlertState.OPEN]
    taken = [a for a in alerts if a.state == AlertState.ACKNOWLEDGED]
    assert len(taken) <= 1
    for alert in alerts:
        flag = alert.flag
        assert flag.client_id == alert.client_id and flag.severity == alert.severity
        assert flag.created_at == alert.created_at
        assert alert.severity in (Severity.MODERATE, Severity.HIGH)
        assert alert.step == 0 and alert.interval_minutes == 15 and alert.next_step_at is None
        assert alert.program is not None
        recipients = list(alert.recipients.all())
        assert recipients
        assert all(r.step == 0 and r.routed_at == alert.created_at for r in recipients)
        assert RecipientRole.ON_CALL in {r.role for r in recipients}
        assert alert.owner_id == alert.acknowledged_by_id
        assert alert.owner_id in {r.user_id for r in recipients}
        # Taken before the first escalation was due.
        taken_at = alert.acknowledged_at
        assert taken_at is not None
        assert alert.created_at < taken_at < alert.created_at + timedelta(minutes=15)
        if alert.state == AlertState.RESOLVED:
            assert alert.resolved_by_id == alert.owner_id
            assert alert.resolved_at is not None
            assert taken_at < alert.resolved_at <= timezone.now()
            assert alert.resolution
        else:
            assert alert.resolved_at is None and not alert.resolution
        # The advocate is among the first people reached when working, else on call is.
        advocate = Assignment.objects.filter(
            Q(ended_at=None) | Q(ended_at__gte=alert.created_at),
            client=alert.client,
            started_at__lte=alert.created_at,
        ).first()
        assert advocate is not None
        org = Organization.objects.get(pk=alert.organization_id)
        working = week_of(advocate.advocate, org).is_working(alert.created_at)
        advocates = {r.user_id for r in recipients if r.role == RecipientRole.ADVOCATE}
        assert advocates == ({advocate.advocate_id} if working else set())
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_recent_alerts_reached_exactly_whom_routing_reaches():
    seed()
    now = timezone.now()
    checked = 0
    for alert in Alert.objects.filter(created_at__gte=now - timedelta(days=7)):
        current = Assignment.objects.current().filter(client=alert.client).first()
        if current is None or current.started_at > alert.created_at:
            continue
        expected = {
            (user.pk, role)
            for user, role in routing.recipients_for_step(alert, 0, alert.created_at)
        }
        assert set(alert.recipients.values_list("user_id", "role")) == expected
        checked += 1
    assert checked >= 1


@pytest.mark.django_db
def test_the_advocate_sees_the_taken_alert_on_today_and_the_profile():
    seed()
    advocate = User.objects.get(email=ADVOCATE)
    rows = today_queue(advocate, timezone.now())
    alerted = [row for row in rows if "open_alert" in row.codes]
    assert len(alerted) == 1
    (row,) = alerted
    assert row.codes[0] == "open_alert"
    detail = next(f.detail for f in row.flags if f.reason.code == "open_alert")
    assert "taken, not resolved" in detail and "Craving" in detail
    demo = next(r for r in rows if r.client.user and r.client.user.email == CLIENT)
    assert "open_alert" not in demo.codes


@pytest.mark.django_db
def test_the_sweeps_find_nothing_to_do_right_after_loading():
    """No open alert to escalate, and the 'no check-in' flags for today's silences are
    already there, so the sweeper `make run` starts sends nothing and raises nothing."""
    seed()
    now = timezone.now()
    flags = RiskFlag.objects.count()
    assert escalate_alerts_sweep(now) == 0
    assert missed_checkin_flags_sweep(now) == 0
    assert RiskFlag.objects.count() == flags
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_no_check_in_flags_mark_the_day_a_silence_reached_three_days():
    seed()
    flags = list(RiskFlag.objects.filter(rule="no_checkin").select_related("client"))
    assert flags
    for flag in flags:
        client = flag.client
        assert flag.severity == Severity.LOW and flag.reason == "No check-in for 3 days"
        assert not Alert.objects.filter(flag=flag).exists()
        assert Episode.objects.open().filter(client=client).exists()
        latest = client.checkins.order_by("-local_date").first()
        assert latest is not None and latest.occurred_at < flag.created_at
        assert (local_date(client.time_zone, flag.created_at) - latest.local_date).days == 3


# --- Audit and words --------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_care_record_is_audited_as_the_builder_audits_demo_rows():
    seed("--clients", SMALL)
    assert all(problem is None for _chain, _rows, problem in verify_all())
    system = AccessEvent.objects.filter(role="system", user_id=None)

    def audited(object_type: str, action: str = "create") -> Counter:
        return Counter(
            system.filter(action=action, object_type=object_type).values_list(
                "object_public_id", flat=True
            )
        )

    def ids(model) -> Counter:
        return Counter(str(i) for i in model.objects.values_list("public_id", flat=True))

    assert audited("assessmentresponse") == ids(AssessmentResponse)
    assert audited("safety_plan") == ids(SafetyPlanVersion)
    assert audited("risk_flag") == ids(RiskFlag)
    assert audited("alert") == ids(Alert)
    # One update when taken, one more when resolved.
    updates: Counter[str] = Counter()
    for public_id, state in Alert.objects.values_list("public_id", "state"):
        updates[str(public_id)] = 2 if state == AlertState.RESOLVED else 1
    assert audited("alert", "update") == updates


@pytest.mark.django_db
def test_no_care_text_uses_stigmatizing_words():
    seed()
    written = [
        *(text for version in SafetyPlanVersion.objects.all() for text in version.texts().values()),
        *RiskFlag.objects.values_list("reason", flat=True),
        *Alert.objects.values_list("acknowledgement_note", flat=True),
        *Alert.objects.values_list("resolution", flat=True),
    ]
    assert len(written) > 50
    pools = [
        value
        for name in dir(care_texts)
        if name.isupper()
        for value in _strings(getattr(care_texts, name))
    ]
    for text in written + pools:
        assert not STIGMATIZING.search(text), text
        assert not STIGMATIZING_ES.search(text), text


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, tuple | list):
        return [s for v in value for s in _strings(v)]
    return []
