from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit.models import AccessEvent
from alongside.audit.verification import verify_all
from alongside.clients.models import Assignment, Client, Episode
from alongside.demo import names
from alongside.demo.builder import DEMO_PASSWORD
from alongside.demo.plan import plan_center
from alongside.organizations.models import Membership, Organization, Program, Role
from alongside.support.models import Encounter

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
            AccessEvent,
        )
    }


def current_caseload(email: str) -> int:
    return Assignment.objects.current().filter(advocate__email=email).count()


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
        assert authenticate(None, email=user.email, password=DEMO_PASSWORD) == user


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
        assert client.encounters.count() == len(person.encounters)


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
