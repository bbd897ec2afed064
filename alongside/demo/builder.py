"""Loading the demo center: turn a plan (plan.py) into rows, fast, in one transaction.

One bulk insert per model, so the same code loads a 5,000-client center in seconds; the
biggest tables (contacts, check-ins, wins, timeline events) skip model instances and go in
with `bulk.insert_rows` (COPY on PostgreSQL), which also lets them carry their real "recorded at"
times. Client records get
their audit rows like any other write (DESIGN.md §4.2), attributed to the system: one
`create` per client, portal account, reminder setting, timeline event, win, check-in,
message, assessment, safety plan version, risk flag and alert, and one `update` per
congratulated win and per alert taken or resolved, all appended to the chain in one
`record_many()`. Demo messages and alerts queue no notices: nobody is waiting for them.
Assessments, safety plans, the on-call rota, flags and alerts are loaded by care_loader.py.
"""

from __future__ import annotations

import time
import uuid
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import log as audit_log
from alongside.audit.models import Action
from alongside.checkins.models import CheckIn, Source
from alongside.clients.models import Assignment, Client, Episode, LevelOfCare
from alongside.demo.aftercare import load_aftercare
from alongside.demo.bulk import BATCH_SIZE, insert_rows
from alongside.demo.care_loader import CareLoader, CheckInRow
from alongside.demo.conversations import conversation_rows, working_week
from alongside.demo.daily import CheerPlan
from alongside.demo.plan import WINDOW_DAYS, CenterPlan, ClientPlan, EpisodePlan, plan_center
from alongside.demo.recovery_work import load_recovery_work
from alongside.demo.roster import (
    DEMO_EMAIL_DOMAIN,
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_SLUG,
    DEMO_TIME_ZONE,
    PROGRAMS,
)
from alongside.demo.second_factor import enrol_demo_staff
from alongside.messaging.hours import Week
from alongside.messaging.models import Message, WorkingDay
from alongside.notifications.models import ReminderPreference
from alongside.organizations.models import Membership, Organization, Program, Role
from alongside.recovery.milestones import START, milestones_between
from alongside.recovery.models import RecoveryEvent, Win, WinKind
from alongside.recovery.services import milestone_title
from alongside.support.models import Encounter, EncounterKind

__all__ = ["DEMO_PASSWORD", "BuildSummary", "DemoCenterError", "build_demo_center"]

LEVEL_OF_CARE: dict[str, str] = {
    Program.Kind.RESIDENTIAL: LevelOfCare.RESIDENTIAL,
    Program.Kind.INTENSIVE_OUTPATIENT: LevelOfCare.INTENSIVE_OUTPATIENT,
}
WRITE_UP_DELAY: dict[str, timedelta] = {
    EncounterKind.MESSAGE: timedelta(minutes=2),
    EncounterKind.BRIEF: timedelta(minutes=15),
    EncounterKind.PHONE: timedelta(minutes=40),
    EncounterKind.ONE_ON_ONE: timedelta(minutes=75),
    EncounterKind.OUTREACH: timedelta(minutes=60),
    EncounterKind.GROUP: timedelta(minutes=110),
    EncounterKind.ACCOMPANIMENT: timedelta(minutes=130),
}
# The center opened a little before its oldest admission.
CENTER_AGE = timedelta(days=WINDOW_DAYS + 45)


class DemoCenterError(Exception):
    """The demo center cannot be loaded into this database as it is."""


@dataclass(frozen=True)
class BuildSummary:
    staff: int
    clients: int
    episodes: int
    discharged: int
    assignments: int
    encounters: int
    portal_accounts: int
    recovery_events: int
    wins: int
    checkins: int
    messages: int
    assessments: int
    safety_plans: int
    on_call_shifts: int
    risk_flags: int
    alerts: int
    audit_events: int
    seconds: float


def demo_center_exists() -> bool:
    return Organization.objects.filter(slug=DEMO_SLUG).exists()


