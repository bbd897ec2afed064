"""Demo recovery work (issue 6): pathways with stages at every state, recovery plans with
goals, tasks and the Wins finished goals made, and groups with schedules, rosters, past
sessions with attendance (and the group contacts it logs) and sessions to come.

Everything is written through the apps' own services as the demo advocates, so the rules,
the plan history and the audit rows are the real ones. The amounts are small and fixed
whatever the center's size: the first clients of each advocate's caseload get the work, the
demo client (client@demo.test) first of all. Called once from builder.py; deterministic for
a seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.utils import timezone

from alongside.accounts.models import User
from alongside.clients.access import Capability, visible_to
from alongside.clients.models import Assignment, Client
from alongside.demo.roster import ADVOCATE, ADVOCATE_2, CLIENT
from alongside.groups import services as groups
from alongside.groups.models import Group, Schedule, Session, Status, Topic
from alongside.organizations.models import Organization, Program
from alongside.pathways import services as pathways
from alongside.pathways.models import State
from alongside.plans import services as plans
from alongside.recovery.milestones import client_today

# How many clients of each advocate follow a pathway, and how many have a plan.
ON_PATHWAYS = 8
WITH_PLANS = 6
PAST_WEEKS = 4

# Where a client stands on the 12 steps: stages completed, then the one being worked, then
# the one just introduced (and sometimes a completed step being revisited).
STEP_WORK = (
    (3, True, False),
    (1, True, True),
    (5, False, False),
    (0, True, False),
    (8, True, True),
)
SMART_WORK = ((1, True), (2, False), (0, True))

# (domain, goal, tasks): a first plan in words a person might use.
GOALS = (
    ("legal", "Get my ID back", ("Find my birth certificate", "Book a DMV appointment")),
    (
        "work",
        "Apply to three jobs",
        ("Update my resume", "Apply at the warehouse", "Apply at the grocery store"),
    ),
    ("housing", "Find a sober living home", ("Call two houses on the list", "Visit one house")),
    ("health", "See a doctor about my sleep", ("Book an appointment",)),
    ("family", "Call my sister every Sunday", ("Call her this Sunday",)),
    ("finances", "Open a bank account", ("Ask which papers I need", "Go to the branch")),
    ("community", "Try a new meeting", ("Look up meetings near work",)),
    ("recovery", "Build a morning routine", ("Write down three things I am grateful for",)),
)

# (name, topic, weekdays, start, minutes, location, note)
GROUPS = (
    (
        "Tuesday step study",
        Topic.STEP_STUDY,
        [1],
        time(18, 0),
        90,
        "Community room",
        "We read about this week's step and shared how it shows up in daily life.",
    ),
    (
        "Thursday recurrence prevention",
        Topic.RELAPSE_PREVENTION,
        [3],
        time(17, 30),
        60,
        "Room 4",
        "We mapped early warning signs and each named one person to call.",
    ),
    (
        "Saturday open share",
        Topic.OPEN_SHARE,
        [5],
        time(10, 0),
        60,
        "Garden room",
        "Open share: wins of the week and what is hard right now.",
    ),
)
# Most people come; some are late, excused or absent.
STATUS_WEIGHTS: tuple[tuple[str, int], ...] = (
    (Status.PRESENT, 70),
    (Status.LATE, 10),
    (Status.EXCUSED, 10),
    (Status.ABSENT, 10),
)


def load_recovery_work(
    org: Organization,
    now: datetime,
    *,
    seed: int = 1,
    report: Callable[[str], None] = lambda line: None,
) -> dict[str, int]:
    """Create ORG's demo pathways, plans and groups as of NOW; return the counts."""
    rng = random.Random(f"recovery-work:{seed}")
    report("Creating pathway progress, recovery plans and groups…")
    by_email = {u.email: u for u in User.objects.filter(email__in=[ADVOCATE, ADVOCATE_2])}
    advocates = [by_email[e] for e in (ADVOCATE, ADVOCATE_2) if e in by_email]
    if not advocates:
        return {}
    counts = {"stage_moves": 0, "goals": 0, "tasks": 0, "groups": 0, "attendance": 0}
    for advocate in advocates:
        caseload = _caseload(org, advocate)
        for index, client in enumerate(caseload[:ON_PATHWAYS]):
            counts["stage_moves"] += _pathway_work(advocate, client, index, now)
        for index, client in enumerate(caseload[:WITH_PLANS]):
            goals, tasks = _plan(advocate, client, index, rng)
            counts["goals"] += goals
            counts["tasks"] += tasks
    for index, spec in enumerate(GROUPS):
        runner = advocates[0] if index < 2 else advocates[-1]
        made = _group(
            org, runner, spec, now, rng, co_facilitator=advocates[-1] if index == 1 else None
        )
        if made is not None:
            counts["groups"] += 1
            counts["attendance"] += made
    return counts


