from __future__ import annotations

import re
from collections import Counter
from datetime import time as dt_time
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit.models import AccessEvent
from alongside.audit.verification import verify_all
from alongside.checkins.models import CheckIn, Source, local_date_of
from alongside.clients.models import Assignment, Client, Episode
from alongside.demo import conversations, names
from alongside.demo.builder import DEMO_PASSWORD
from alongside.demo.plan import plan_center
from alongside.messaging.models import Message, WorkingDay
from alongside.notifications.models import ReminderPreference
from alongside.organizations.models import Membership, Organization, Program, Role
from alongside.recovery.milestones import (
    client_today,
    milestone_by_key,
    milestones_between,
    next_milestone,
)
from alongside.recovery.models import EventKind, RecoveryEvent, Win, WinKind
from alongside.recovery.services import milestone_title
from alongside.support.models import Encounter
from alongside.today.queries import today_queue

# Words DESIGN.md §4.9 asks staff to avoid; generated notes must never use them.
STIGMATIZING = re.compile(
    r"\b(addicts?|addicted|clean|dirty|abusers?|substance abuse|relapsed?|relapses|junkies?|"
    r"alcoholics?|drunks?|non-?compliant)\b",
    re.IGNORECASE,
)
SMALL = "30"


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Organization,
            Program,
            User,
            Membership,
            Client,
            Episode,
            Assignment,
            Encounter,
            CheckIn,
            RecoveryEvent,
            Win,
            ReminderPreference,
            Message,
            WorkingDay,
            AccessEvent,
        )
    }


def sign_in_request() -> HttpRequest:
    """A request to authenticate with: the lockout (django-axes) counts attempts per request."""
    return RequestFactory().post("/accounts/login/")


def current_caseload(email: str) -> int:
    return Assignment.objects.current().filter(advocate__email=email).count()


def caseload_rows(email: str, rows: list[Any]) -> list[Any]:
    """The rows of Today about EMAIL's current caseload (not the aftercare calls to alumni)."""
    current = set(
        Assignment.objects.current().filter(advocate__email=email).values_list("client", flat=True)
    )
    return [row for row in rows if row.client.pk in current]


@pytest.mark.django_db
def test_seed_creates_the_six_demo_logins_with_their_roles():
    seed("--clients", SMALL)
    org = Organization.objects.get(slug="demo")
    assert org.name == "Hope Valley Recovery Center"
    assert org.time_zone == "America/Chicago"
    assert sorted(org.programs.values_list("name", "kind")) == [
        ("Intensive Outpatient", Program.Kind.INTENSIVE_OUTPATIENT),
        ("Residential", Program.Kind.RESIDENTIAL),
    ]
    roles = dict(Membership.objects.filter(organization=org).values_list("user__email", "role"))
    assert roles["advocate@demo.test"] == Role.PRA
    assert roles["advocate2@demo.test"] == Role.PRA
    assert roles["supervisor@demo.test"] == Role.SUPERVISOR
    assert roles["clinician@demo.test"] == Role.CLINICIAN
    assert roles["director@demo.test"] == Role.DIRECTOR
    assert roles["admin@demo.test"] == Role.ADMIN
    assert roles["privacy@demo.test"] == Role.PRIVACY_OFFICER


@pytest.mark.django_db
def test_supervisor_leads_both_advocates_and_more_and_clinician_works_in_residential():
    seed("--clients", SMALL)
    team = Membership.objects.filter(role=Role.PRA, supervisor__email="supervisor@demo.test")
    emails = set(team.values_list("user__email", flat=True))
    assert {"advocate@demo.test", "advocate2@demo.test"} <= emails
    assert len(emails) >= 6
    clinician = Membership.objects.get(user__email="clinician@demo.test")
    assert list(clinician.programs.values_list("kind", flat=True)) == [Program.Kind.RESIDENTIAL]


@pytest.mark.django_db
def test_every_demo_account_signs_in_with_the_demo_password():
    seed("--clients", SMALL)
    for user in User.objects.all():
        assert authenticate(sign_in_request(), email=user.email, password=DEMO_PASSWORD) == user


@pytest.mark.django_db
def test_advocate_logins_have_a_believable_caseload():
    seed()
    assert Client.objects.count() == 150
    assert 10 <= current_caseload("advocate@demo.test") <= 30
    assert 10 <= current_caseload("advocate2@demo.test") <= 30