def build_demo_center(
    *,
    seed: int = 1,
    clients: int = 150,
    now: datetime | None = None,
    report: Callable[[str], None] = lambda line: None,
    plan: CenterPlan | None = None,
) -> BuildSummary | None:
    """Load the demo center planned by SEED with CLIENTS clients; return what was created.

    Return None, changing nothing, if the demo organization already exists. Raise
    DemoCenterError if a demo login's e-mail address is already taken by another account.
    Times are placed relative to NOW (default: the current time). PLAN, when given, is loaded
    instead of planning one from SEED and CLIENTS (the large center reshapes it, large.py).
    """
    started = time.monotonic()
    if demo_center_exists():
        return None
    plan = plan or plan_center(seed=seed, clients=clients)
    now = now or timezone.now()
    # Two loads racing each other: the organization's unique slug makes the second one fail
    # and roll back whole.
    with transaction.atomic():
        wanted = {s.email for s in plan.staff} | {
            p.portal.email for p in plan.clients if p.portal is not None
        }
        taken = sorted(
            email
            for email in User.objects.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}").values_list(
                "email", flat=True
            )
            if email.lower() in wanted
        )
        if taken:
            raise DemoCenterError(
                "These demo sign-in addresses already belong to other accounts: " + ", ".join(taken)
            )
        summary = _Loader(plan, now, report).load()
    return BuildSummary(**summary, seconds=time.monotonic() - started)