def _caseload(org: Organization, advocate: User) -> list[Client]:
    """ADVOCATE's clients in care, the demo client first, then in a stable order."""
    clients = list(
        visible_to(advocate, need=Capability.RECORD)
        .filter(organization=org, episodes__discharged_at__isnull=True)
        .distinct()
        .select_related("user")
        .order_by("pk")
    )
    clients.sort(key=lambda c: (c.user is None or c.user.email != CLIENT, c.pk))
    return clients


# --- Pathways -------------------------------------------------------------------------------


def _walk(actor: Any, client: Client, pathway: str, stage: str, to: str, at: datetime) -> int:
    """Move STAGE through the states up to TO (introduced, working, completed), a few days
    apart ending at AT; return how many moves were made."""
    order: list[str] = [State.INTRODUCED, State.WORKING, State.COMPLETED]
    steps = order[: order.index(to) + 1]
    for n, state in enumerate(steps):
        when = at - timedelta(days=3 * (len(steps) - 1 - n))
        pathways.move_stage(actor, client, pathway, stage, state, now=when, note=_note(state))
    return len(steps)


def _note(state: str) -> str:
    notes: dict[str, str] = {
        State.INTRODUCED: "Talked through what this step asks, in plain words.",
        State.WORKING: "Working on it between meetings; we check in on it weekly.",
    }
    return notes.get(state, "")


def _pathway_work(actor: Any, client: Client, index: int, now: datetime) -> int:
    moves = 0
    if index % 3 != 2:
        pathways.follow_pathway(actor, client, "12-step")
        done, working, introduce_next = STEP_WORK[index % len(STEP_WORK)]
        at = now - timedelta(days=60)
        for number in range(1, done + 1):
            moves += _walk(actor, client, "12-step", f"step-{number}", State.COMPLETED, at)
            at += timedelta(days=7)
        current = done + 1
        if working:
            moves += _walk(actor, client, "12-step", f"step-{current}", State.WORKING, at)
            current += 1
        if introduce_next:
            moves += _walk(actor, client, "12-step", f"step-{current}", State.INTRODUCED, at)
        if done >= 3 and index % 2 == 0:
            pathways.move_stage(actor, client, "12-step", "step-1", State.REVISITING, now=at)
            moves += 1
    else:
        pathways.follow_pathway(actor, client, "smart")
        done, working = SMART_WORK[index % len(SMART_WORK)]
        at = now - timedelta(days=30)
        for number in range(1, done + 1):
            moves += _walk(actor, client, "smart", f"point-{number}", State.COMPLETED, at)
            at += timedelta(days=5)
        if working:
            moves += _walk(actor, client, "smart", f"point-{done + 1}", State.WORKING, at)
    return moves


# --- Plans ----------------------------------------------------------------------------------


def _plan(actor: Any, client: Client, index: int, rng: random.Random) -> tuple[int, int]:
    """Give CLIENT three or four goals in different areas, with tasks (some ticked off); one
    goal of most plans is finished, which makes its Win. Return the goals and tasks made."""
    today = client_today(client, timezone.now())
    chosen = rng.sample(GOALS, 4 if index % 2 == 0 else 3)
    tasks_made = 0
    for number, (domain, title, tasks) in enumerate(chosen):
        goal = plans.create_goal(
            actor,
            client,
            {
                "domain": domain,
                "title": title,
                "specific": "A small, concrete step I can see.",
                "target_date": today + timedelta(days=14 + 10 * number),
            },
        )
        finish = number == 0 and index % 3 != 1
        for position, task_title in enumerate(tasks):
            due = today + timedelta(days=3 + 4 * position) if position else today
            task = plans.add_task(
                actor, goal, {"title": task_title, "due_on": due, "owner_kind": "client"}
            )
            tasks_made += 1
            if finish or (position == 0 and rng.random() < 0.6):
                plans.set_task_done(actor, task, True)
        if finish:
            plans.set_goal_status(actor, goal, "done")
    return len(chosen), tasks_made


# --- Groups ---------------------------------------------------------------------------------


