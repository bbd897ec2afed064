"""The demo's recovery work (issue 6): pathways at every state, plans with goals across
areas of life and Wins, and groups with schedules, rosters, attendance and what is to come.

One seed per test is slow, so each test seeds once and checks one feature as a visitor
would meet it, through the same reads the pages use.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from alongside.audit.verification import verify_all
from alongside.clients.models import Client
from alongside.demo.roster import ADVOCATE, CLIENT
from alongside.demo.tests.test_seed_demo import STIGMATIZING
from alongside.groups.models import Attendance, Group, RosterMember, Session, Status, Topic
from alongside.pathways.models import StageMove, State
from alongside.plans.models import Goal, GoalStatus, Task
from alongside.recovery.models import Win, WinKind
from alongside.support.models import Encounter, EncounterKind

pytestmark = pytest.mark.django_db
SMALL = "40"


def seed() -> None:
    call_command("seed_demo", "--clients", SMALL, stdout=StringIO())


def demo_client() -> Client:
    return Client.objects.get(user__email=CLIENT)


def test_clients_follow_pathways_with_stages_at_every_state():
    seed()

    moves = StageMove.objects.all()
    assert {m.to_state for m in moves} >= {
        State.INTRODUCED,
        State.WORKING,
        State.COMPLETED,
        State.REVISITING,
    }
    assert {m.pathway for m in moves} >= {"12-step", "smart"}
    assert moves.values("client").distinct().count() >= 6
    for move in moves:
        assert move.pathway in Client.objects.get(pk=move.client_id).pathways
        assert move.moved_at <= timezone.now()
    # The demo client works the steps with their advocate.
    assert StageMove.objects.filter(client=demo_client(), moved_by__email=ADVOCATE).exists()


def test_plans_have_goals_across_areas_tasks_some_done_and_wins():
    seed()

    goals = Goal.objects.all()
    assert goals.values("client").distinct().count() >= 6
    assert len({g.domain for g in goals}) >= 5
    tasks = Task.objects.all()
    assert tasks.filter(done_at__isnull=False).exists()
    assert tasks.filter(done_at__isnull=True).exists()
    done = goals.filter(status=GoalStatus.DONE)
    assert done.exists()
    for goal in done.select_related("win"):
        assert goal.win is not None and goal.win.kind == WinKind.GOAL
        # The Win's plain column never carries the goal's words.
        assert goal.win.title == "Finished a goal"
        assert goal.title not in goal.win.title
    assert Win.objects.filter(kind=WinKind.GOAL).count() == done.count()
    assert demo_client().goals.count() >= 3
    assert all(g.events.exists() for g in goals)


def test_groups_have_schedules_rosters_attendance_and_sessions_to_come():
    seed()

    groups = {g.topic: g for g in Group.objects.all()}
    assert set(groups) >= {Topic.STEP_STUDY, Topic.RELAPSE_PREVENTION}
    step_study = groups[Topic.STEP_STUDY]
    assert step_study.name == "Tuesday step study"
    assert step_study.schedule.weekdays == [1]
    assert step_study.facilitators.filter(email=ADVOCATE).exists()
    assert Group.objects.filter(facilitators__email=ADVOCATE).count() >= 2
    assert any(g.facilitators.count() == 2 for g in groups.values())
    now = timezone.now()
    for group in groups.values():
        assert RosterMember.objects.filter(group=group).count() >= 3
        past = group.sessions.filter(starts_at__lt=now)
        assert past.filter(cancelled=False, attendance__isnull=False).exists()
        assert past.filter(cancelled=True).exists()
        assert not Attendance.objects.filter(session__group=group, session__cancelled=True).exists()
        assert group.sessions.filter(starts_at__gt=now, cancelled=False).exists()
        assert group.sessions.filter(starts_at__gt=now, cancelled=True).exists()
    assert RosterMember.objects.filter(group=step_study, client=demo_client()).exists()


def test_attendance_logged_one_group_contact_per_person_who_came():
    seed()

    marks = Attendance.objects.select_related("encounter", "session")
    assert {m.status for m in marks} >= {Status.PRESENT, Status.ABSENT}
    for mark in marks:
        if mark.status in (Status.PRESENT, Status.LATE):
            assert mark.encounter.kind == EncounterKind.GROUP
            assert mark.encounter.client_id == mark.client_id
            assert mark.encounter.occurred_at == mark.session.starts_at
        else:
            assert mark.encounter is None
    group_contacts = Encounter.objects.filter(attendance__isnull=False)
    assert group_contacts.count() == marks.exclude(encounter=None).count()
    for note in group_contacts.values_list("note", flat=True):
        assert not STIGMATIZING.search(note), note
    assert Session.objects.filter(note__isnull=False).exists()


def test_the_recovery_work_is_audited_and_the_chain_verifies():
    seed()

    assert all(problem is None for _chain, _rows, problem in verify_all())
    from alongside.audit.models import AccessEvent

    assert AccessEvent.objects.filter(object_type="goal", action="create").count() == (
        Goal.objects.count()
    )
    assert AccessEvent.objects.filter(object_type="group_roster").count() == (
        RosterMember.objects.count()
    )