class _Loader:
    def __init__(self, plan: CenterPlan, now: datetime, report: Callable[[str], None]) -> None:
        self.plan = plan
        self.now = now
        self.report = report
        self.opened_at = now - CENTER_AGE
        self.zones: dict[str, zoneinfo.ZoneInfo] = {}
        self.today = now.astimezone(self._zone(DEMO_TIME_ZONE)).date()

    def load(self) -> dict[str, int]:
        self.report("Creating the organization and its programs…")
        org = Organization.objects.create(name=DEMO_NAME, slug=DEMO_SLUG, time_zone=DEMO_TIME_ZONE)
        Organization.objects.filter(pk=org.pk).update(created_at=self.opened_at)
        programs: dict[str, Program] = {
            kind: program
            for (_, kind), program in zip(
                PROGRAMS,
                Program.objects.bulk_create(
                    [Program(organization=org, name=name, kind=kind) for name, kind in PROGRAMS]
                ),
                strict=True,
            )
        }

        # Argon2 is deliberately slow: hash the shared password once and reuse the result.
        hasher = User(email="hash@demo.test")
        hasher.set_password(DEMO_PASSWORD)
        self.report(f"Creating {len(self.plan.staff):,} staff…")
        users = self._create_staff(org, programs, hasher.password)
        # Staff sign in with a second factor: seeded authenticators (second_factor.py).
        enrol_demo_staff(users.values(), self.plan.seed)
        portal_users = self._create_portal_users(hasher.password)

        self.report(f"Creating {len(self.plan.clients):,} clients…")
        clients = Client.objects.bulk_create(
            [
                self._client(org, person, portal_users.get(index))
                for index, person in enumerate(self.plan.clients)
            ],
            batch_size=BATCH_SIZE,
        )
        episodes = Episode.objects.bulk_create(
            [
                self._episode(org, programs, client, episode)
                for client, person in zip(clients, self.plan.clients, strict=True)
                for episode in person.episodes
            ],
            batch_size=BATCH_SIZE,
        )
        supervisors = {s.email: s.supervisor for s in self.plan.staff}
        assignment_rows: list[Assignment] = []
        for client, person in zip(clients, self.plan.clients, strict=True):
            for assignment in person.assignments:
                supervisor = supervisors[assignment.advocate]
                assignment_rows.append(
                    Assignment(
                        organization_id=org.pk,
                        client_id=client.pk,
                        advocate_id=users[assignment.advocate].pk,
                        started_at=self._at(assignment.started_ago),
                        ended_at=self._maybe_at(assignment.ended_ago),
                        end_reason=assignment.end_reason,
                        assigned_by_id=users[supervisor].pk if supervisor else None,
                    )
                )
        Assignment.objects.bulk_create(assignment_rows, batch_size=BATCH_SIZE)

        encounter_count = sum(len(p.encounters) for p in self.plan.clients)
        self.report(f"Creating {encounter_count:,} contacts…")
        insert_rows(
            Encounter,
            [
                encounter
                for client, person in zip(clients, self.plan.clients, strict=True)
                for encounter in self._encounters(org, client, person, users)
            ],
        )
        self._backdate(org)

        audit = _Audit(org)
        for client in clients:
            audit.add(client, Action.CREATE, "client", client.public_id)
        loop = _DailyLoop(self, org, clients, users, portal_users, audit)
        daily = loop.load()
        self._working_days(org, users)
        messages = self._conversations(org, clients, users, portal_users, audit)
        care = CareLoader(
            self,
            org,
            programs,
            clients,
            users,
            portal_users,
            audit,
            checkins=loop.checkin_rows,
            events=loop.events,
            insert=insert_rows,
        ).load()

        load_aftercare(org, self.now, audit, seed=self.plan.seed, report=self.report)
        load_recovery_work(org, self.now, seed=self.plan.seed, report=self.report)
        self.report(f"Recording {len(audit.events):,} audit events…")
        events = audit_log.record_many(audit.events)
        return {
            "staff": len(users),
            "clients": len(clients),
            "episodes": len(episodes),
            "discharged": sum(1 for e in episodes if e.discharged_at is not None),
            "assignments": len(assignment_rows),
            "encounters": encounter_count,
            **daily,
            "messages": messages,
            **care,
            "audit_events": len(events),
        }

    def _create_staff(
        self, org: Organization, programs: dict[str, Program], password: str
    ) -> dict[str, User]:
        users = User.objects.bulk_create(
            [
                User(
                    email=s.email,
                    display_name=s.display_name,
                    password=password,
                    date_joined=self.opened_at,
                )
                for s in self.plan.staff
            ],
            batch_size=BATCH_SIZE,
        )
        by_email = {u.email: u for u in users}
        memberships = Membership.objects.bulk_create(
            [
                Membership(
                    organization=org,
                    user=by_email[s.email],
                    role=s.role,
                    supervisor=by_email[s.supervisor] if s.supervisor else None,
                )
                for s in self.plan.staff
            ],
            batch_size=BATCH_SIZE,
        )
        Membership.programs.through.objects.bulk_create(
            [
                Membership.programs.through(membership=membership, program=programs[kind])
                for membership, s in zip(memberships, self.plan.staff, strict=True)
                for kind in s.program_kinds
            ]
        )
        Membership.objects.filter(organization=org).update(created_at=self.opened_at)
        return by_email

    def _create_portal_users(self, password: str) -> dict[int, User]:
        """Create the clients' own portal accounts; return them by the client's plan index."""
        planned = [(i, p) for i, p in enumerate(self.plan.clients) if p.portal is not None]
        users = User.objects.bulk_create(
            [
                User(
                    email=p.portal.email,
                    display_name=p.preferred_name,
                    time_zone=p.time_zone,
                    password=password,
                    date_joined=self._at(p.portal.joined_ago),
                )
                for _, p in planned
                if p.portal is not None
            ],
            batch_size=BATCH_SIZE,
        )
        return {i: user for (i, _), user in zip(planned, users, strict=True)}

    def _working_days(self, org: Organization, users: dict[str, User]) -> None:
        WorkingDay.objects.bulk_create(
            [
                WorkingDay(
                    organization=org, user=users[s.email], weekday=day, starts=starts, ends=ends
                )
                for s in self.plan.staff
                if s.role == Role.PRA
                for day, (starts, ends) in working_week(s.email).items()
            ],
            batch_size=BATCH_SIZE,
        )

    def _conversations(
        self,
        org: Organization,
        clients: list[Client],
        users: dict[str, User],
        portal_users: dict[int, User],
        audit: _Audit,
    ) -> int:
        """Insert the planned messages between people and their current advocates."""
        zone = self._zone(DEMO_TIME_ZONE)  # demo staff have no zone of their own
        rows: list[dict[str, Any]] = []
        for index, (client, person) in enumerate(zip(clients, self.plan.clients, strict=True)):
            user = portal_users.get(index)
            if person.conversation is None or user is None:
                continue
            assignment = person.assignments[-1]
            since = max(self._at(assignment.started_ago), user.date_joined)
            for row in conversation_rows(
                person.conversation,
                now=self.now,
                week=Week(days=working_week(assignment.advocate), zone=zone),
                floor=since + timedelta(hours=1),
                client=client,
                client_user_id=user.pk,
                advocate_id=users[assignment.advocate].pk,
            ):
                rows.append(row)
                audit.add(client, Action.CREATE, "message", row["public_id"])
        insert_rows(Message, rows)
        return len(rows)

    def _client(self, org: Organization, person: ClientPlan, user: User | None) -> Client:
        return Client(
            organization_id=org.pk,
            preferred_name=person.preferred_name,
            pronouns=person.pronouns,
            date_of_birth=self.today - timedelta(days=person.born_days_ago),
            time_zone=person.time_zone,
            language=person.language,
            pathways=list(person.pathways),
            user=user,
            # Reminders go to the address the person signed up with.
            email=person.portal.email if person.portal else "",
            phone=person.portal.phone if person.portal else "",
        )

    def _episode(
        self,
        org: Organization,
        programs: dict[str, Program],
        client: Client,
        episode: EpisodePlan,
    ) -> Episode:
        return Episode(
            organization_id=org.pk,
            client_id=client.pk,
            program_id=programs[episode.program_kind].pk,
            level_of_care=LEVEL_OF_CARE[episode.program_kind],
            admitted_at=self._at(episode.admitted_ago),
            discharged_at=self._maybe_at(episode.discharged_ago),
            discharge_reason=episode.reason,
        )

    def _encounters(
        self, org: Organization, client: Client, person: ClientPlan, users: dict[str, User]
    ) -> Iterator[dict[str, Any]]:
        zone = self._zone(person.time_zone)
        for plan in person.encounters:
            assignment = person.assignments[plan.assignment]
            occurred_at = self._contact_time(
                plan.ago,
                plan.local_time,
                zone,
                earliest=self._at(assignment.started_ago),
                latest=self._maybe_at(assignment.ended_ago) or self.now,
            )
            follow_up_on: date | None = None
            if plan.follow_up_days is not None:
                follow_up_on = occurred_at.astimezone(zone).date() + timedelta(
                    days=plan.follow_up_days
                )
            yield {
                "public_id": uuid.uuid4(),
                "organization_id": org.pk,
                "client_id": client.pk,
                "advocate_id": users[assignment.advocate].pk,
                "kind": plan.kind,
                "occurred_at": occurred_at,
                "minutes": plan.minutes,
                "location": plan.location,
                "topics": list(plan.topics),
                "note": plan.note,
                "follow_up_on": follow_up_on,
                # Contacts are written up soon after they end.
                "created_at": occurred_at + WRITE_UP_DELAY.get(plan.kind, timedelta(0)),
            }

    def _contact_time(
        self,
        ago: float,
        local_time: tuple[int, int],
        zone: zoneinfo.ZoneInfo,
        *,
        earliest: datetime,
        latest: datetime,
    ) -> datetime:
        """Return the contact's moment: on its planned day at the planned local time (people
        meet in the daytime) when that stays inside the assignment, else the raw moment."""
        raw = self._at(ago)
        hour, minute = local_time
        snapped = datetime.combine(raw.astimezone(zone).date(), clock(hour, minute), tzinfo=zone)
        if earliest <= snapped <= latest:
            return snapped
        return raw

    def _backdate(self, org: Organization) -> None:
        """Give records a plausible "recorded at" time.

        created_at is auto_now_add, which bulk_create fills with the current time; one
        UPDATE per table moves it to when the record would have been written.
        """
        Episode.objects.filter(organization=org).update(created_at=F("admitted_at"))
        first_admission = (
            Episode.objects.filter(client=OuterRef("pk"))
            .order_by("admitted_at")
            .values("admitted_at")[:1]
        )
        Client.objects.filter(organization=org).update(created_at=Subquery(first_admission))

    def _at(self, ago: float) -> datetime:
        return self.now - timedelta(days=ago)

    def local_moment(
        self, zone: zoneinfo.ZoneInfo, day: date, local_time: tuple[int, int]
    ) -> datetime:
        """Return DAY at LOCAL_TIME in ZONE; on today, never later than now (a time still to
        come becomes one between midnight and now)."""
        moment = datetime.combine(day, clock(*local_time), tzinfo=zone)
        if moment <= self.now:
            return moment
        midnight = datetime.combine(day, clock(0, 0), tzinfo=zone)
        return midnight + (self.now - midnight) * 0.9

    def local_today(self, person: ClientPlan) -> tuple[zoneinfo.ZoneInfo, date]:
        zone = self._zone(person.time_zone)
        return zone, self.now.astimezone(zone).date()

    def _maybe_at(self, ago: float | None) -> datetime | None:
        return None if ago is None else self._at(ago)

    def _zone(self, name: str) -> zoneinfo.ZoneInfo:
        if name not in self.zones:
            self.zones[name] = zoneinfo.ZoneInfo(name)
        return self.zones[name]