def _group(
    org: Organization,
    runner: User,
    spec: tuple[Any, ...],
    now: datetime,
    rng: random.Random,
    *,
    co_facilitator: User | None,
) -> int | None:
    """Create one group run by RUNNER in the program most of RUNNER's clients are in, with
    its roster, past sessions (attendance taken, one cancelled) and the sessions to come;
    return the attendance marks made, or None when RUNNER has nobody to put on a roster."""
    name, topic, weekdays, start, minutes, location, note = spec
    program = _busiest_program(org, runner)
    if program is None:
        return None
    zone = ZoneInfo(org.time_zone)
    today = now.astimezone(zone).date()
    group = groups.create_group(
        runner,
        groups.GroupDetails(
            program=program,
            name=name,
            topic=topic,
            capacity=15,
            weekdays=weekdays,
            start_time=start,
            minutes=minutes,
            location=location,
        ),
        today=today,
    )
    if co_facilitator is not None and co_facilitator.pk != runner.pk:
        groups.add_facilitator(runner, group, co_facilitator)
    candidates = groups.roster_candidates(runner, group).select_related("user").order_by("pk")
    members = sorted(candidates, key=lambda c: (c.user is None or c.user.email != CLIENT, c.pk))
    members = members[:10]
    for client in members:
        groups.add_to_roster(runner, group, client)
    marks = _past_sessions(group, runner, members, today, note, rng)
    _cancel_one_ahead(group, runner)
    return marks


def _busiest_program(org: Organization, runner: User) -> Program | None:
    """The program of the demo client's open stay when RUNNER is their advocate (so the
    visitor signing in as the client meets the group), else the one most of RUNNER's
    clients in care are in."""
    own = (
        visible_to(runner, need=Capability.RECORD)
        .filter(organization=org, user__email=CLIENT, episodes__discharged_at__isnull=True)
        .values_list("episodes__program", flat=True)
        .first()
    )
    if own is not None:
        return Program.objects.get(pk=own)
    row = (
        visible_to(runner, need=Capability.RECORD)
        .filter(organization=org, episodes__discharged_at__isnull=True)
        .values("episodes__program")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "episodes__program")
        .first()
    )
    return Program.objects.get(pk=row["episodes__program"]) if row else None


def _past_sessions(
    group: Group,
    runner: User,
    members: list[Client],
    today: date,
    note: str,
    rng: random.Random,
) -> int:
    """Create the last PAST_WEEKS weeks of sessions; take attendance at all but one, which
    was cancelled. Return the attendance marks made."""
    schedule = Schedule.objects.get(group=group)
    first = today - timedelta(weeks=PAST_WEEKS)
    Schedule.objects.filter(pk=schedule.pk).update(starts_on=first)
    schedule.starts_on = first
    started = timezone.now()
    starts = [
        s
        for s in groups.session_starts(schedule, group.organization.time_zone, first, today)
        if s < started
    ]
    Session.objects.bulk_create(
        [
            Session(
                organization_id=group.organization_id,
                group=group,
                starts_at=s,
                minutes=schedule.minutes,
            )
            for s in starts
        ],
        ignore_conflicts=True,
    )
    sessions = list(
        Session.objects.filter(group=group, starts_at__lt=started).order_by("starts_at")
    )
    joined = dict(
        Assignment.objects.current()
        .filter(advocate=runner, client__in=members)
        .values_list("client_id", "started_at")
    )
    made = 0
    for number, session in enumerate(sessions):
        if number == 1 and len(sessions) > 2:
            # Cancelled at the time (a holiday): no attendance, shown as cancelled.
            Session.objects.filter(pk=session.pk).update(cancelled=True)
            continue
        statuses = [status for status, _weight in STATUS_WEIGHTS]
        weights = [weight for _status, weight in STATUS_WEIGHTS]
        # Only people already on the facilitator's caseload then: a contact is always by
        # the advocate assigned at that moment.
        there = [c for c in members if joined.get(c.pk, session.starts_at) < session.starts_at]
        if not there:
            continue
        marks = {client.pk: groups.Mark(rng.choices(statuses, weights)[0]) for client in there}
        if len(there) > 2:
            marks[there[-1].pk] = groups.Mark(Status.ABSENT)
        marks[there[0].pk] = groups.Mark(Status.PRESENT, "Shared for the first time.")
        groups.record_attendance(runner, session, marks, note)
        made += len(marks)
    return made


def _cancel_one_ahead(group: Group, runner: User) -> None:
    """Cancel the second upcoming session (a facilitator away), which can still be restored."""
    ahead = list(Session.objects.filter(group=group, starts_at__gt=timezone.now())[:2])
    if len(ahead) == 2:
        groups.cancel_session(runner, ahead[1])