@pytest.mark.django_db
def test_a_second_run_changes_nothing():
    seed("--clients", SMALL)
    before = counts()
    output = seed("--clients", SMALL, "--seed", "7")
    assert "Demo center already loaded; nothing to do." in output
    assert counts() == before


def test_the_same_seed_plans_the_same_center_and_another_seed_does_not():
    first = plan_center(seed=1, clients=60)
    assert plan_center(seed=1, clients=60).fingerprint() == first.fingerprint()
    assert plan_center(seed=2, clients=60).fingerprint() != first.fingerprint()


@pytest.mark.django_db
def test_the_database_holds_exactly_what_the_seed_planned():
    seed("--clients", SMALL, "--seed", "5")
    plan = plan_center(seed=5, clients=int(SMALL))
    clients = list(Client.objects.order_by("pk"))
    assert [c.preferred_name for c in clients] == [p.preferred_name for p in plan.clients]
    for client, person in zip(clients, plan.clients, strict=True):
        episodes = client.episodes.order_by("admitted_at")
        assert [(e.program.kind, e.discharge_reason) for e in episodes] == [
            (e.program_kind, e.reason) for e in person.episodes
        ]
        assignments = client.assignments.order_by("started_at")
        assert [(a.advocate.email, a.end_reason) for a in assignments] == [
            (a.advocate, a.end_reason) for a in person.assignments
        ]
        # Group attendance (recovery_work.py) logs group contacts on top of the plan's.
        assert client.encounters.filter(attendance=None).count() == len(person.encounters)


@pytest.mark.django_db
def test_discharges_have_a_realistic_mix_of_reasons_and_many_stays_are_still_open():
    seed()
    reasons = Counter(
        Episode.objects.exclude(discharged_at=None).values_list("discharge_reason", flat=True)
    )
    assert len(reasons) >= 3
    assert reasons.most_common(2)[0][0] in {"completed", "left"}
    open_clients = Client.objects.filter(episodes__discharged_at=None).distinct().count()
    assert 0.3 <= open_clients / Client.objects.count() <= 0.5


@pytest.mark.django_db
def test_a_few_new_clients_wait_for_an_advocate_and_nobody_else_does():
    seed("--clients", SMALL)
    waiting = Client.objects.filter(episodes__discharged_at=None).exclude(
        Exists(Assignment.objects.current().filter(client=OuterRef("pk")))
    )
    assert 2 <= waiting.count() <= 3
    for client in waiting:
        (episode,) = client.episodes.all()
        assert timezone.now() - episode.admitted_at < timedelta(days=3)
    assert not Encounter.objects.filter(client__in=waiting).exists()


@pytest.mark.django_db
def test_transfers_keep_history_and_each_client_has_at_most_one_current_advocate():
    seed()
    transferred = Assignment.objects.filter(end_reason=Assignment.EndReason.TRANSFERRED)
    assert transferred.exists()
    for assignment in transferred:
        successor = Assignment.objects.get(client=assignment.client, started_at=assignment.ended_at)
        assert successor.advocate_id != assignment.advocate_id
    assert not (
        Client.objects.annotate(current=Count("assignments", filter=Q(assignments__ended_at=None)))
        .filter(current__gt=1)
        .exists()
    )


@pytest.mark.django_db
def test_every_contact_is_by_the_advocate_assigned_at_that_moment():
    seed("--clients", SMALL)
    now = timezone.now()
    encounters = list(Encounter.objects.all())
    assert 5 * int(SMALL) <= len(encounters) <= 40 * int(SMALL)
    for encounter in encounters:
        assert encounter.occurred_at <= now
        assert encounter.created_at >= encounter.occurred_at
        assert 5 <= encounter.minutes <= 90
        assert Assignment.objects.filter(
            Q(ended_at=None) | Q(ended_at__gte=encounter.occurred_at),
            client_id=encounter.client_id,
            advocate_id=encounter.advocate_id,
            started_at__lte=encounter.occurred_at,
        ).exists()


@pytest.mark.django_db
def test_records_are_dated_when_they_would_have_been_written():
    seed("--clients", SMALL)
    for episode in Episode.objects.all():
        assert episode.created_at == episode.admitted_at
        assert episode.discharged_at is None or episode.discharged_at > episode.admitted_at
    for client in Client.objects.all():
        assert client.created_at == client.episodes.order_by("admitted_at")[0].admitted_at