class _Audit:
    """The audit events of the load, in the order the rows were written."""

    def __init__(self, org: Organization) -> None:
        self.org = org
        self.events: list[audit_log.Event] = []

    def add(
        self, client: Client, action: str, object_type: str, public_id: uuid.UUID | None
    ) -> None:
        self.events.append(
            audit_log.Event(
                action=action,
                object_type=object_type,
                object_public_id=public_id,
                organization_id=self.org.pk,
                client_id=client.pk,
                client_public_id=client.public_id,
                user=None,
                role="system",
            )
        )


class _DailyLoop:
    """Portal reminders, recovery timelines, milestone and personal wins, and check-ins."""

    def __init__(
        self,
        loader: _Loader,
        org: Organization,
        clients: list[Client],
        users: dict[str, User],
        portal_users: dict[int, User],
        audit: _Audit,
    ) -> None:
        self.loader = loader
        self.now = loader.now
        self.org = org
        self.people = list(zip(clients, loader.plan.clients, strict=True))
        self.users = users
        self.portal_users = portal_users
        self.audit = audit
        # What the risk rules read (care_loader.py), by client index: the check-ins, and the
        # timeline events as (recorded at, kind, date) in the order recorded.
        self.checkin_rows: dict[int, list[CheckInRow]] = {}
        self.events: dict[int, list[tuple[datetime, str, date]]] = {}

    def load(self) -> dict[str, int]:
        self.loader.report("Creating portal accounts, recovery timelines, wins and check-ins…")
        self._portal_accounts()
        starts = self._timelines()
        wins = self._wins(starts)
        checkins = self._checkins()
        return {
            "portal_accounts": len(self.portal_users),
            "recovery_events": sum(len(p.recovery) for _, p in self.people),
            "wins": wins,
            "checkins": checkins,
        }

    def _portal_accounts(self) -> None:
        rows = []
        for index, (client, person) in enumerate(self.people):
            user = self.portal_users.get(index)
            if user is None or person.portal is None:
                continue
            self.audit.add(client, Action.CREATE, "portal_account", user.public_id)
            reminder = person.portal.reminder
            if reminder is None:
                continue
            rows.append(
                {
                    "organization_id": self.org.pk,
                    "client_id": client.pk,
                    "enabled": reminder.enabled,
                    "local_time": clock(*reminder.local_time),
                    "channel": reminder.channel,
                    "updated_at": user.date_joined,
                }
            )
            self.audit.add(client, Action.CREATE, "reminderpreference", None)
        insert_rows(ReminderPreference, rows)

    def _timelines(self) -> dict[int, tuple[int, date, datetime]]:
        """Insert every timeline event; return {client index: (the current start event's id,
        its date, when it was recorded)} for people whose count is going."""
        rows = []
        current: dict[int, tuple[uuid.UUID, date, datetime]] = {}
        for index, (client, person) in enumerate(self.people):
            zone, today = self.loader.local_today(person)
            previous: datetime | None = None
            for event in person.recovery:
                on_date = today - timedelta(days=event.days_ago)
                # Recorded on the day or later, never in the future, in the order planned.
                at = max(
                    self.loader._at(event.recorded_ago),
                    self.loader.local_moment(zone, on_date, (9, 0)),
                )
                if previous is not None:
                    at = max(at, previous + timedelta(minutes=1))
                at = min(at, self.now)
                previous = at
                public_id = uuid.uuid4()
                rows.append(
                    {
                        "public_id": public_id,
                        "organization_id": self.org.pk,
                        "client_id": client.pk,
                        "kind": event.kind,
                        "on_date": on_date,
                        "note": event.note,
                        "recorded_by_id": self.users[event.recorded_by].pk,
                        "created_at": at,
                    }
                )
                self.audit.add(client, Action.CREATE, "recoveryevent", public_id)
                self.events.setdefault(index, []).append((at, event.kind, on_date))
                if event.kind == START:
                    current[index] = (public_id, on_date, at)
                else:
                    current.pop(index, None)
        insert_rows(RecoveryEvent, rows)
        ids = dict(
            RecoveryEvent.objects.filter(organization_id=self.org.pk).values_list("public_id", "pk")
        )
        return {index: (ids[public_id], day, at) for index, (public_id, day, at) in current.items()}

    def _wins(self, starts: dict[int, tuple[int, date, datetime]]) -> int:
        rows: list[dict[str, Any]] = []
        for index, (client, person) in enumerate(self.people):
            zone, today = self.loader.local_today(person)
            if index in starts:
                start_id, start_date, recorded_at = starts[index]
                recorded_on = recorded_at.astimezone(zone).date()
                reached = milestones_between(start_date, start_date, today)
                for rung, (milestone, when) in enumerate(reached):
                    # Milestones already behind when the date was recorded were awarded then;
                    # later ones on the morning they were reached.
                    at = recorded_at
                    if when > recorded_on:
                        at = max(recorded_at, self.loader.local_moment(zone, when, (6, 0)))
                    cheers = person.milestone_cheers
                    self._win(
                        rows,
                        client,
                        person,
                        kind=WinKind.MILESTONE,
                        title=milestone_title(milestone.label),
                        occurred_on=when,
                        created_at=at,
                        created_by=None,
                        cheer=cheers[rung] if rung < len(cheers) else None,
                        milestone_key=milestone.key,
                        start_id=start_id,
                    )
            portal_user = self.portal_users.get(index)
            for win in person.wins:
                day = today - timedelta(days=win.days_ago)
                author = portal_user if win.by_client and portal_user else None
                self._win(
                    rows,
                    client,
                    person,
                    kind=WinKind.PERSONAL,
                    title=win.title,
                    occurred_on=day,
                    created_at=self.loader.local_moment(zone, day, (20, 15)),
                    created_by=author or self.users[person.assignments[-1].advocate],
                    cheer=win.cheer,
                )
        insert_rows(Win, rows)
        return len(rows)

    def _win(
        self,
        rows: list[dict[str, Any]],
        client: Client,
        person: ClientPlan,
        *,
        kind: str,
        title: str,
        occurred_on: date,
        created_at: datetime,
        created_by: User | None,
        cheer: CheerPlan | None,
        milestone_key: str = "",
        start_id: int | None = None,
    ) -> None:
        created_at = min(created_at, self.now)
        congratulated_at: datetime | None = None
        if cheer is not None:
            # By the current advocate, after the win and once they were working together.
            since = self.loader._at(person.assignments[-1].started_ago)
            congratulated_at = max(created_at + timedelta(days=cheer.after_days), since)
            congratulated_at = min(congratulated_at, self.now)
        public_id = uuid.uuid4()
        rows.append(
            {
                "public_id": public_id,
                "organization_id": self.org.pk,
                "client_id": client.pk,
                "kind": kind,
                "title": title,
                "occurred_on": occurred_on,
                "milestone_key": milestone_key,
                "start_id": start_id,
                "created_at": created_at,
                "created_by_id": created_by.pk if created_by else None,
                "congratulation": cheer.text if cheer else "",
                "congratulated_by_id": self.users[cheer.by].pk if cheer else None,
                "congratulated_at": congratulated_at,
            }
        )
        self.audit.add(client, Action.CREATE, "win", public_id)
        if cheer is not None:
            self.audit.add(client, Action.UPDATE, "win", public_id)

    def _checkins(self) -> int:
        rows = []
        for index, (client, person) in enumerate(self.people):
            if not person.checkins:
                continue
            zone, today = self.loader.local_today(person)
            portal_user = self.portal_users.get(index)
            advocate = self.users[person.assignments[-1].advocate]
            for checkin in person.checkins:
                day = today - timedelta(days=checkin.days_ago)
                at = self.loader.local_moment(zone, day, checkin.local_time)
                recorder = advocate if checkin.by_staff or portal_user is None else portal_user
                public_id = uuid.uuid4()
                rows.append(
                    {
                        "public_id": public_id,
                        "organization_id": self.org.pk,
                        "client_id": client.pk,
                        "occurred_at": at,
                        "local_date": day,
                        "mood": checkin.mood,
                        "craving": checkin.craving,
                        "used_since_last": checkin.used,
                        "substance": checkin.substance,
                        "sleep_hours": (
                            None
                            if checkin.sleep_hours is None
                            else Decimal(str(checkin.sleep_hours))
                        ),
                        "sleep_quality": checkin.sleep_quality,
                        "went_well": checkin.went_well,
                        "wants_contact": checkin.wants_contact,
                        "safety_concern": checkin.safety_concern,
                        "source": Source.STAFF if recorder is advocate else Source.PORTAL,
                        "recorded_by_id": recorder.pk,
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                self.audit.add(client, Action.CREATE, "checkin", public_id)
                self.checkin_rows.setdefault(index, []).append(
                    CheckInRow(
                        public_id,
                        at,
                        day,
                        checkin.craving,
                        checkin.used,
                        checkin.safety_concern,
                    )
                )
        insert_rows(CheckIn, rows)
        return len(rows)
