"""Loading the demo center: turn a plan (plan.py) into rows, fast, in one transaction.

One bulk insert per model, so the same code loads a 5,000-client center in seconds. Client
records get their audit rows like any other write (DESIGN.md §4.2), attributed to the system.
"""

from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import transaction
from django.db.models import Case, F, OuterRef, Subquery, When
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import log as audit_log
from alongside.audit.models import Action
from alongside.clients.models import Assignment, Client, Episode, LevelOfCare
from alongside.demo.plan import WINDOW_DAYS, CenterPlan, ClientPlan, EpisodePlan, plan_center
from alongside.demo.roster import (
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_SLUG,
    DEMO_TIME_ZONE,
    PROGRAMS,
)
from alongside.organizations.models import Membership, Organization, Program
from alongside.support.models import Encounter, EncounterKind

__all__ = ["DEMO_PASSWORD", "BuildSummary", "DemoCenterError", "build_demo_center"]

BATCH_SIZE = 1000
LEVEL_OF_CARE: dict[str, str] = {
    Program.Kind.RESIDENTIAL: LevelOfCare.RESIDENTIAL,
    Program.Kind.INTENSIVE_OUTPATIENT: LevelOfCare.INTENSIVE_OUTPATIENT,
}
WRITE_UP_DELAY = {
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
) -> BuildSummary | None:
    """Load the demo center planned by SEED with CLIENTS clients; return what was created.

    Return None, changing nothing, if the demo organization already exists. Raise
    DemoCenterError if a demo login's e-mail address is already taken by another account.
    Times are placed relative to NOW (default: the current time).
    """
    started = time.monotonic()
    if demo_center_exists():
        return None
    plan = plan_center(seed=seed, clients=clients)
    now = now or timezone.now()
    # Two loads racing each other: the organization's unique slug makes the second one fail
    # and roll back whole.
    with transaction.atomic():
        taken = sorted(
            User.objects.filter(email__in=[s.email for s in plan.staff]).values_list(
                "email", flat=True
            )
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

        self.report(f"Creating {len(self.plan.staff):,} staff…")
        users = self._create_staff(org, programs)

        self.report(f"Creating {len(self.plan.clients):,} clients…")
        clients = Client.objects.bulk_create(
            [self._client(org, person) for person in self.plan.clients], batch_size=BATCH_SIZE
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
        Encounter.objects.bulk_create(
            (
                encounter
                for client, person in zip(clients, self.plan.clients, strict=True)
                for encounter in self._encounters(org, client, person, users)
            ),
            batch_size=BATCH_SIZE,
        )
        self._backdate(org)

        self.report("Recording audit events…")
        events = audit_log.record_many(
            audit_log.Event(
                action=Action.CREATE,
                object_type="client",
                object_public_id=client.public_id,
                organization_id=org.pk,
                client_id=client.pk,
                client_public_id=client.public_id,
                user=None,
                role="system",
            )
            for client in clients
        )
        return {
            "staff": len(users),
            "clients": len(clients),
            "episodes": len(episodes),
            "discharged": sum(1 for e in episodes if e.discharged_at is not None),
            "assignments": len(assignment_rows),
            "encounters": encounter_count,
            "audit_events": len(events),
        }

    def _create_staff(self, org: Organization, programs: dict[str, Program]) -> dict[str, User]:
        # Argon2 is deliberately slow: hash the shared password once and reuse the result.
        hasher = User(email="hash@demo.test")
        hasher.set_password(DEMO_PASSWORD)
        users = User.objects.bulk_create(
            [
                User(
                    email=s.email,
                    display_name=s.display_name,
                    password=hasher.password,
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

    def _client(self, org: Organization, person: ClientPlan) -> Client:
        return Client(
            organization_id=org.pk,
            preferred_name=person.preferred_name,
            pronouns=person.pronouns,
            date_of_birth=self.today - timedelta(days=person.born_days_ago),
            time_zone=person.time_zone,
            language=person.language,
            pathways=list(person.pathways),
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
    ) -> Iterator[Encounter]:
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
            yield Encounter(
                organization_id=org.pk,
                client_id=client.pk,
                advocate_id=users[assignment.advocate].pk,
                kind=plan.kind,
                occurred_at=occurred_at,
                minutes=plan.minutes,
                location=plan.location,
                topics=list(plan.topics),
                note=plan.note,
                follow_up_on=follow_up_on,
            )

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
        # Contacts are written up soon after they end.
        Encounter.objects.filter(organization=org).update(
            created_at=Case(
                *(
                    When(kind=kind, then=F("occurred_at") + delay)
                    for kind, delay in WRITE_UP_DELAY.items()
                ),
                default=F("occurred_at"),
            )
        )

    def _at(self, ago: float) -> datetime:
        return self.now - timedelta(days=ago)

    def _maybe_at(self, ago: float | None) -> datetime | None:
        return None if ago is None else self._at(ago)

    def _zone(self, name: str) -> zoneinfo.ZoneInfo:
        if name not in self.zones:
            self.zones[name] = zoneinfo.ZoneInfo(name)
        return self.zones[name]