@pytest.mark.django_db
def test_audit_chain_holds_one_create_event_per_client_and_verifies():
    seed("--clients", SMALL)
    results = list(verify_all())
    assert results
    assert all(problem is None for _chain, _rows, problem in results)
    events = AccessEvent.objects.filter(action="create", object_type="client", role="system")
    assert sorted(events.values_list("client_id", flat=True)) == sorted(
        Client.objects.values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_no_note_uses_stigmatizing_words():
    seed("--clients", SMALL)
    written = list(Encounter.objects.exclude(note="").values_list("note", flat=True))
    assert written
    every_note = [
        *names.NOTES_GENERAL,
        *(n for notes in names.NOTES_BY_TOPIC.values() for n in notes),
        *(n for notes in names.NOTES_BY_KIND.values() for n in notes),
    ]
    for note in written + every_note:
        assert not STIGMATIZING.search(note), note


def test_advocates_stay_under_a_full_caseload_at_larger_scale():
    plan = plan_center(seed=1, clients=1000)
    caseloads = Counter(
        a.advocate for c in plan.clients for a in c.assignments if a.ended_ago is None
    )
    assert max(caseloads.values()) <= 25
    supervisors = Counter(s.supervisor for s in plan.staff if s.role == Role.PRA)
    assert max(supervisors.values()) <= 8


@pytest.mark.django_db
def test_seed_refuses_when_a_demo_address_belongs_to_someone_else_and_changes_nothing():
    User.objects.create_user(email="director@demo.test", password="x" * 20)
    before = counts()
    with pytest.raises(CommandError, match=r"director@demo\.test"):
        seed("--clients", SMALL)
    assert counts() == before


@pytest.mark.django_db
def test_seed_prints_progress_and_a_summary():
    output = seed("--clients", SMALL)
    assert "Creating 30 clients…" in output
    assert "Demo center ready in" in output
    assert "30 clients" in output.splitlines()[-2]
    assert f"{Message.objects.count()} messages" in output.splitlines()[-2]


@pytest.mark.django_db
def test_demo_logins_lists_every_login_with_the_password_and_url():
    seed("--clients", SMALL)
    out = StringIO()
    call_command("demo_logins", "--url", "http://127.0.0.1:8123/", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text
    assert DEMO_PASSWORD in text
    for email in (
        "advocate@demo.test",
        "advocate2@demo.test",
        "supervisor@demo.test",
        "clinician@demo.test",
        "director@demo.test",
        "admin@demo.test",
    ):
        assert email in text
    assert "Peer recovery advocate" in text


@pytest.mark.django_db
def test_demo_logins_explains_how_to_load_the_center_when_it_is_missing():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "manage.py seed_demo" in out.getvalue()
    assert DEMO_PASSWORD not in out.getvalue()


# --- The daily loop: portal accounts, recovery timelines, wins, check-ins ----------------------

# The same words in Spanish (the portal's second language).
STIGMATIZING_ES = re.compile(
    r"\b(adict[oa]s?|drogadict[oa]s?|limpi[oa]s?|suci[oa]s?|reca[ií]das?|borrach[oa]s?|"
    r"alcoh[oó]lic[oa]s?|viciosos?)\b",
    re.IGNORECASE,
)


def demo_client() -> Client:
    return Client.objects.select_related("user").get(user__email="client@demo.test")


def test_the_same_seed_plans_the_same_daily_loop():
    def loop(plan):
        return [
            (
                c.portal.email if c.portal else None,
                [(e.kind, e.days_ago, e.note) for e in c.recovery],
                [(w.title, w.days_ago, w.cheer is not None) for w in c.wins],
                [(x.days_ago, x.mood, x.craving, x.used, x.wants_contact) for x in c.checkins],
                c.situation,
            )
            for c in plan.clients
        ]

    first = plan_center(seed=3, clients=150)
    assert loop(plan_center(seed=3, clients=150)) == loop(first)
    assert loop(plan_center(seed=4, clients=150)) != loop(first)
    assert sum(len(c.checkins) for c in first.clients) > 300


@pytest.mark.django_db
def test_the_database_holds_the_planned_check_ins_timelines_and_wins():
    seed("--seed", "5")
    plan = plan_center(seed=5, clients=150)
    now = timezone.now()
    clients = list(Client.objects.order_by("pk"))
    for client, person in zip(clients, plan.clients, strict=True):
        assert client.checkins.count() == len(person.checkins)
        assert [(e.kind, e.note) for e in client.recovery_events.in_recorded_order()] == [
            (e.kind, e.note) for e in person.recovery
        ]
        personal = client.wins.filter(kind=WinKind.PERSONAL).order_by("occurred_on", "pk")
        assert sorted(personal.values_list("title", flat=True)) == sorted(
            w.title for w in person.wins
        )
        # Milestone wins: exactly the milestones the current start has reached.
        events = list(client.recovery_events.in_recorded_order())
        expected: set[str] = set()
        if events and events[-1].kind == EventKind.START:
            today = client_today(client, now)
            start = events[-1].on_date
            expected = {m.key for m, _when in milestones_between(start, start, today)}
        milestones = client.wins.filter(kind=WinKind.MILESTONE)
        assert set(milestones.values_list("milestone_key", flat=True)) == expected
        assert all(w.start_id == events[-1].pk for w in milestones)
        assert (client.user is not None) == (person.portal is not None)
    assert CheckIn.objects.count() == sum(len(p.checkins) for p in plan.clients)


@pytest.mark.django_db
def test_check_ins_are_one_per_local_day_in_the_last_90_days_by_the_right_person():
    seed()
    now = timezone.now()
    checkins = list(CheckIn.objects.select_related("client", "recorded_by"))
    assert len(checkins) > 300
    days = Counter((c.client_id, c.local_date) for c in checkins)
    assert max(days.values()) == 1
    sources = Counter(c.source for c in checkins)
    assert sources[Source.PORTAL] > sources[Source.STAFF] > 0
    for checkin in checkins:
        client = checkin.client
        assert checkin.occurred_at <= now
        assert local_date_of(client, checkin.occurred_at) == checkin.local_date
        assert (client_today(client, now) - checkin.local_date).days < 90
        assert checkin.created_at == checkin.occurred_at
        assert 1 <= checkin.mood <= 5 and 0 <= checkin.craving <= 10
        assert checkin.used_since_last or checkin.substance == ""
        if checkin.source == Source.PORTAL:
            assert checkin.recorded_by_id == client.user_id
        else:
            # Recorded by the advocate assigned at that moment.
            assert Assignment.objects.filter(
                Q(ended_at=None) | Q(ended_at__gte=checkin.occurred_at),
                client=client,
                advocate=checkin.recorded_by,
                started_at__lte=checkin.occurred_at,
            ).exists()


@pytest.mark.django_db
def test_check_in_habits_vary_and_some_people_stopped_checking_in():
    seed()
    now = timezone.now()
    gaps = []
    rates = []
    for client in Client.objects.filter(checkins__isnull=False).distinct():
        dates = sorted(client.checkins.values_list("local_date", flat=True))
        gaps.append((client_today(client, now) - dates[-1]).days)
        span = (dates[-1] - dates[0]).days + 1
        if span >= 14:
            rates.append(len(dates) / span)
    assert any(4 <= gap <= 10 for gap in gaps)  # "No check-in lately"
    assert sum(gap <= 2 for gap in gaps) > len(gaps) / 2  # most are checking in
    assert max(rates) > 0.8 and min(rates) < 0.5  # some daily, some a few times a week


@pytest.mark.django_db
def test_timelines_keep_their_order_and_most_people_in_care_have_a_start_date():
    seed()
    now = timezone.now()
    in_care = Client.objects.filter(
        Exists(Assignment.objects.current().filter(client=OuterRef("pk")))
    )
    with_start = in_care.filter(recovery_events__isnull=False).distinct()
    assert with_start.count() >= 0.7 * in_care.count()
    assert not RecoveryEvent.objects.exclude(client__in=in_care).exists()
    recurrences = 0
    backdated = 0
    for client in with_start:
        events = list(client.recovery_events.in_recorded_order())
        today = client_today(client, now)
        kinds = [e.kind for e in events]
        assert kinds in (
            [EventKind.START],
            [EventKind.START, EventKind.RECURRENCE, EventKind.START],
        )
        if len(events) == 3:
            recurrences += 1
            first, recurrence, again = events
            assert first.on_date <= recurrence.on_date < again.on_date <= today
        first_admission = client.episodes.order_by("admitted_at")[0].admitted_at
        backdated += events[0].on_date < local_date_of(client, first_admission)
        for event in events:
            assert event.on_date <= today
            assert local_date_of(client, event.created_at) >= event.on_date
            assert event.created_at <= now
    assert 0.08 <= recurrences / with_start.count() <= 0.35
    assert backdated > 0


@pytest.mark.django_db
def test_wins_are_dated_and_congratulated_believably():
    seed()
    now = timezone.now()
    wins = list(Win.objects.select_related("client", "start"))
    milestones = [w for w in wins if w.kind == WinKind.MILESTONE]
    personal = [w for w in wins if w.kind == WinKind.PERSONAL]
    assert milestones and personal
    for win in wins:
        assert win.occurred_on <= client_today(win.client, now)
        assert win.created_at <= now
        if win.kind == WinKind.MILESTONE:
            milestone = milestone_by_key(win.milestone_key)
            assert milestone is not None
            assert win.title == milestone_title(milestone.label)
            assert win.created_by_id is None
        if win.congratulation:
            assert win.created_at <= win.congratulated_at <= now
            assert (
                Assignment.objects.current()
                .filter(client=win.client, advocate_id=win.congratulated_by_id)
                .exists()
            )
    assert any(w.congratulation for w in milestones)
    assert any(w.congratulation for w in personal)
    recent = [w for w in wins if (client_today(w.client, now) - w.occurred_on).days <= 7]
    assert any(not w.congratulation for w in recent)


@pytest.mark.django_db
def test_the_demo_client_signs_in_to_a_spanish_portal_with_a_milestone_coming_up():
    seed()
    client = demo_client()
    user = client.user
    assert user is not None
    assert authenticate(sign_in_request(), email="client@demo.test", password=DEMO_PASSWORD) == user
    assert user.display_name == client.preferred_name
    assert not Membership.objects.filter(user=user).exists()  # a client, not staff
    assert client.language == "es"
    assert client.email == "client@demo.test"
    (assignment,) = Assignment.objects.current().filter(client=client)
    assert assignment.advocate.email == "advocate@demo.test"
    assert Episode.objects.open().filter(client=client).exists()

    now = timezone.now()
    today = client_today(client, now)
    dates = list(client.checkins.values_list("local_date", flat=True))
    assert len(dates) >= 3
    assert today not in dates  # the browser test checks in today
    latest, before = client.checkins.newest_first()[:2]
    assert latest.craving <= 3 and before.craving > latest.craving  # no rise whatever comes next
    assert not latest.wants_contact and not latest.used_since_last
    (start,) = client.recovery_events.all()
    assert (today - start.on_date).days == 27
    milestone, when = next_milestone(start.on_date, today)
    assert milestone.key == "30d" and (when - today).days <= 7
    fresh = client.wins.filter(congratulation="", occurred_on__gte=today - timedelta(days=7))
    assert fresh.filter(kind=WinKind.PERSONAL).exists()

    preference = ReminderPreference.objects.get(client=client)
    assert preference.enabled
    assert preference.channel == "email"
    assert preference.local_time == dt_time(19, 0)


@pytest.mark.django_db
def test_other_clients_have_portal_accounts_and_reminders_too():
    seed()
    portal = Client.objects.exclude(user=None)
    assert portal.count() >= 10
    assert ReminderPreference.objects.exclude(client__user__email="client@demo.test").exists()
    for client in portal.select_related("user"):
        assert client.user.email.endswith("@demo.test")
        assert client.user.display_name == client.preferred_name
        assert Assignment.objects.current().filter(client=client).exists()
    for preference in ReminderPreference.objects.select_related("client"):
        address = (
            preference.client.email if preference.channel == "email" else preference.client.phone
        )
        assert address


@pytest.mark.django_db
def test_the_advocates_today_page_shows_every_kind_of_reason():
    seed()
    advocate = User.objects.get(email="advocate@demo.test")
    rows = today_queue(advocate, timezone.now())
    codes = Counter(code for row in rows for code in row.codes)
    for code in (
        "wants_contact",
        "no_checkin",
        "craving_high",
        "used",
        "win_to_congratulate",
        "milestone_soon",
        "unread_messages",
    ):
        assert codes[code] >= 1, (code, codes)
    assert codes["wants_contact"] <= 4
    # Not everyone in the caseload needs attention at once.
    assert len(caseload_rows("advocate@demo.test", rows)) < current_caseload("advocate@demo.test")
    demo = next(
        row for row in rows if row.client.user and row.client.user.email == "client@demo.test"
    )
    assert {"milestone_soon", "win_to_congratulate"} <= set(demo.codes)
    assert "no_checkin" not in demo.codes
    assert "unread_messages" not in demo.codes  # they read their advocate's; not the reverse


@pytest.mark.django_db
def test_the_today_queue_reasons_hold_at_any_seed():
    seed("--seed", "11")
    advocate = User.objects.get(email="advocate@demo.test")
    codes = {code for row in today_queue(advocate, timezone.now()) for code in row.codes}
    assert {"wants_contact", "no_checkin", "craving_high", "win_to_congratulate"} <= codes
    assert {"milestone_soon", "unread_messages"} <= codes


@pytest.mark.django_db
def test_no_text_of_the_daily_loop_uses_stigmatizing_words():
    seed()
    written = [
        *CheckIn.objects.exclude(went_well="").values_list("went_well", flat=True),
        *CheckIn.objects.exclude(substance="").values_list("substance", flat=True),
        *RecoveryEvent.objects.exclude(note="").values_list("note", flat=True),
        *Win.objects.values_list("title", flat=True),
        *Win.objects.exclude(congratulation="").values_list("congratulation", flat=True),
        *Message.objects.values_list("body", flat=True),
    ]
    assert len(written) > 100
    assert Message.objects.exists()
    every_text = [
        *names.WENT_WELL,
        *names.WENT_WELL_ES,
        *names.PERSONAL_WINS,
        *names.PERSONAL_WINS_ES,
        *names.CHEERS,
        *names.CHEERS_ES,
        *names.MILESTONE_CHEERS,
        *names.MILESTONE_CHEERS_ES,
        *names.START_NOTES,
        *names.START_NOTES_BACKDATED,
        *names.RECURRENCE_NOTES,
        *names.NEW_START_NOTES,
        *(text for thread in conversations.THREADS for _side, text in thread),
        *(text for thread in conversations.THREADS_ES for _side, text in thread),
        *(text for _side, text in conversations.CALL_ME_THREAD),
        *(text for _side, text in conversations.DEMO_THREAD),
    ]
    for text in written + every_text:
        assert not STIGMATIZING.search(text), text
        assert not STIGMATIZING_ES.search(text), text


@pytest.mark.django_db
def test_every_write_of_the_daily_loop_is_audited_and_the_chain_verifies():
    seed("--clients", "60")
    assert all(problem is None for _chain, _rows, problem in verify_all())
    created = AccessEvent.objects.filter(action="create", role="system", user_id=None)

    def audited(object_type: str) -> list[str]:
        return sorted(
            created.filter(object_type=object_type).values_list("object_public_id", flat=True)
        )

    def ids(model) -> list[str]:
        return sorted(str(i) for i in model.objects.values_list("public_id", flat=True))

    assert audited("checkin") == ids(CheckIn)
    # A finished goal's Win is audited by the plan's service, as the advocate who closed it.
    assert audited("win") == sorted(
        str(i) for i in Win.objects.filter(goal=None).values_list("public_id", flat=True)
    )
    assert audited("recoveryevent") == ids(RecoveryEvent)
    assert Message.objects.exists()
    assert audited("message") == ids(Message)
    assert audited("portal_account") == sorted(
        str(c.user.public_id) for c in Client.objects.exclude(user=None).select_related("user")
    )
    assert created.filter(object_type="reminderpreference").count() == (
        ReminderPreference.objects.count()
    )
    congratulated = AccessEvent.objects.filter(action="update", object_type="win", role="system")
    assert congratulated.count() == Win.objects.exclude(congratulation="").count()
    # Every event names the client whose record it is; changes to a group (its creation,
    # facilitators, a cancelled session) are about the group and name nobody.
    unnamed = AccessEvent.objects.filter(client_id=None)
    assert unnamed.exists()
    assert not unnamed.exclude(object_type__startswith="group").exists()


@pytest.mark.django_db
def test_seed_refuses_when_a_client_portal_address_is_taken():
    User.objects.create_user(email="client@demo.test", password="x" * 20)
    before = counts()
    with pytest.raises(CommandError, match=r"client@demo\.test"):
        seed()
    assert counts() == before


@pytest.mark.django_db
def test_demo_logins_lists_the_demo_client():
    seed()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    line = next(line for line in text.splitlines() if line.startswith("client@demo.test"))
    assert "Person in recovery (portal)" in line
    assert demo_client().preferred_name in line
    assert "/me/" in line and "Spanish" in line and "Maya Torres" in line
