"""Loading the demo's care records (planned in care.py): assessments, safety plans, the on-call
rota, risk flags, alerts and who each alert reached.

Nothing here is written by hand that the product computes: assessment totals, bands and flags
come from `scoring.score()`; flags come from the real risk rules (`safety.rules`) applied to
the check-ins as they were loaded, so every check-in that would have raised a flag has it,
and no other; each alert reached the people `safety.routing` would have reached at step 0
(the client's advocate if working, and whoever was on call, else the supervisor), and was
taken by one of them within minutes, before the first escalation. The "no check-in" flags are
those the hourly sweep would have raised for today's silences, so the sweep started by
`make run` does not raise them again.

No alert is left open (the sweeper would escalate it and e-mail every few minutes); at most
one is taken and not yet resolved. No notices (Delivery rows) are queued.

Like the rest of the builder: one bulk insert per table, and a system-attributed `create`
audit event per client record (assessment, safety plan version, flag, alert), plus one
`update` for each alert taken and each alert resolved.
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import TYPE_CHECKING, Any

from django.db import models

from alongside.accounts.models import User
from alongside.assessments.catalog import get_instrument
from alongside.assessments.instruments import Instrument
from alongside.assessments.models import AssessmentResponse
from alongside.assessments.models import Source as AssessmentSource
from alongside.assessments.scoring import score
from alongside.audit.models import Action
from alongside.clients.models import Client
from alongside.demo import care_texts as texts
from alongside.demo.conversations import working_week
from alongside.demo.daily import AWAITING_CONTACT
from alongside.demo.roster import DEMO_TIME_ZONE, PROGRAMS, SUPERVISOR
from alongside.messaging.hours import Week
from alongside.organizations.models import Organization, Program, Role
from alongside.recovery.milestones import START, days_in_recovery
from alongside.safety.models import (
    ALERTING,
    REASON_LENGTH,
    Alert,
    AlertRecipient,
    AlertState,
    OnCallShift,
    RecipientRole,
    RiskFlag,
    Severity,
)
from alongside.safety.routing import interval_minutes
from alongside.safety.rules import evaluate_checkin, rules_config
from alongside.safety.sweeps import NO_CHECKIN_DAYS
from alongside.safetyplans.models import SafetyPlanVersion

if TYPE_CHECKING:
    from alongside.demo.builder import _Audit, _Loader
    from alongside.demo.care import AlertStory
    from alongside.demo.plan import ClientPlan

SEVERITY_RANK = {Severity.LOW: 0, Severity.MODERATE: 1, Severity.HIGH: 2}
ROTA_PAST_DAYS = 7
ROTA_AHEAD_DAYS = 14
DAY_STARTS = 9  # on call outside 9 to 5 on weekdays, and all weekend
DAY_ENDS = 17
SITTING = timedelta(minutes=15)
BATCH_SIZE = 1000  # PHQ-9 and GAD-7 follow BARC-10 within the sitting


@dataclass(frozen=True)
class Shift:
    program: str  # kind
    email: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class CheckInRow:
    """A loaded check-in, as the risk rules read it."""

    public_id: uuid.UUID
    occurred_at: datetime
    local_date: date
    craving: int
    used: bool
    safety_concern: bool


Insert = Callable[[type[models.Model], list[dict[str, Any]]], None]


class CareLoader:
    def __init__(
        self,
        loader: _Loader,
        org: Organization,
        programs: dict[str, Program],
        clients: list[Client],
        users: dict[str, User],
        portal_users: dict[int, User],
        audit: _Audit,
        *,
        checkins: dict[int, list[CheckInRow]],
        events: dict[int, list[tuple[datetime, str, date]]],
        insert: Insert,
    ) -> None:
        self.loader = loader
        self.now = loader.now
        self.org = org
        self.programs = programs
        self.people = list(zip(clients, loader.plan.clients, strict=True))
        self.users = users
        self.portal_users = portal_users
        self.audit = audit
        self.checkins = checkins
        self.events = events
        self.insert = insert
        self.zone = loader._zone(DEMO_TIME_ZONE)
        self.staff = {s.email: s for s in loader.plan.staff}
        self.instruments: dict[str, Instrument] = {}

    def load(self) -> dict[str, int]:
        self.loader.report("Creating assessments, safety plans, the on-call rota and alerts…")
        assessments = self._assessments()
        plans = self._safety_plans()
        shifts = self._rota()
        flags, alerts = self._flags_and_alerts(shifts)
        return {
            "assessments": assessments,
            "safety_plans": plans,
            "on_call_shifts": len(shifts),
            "risk_flags": flags,
            "alerts": alerts,
        }

    # --- Assessments -------------------------------------------------------------------------

    def _instrument(self, key: str) -> Instrument:
        if key not in self.instruments:
            self.instruments[key] = get_instrument(key)
        return self.instruments[key]

    def _assessments(self) -> int:
        rows: list[dict[str, Any]] = []
        for index, (client, person) in enumerate(self.people):
            portal_user = self.portal_users.get(index)
            zone = self.loader._zone(person.time_zone)
            for planned in person.assessments:
                instrument = self._instrument(planned.instrument)
                result = score(instrument, dict(planned.answers))
                by_client = planned.by_client and portal_user is not None
                author = portal_user if by_client else self.users[planned.given_by]
                earliest, latest = self._window(
                    person, planned.ago, portal_user, by_client, planned.given_by
                )
                if planned.not_before is not None:
                    earliest = max(earliest, self.loader._at(planned.not_before))
                sitting = self._place(
                    zone, planned.ago, planned.local_time, earliest, latest - SITTING
                )
                at = min(sitting + timedelta(minutes=planned.after_minutes), self.now)
                public_id = uuid.uuid4()
                rows.append(
                    {
                        "public_id": public_id,
                        "organization_id": self.org.pk,
                        "client_id": client.pk,
                        "instrument": instrument.key,
                        "version": instrument.version,
                        "answers": dict(result.answers),
                        "sex": "",
                        "total": result.total,
                        "band": result.band_key or "",
                        "flags": list(result.flags),
                        "source": AssessmentSource.PORTAL if by_client else AssessmentSource.STAFF,
                        "occurred_at": at,
                        "created_at": at,
                        "created_by_id": author.pk if author else None,
                    }
                )
                self.audit.add(client, Action.CREATE, "assessmentresponse", public_id)
        self.insert(AssessmentResponse, rows)
        return len(rows)

    def _window(
        self,
        person: ClientPlan,
        ago: float,
        portal_user: User | None,
        by_client: bool,
        advocate: str,
    ) -> tuple[datetime, datetime]:
        """When a record written around AGO may be placed: while the person had their
        portal account, or while ADVOCATE was assigned to them."""
        if by_client and portal_user is not None:
            return portal_user.date_joined, self.now
        for assignment in person.assignments:
            ended = assignment.ended_ago if assignment.ended_ago is not None else 0.0
            if assignment.advocate == advocate and ended <= ago <= assignment.started_ago:
                return self.loader._at(assignment.started_ago), self.loader._at(ended)
        moment = self.loader._at(ago)
        return moment, moment

    def _place(
        self,
        zone: zoneinfo.ZoneInfo,
        ago: float,
        local_time: tuple[int, int],
        earliest: datetime,
        latest: datetime,
    ) -> datetime:
        """AGO's day at LOCAL_TIME in ZONE when that falls between EARLIEST and LATEST, else
        the planned moment itself, kept between the two."""
        raw = self.loader._at(ago)
        day = raw.astimezone(zone).date()
        snapped = datetime.combine(day, clock(*local_time), tzinfo=zone)
        if earliest <= snapped <= latest:
            return snapped
        return max(earliest, min(raw, latest)) if earliest <= latest else latest

    # --- Safety plans ------------------------------------------------------------------------

    def _safety_plans(self) -> int:
        rows: list[dict[str, Any]] = []
        for index, (client, person) in enumerate(self.people):
            portal_user = self.portal_users.get(index)
            zone = self.loader._zone(person.time_zone)
            # An update after a "yes" to the safety question comes after that check-in.
            asked = [c.occurred_at for c in self.checkins.get(index, []) if c.safety_concern]
            for number, version in enumerate(person.safety_plans, start=1):
                by_client = version.by_client and portal_user is not None
                author = self.users[version.written_with]
                if by_client and portal_user is not None:
                    author = portal_user
                earliest, latest = self._window(
                    person, version.ago, portal_user, by_client, version.written_with
                )
                if number > 1 and asked:
                    earliest = max(earliest, asked[-1] + timedelta(hours=12))
                at = self._place(zone, version.ago, version.local_time, earliest, latest)
                public_id = uuid.uuid4()
                rows.append(
                    {
                        "public_id": public_id,
                        "organization_id": self.org.pk,
                        "client_id": client.pk,
                        "number": number,
                        **dict(version.sections),
                        "created_by_id": author.pk,
                        "created_at": at,
                    }
                )
                self.audit.add(client, Action.CREATE, "safety_plan", public_id)
        self.insert(SafetyPlanVersion, rows)
        return len(rows)

    # --- The on-call rota --------------------------------------------------------------------

    def _rota(self) -> list[Shift]:
        """Evenings, nights and weekends of the past week and the next two weeks, per program,
        rotating through the first team (supervisor@demo.test and their advocates)."""
        pool = [SUPERVISOR] + [
            s.email
            for s in self.loader.plan.staff
            if s.role == Role.PRA and s.supervisor == SUPERVISOR
        ]
        earliest = self.now - timedelta(days=ROTA_PAST_DAYS)
        latest = self.now + timedelta(days=ROTA_AHEAD_DAYS)
        slots: list[tuple[datetime, datetime]] = []
        today = self.now.astimezone(self.zone).date()
        for offset in range(-ROTA_PAST_DAYS - 1, ROTA_AHEAD_DAYS + 1):
            day = today + timedelta(days=offset)
            if day.weekday() >= 5:  # Saturday and Sunday daytime
                slots.append((self._moment(day, DAY_STARTS), self._moment(day, DAY_ENDS)))
            slots.append(
                (self._moment(day, DAY_ENDS), self._moment(day + timedelta(days=1), DAY_STARTS))
            )
        slots = [(s, e) for s, e in slots if e > earliest and s < latest]
        shifts: list[Shift] = []
        supervisor = self.users[SUPERVISOR]
        rows: list[dict[str, Any]] = []
        for number, (_name, kind) in enumerate(PROGRAMS):
            for k, (starts, ends) in enumerate(slots):
                # The two programs' rotations are half a pool apart: never one person for both.
                email = pool[(k + number * (len(pool) // 2)) % len(pool)]
                shifts.append(Shift(kind, email, starts, ends))
                rows.append(
                    {
                        "organization_id": self.org.pk,
                        "program_id": self.programs[kind].pk,
                        "user_id": self.users[email].pk,
                        "starts_at": starts,
                        "ends_at": ends,
                        "created_by_id": supervisor.pk,
                    }
                )
        self.insert(OnCallShift, rows)
        return shifts

    def _moment(self, day: date, hour: int) -> datetime:
        return datetime.combine(day, datetime.min.time().replace(hour=hour), tzinfo=self.zone)

    # --- Flags and alerts --------------------------------------------------------------------

    def _flags_and_alerts(self, shifts: list[Shift]) -> tuple[int, int]:
        flags: list[dict[str, Any]] = []
        alerts: list[dict[str, Any]] = []
        recipients: list[tuple[uuid.UUID, str, str, datetime]] = []  # alert, e-mail, role, at
        lowest_craving = min(
            rules_config(p.settings)["craving_moderate_at"] for p in self.programs.values()
        )
        for index, (client, person) in enumerate(self.people):
            rows = self.checkins.get(index, [])
            stories = {s.checkin: s for s in person.alert_stories}
            for position, row in enumerate(rows):
                if not (row.safety_concern or row.used or row.craving >= lowest_craving):
                    continue  # nothing any rule looks at (the rules would find nothing)
                program = self._program_at(person, row.occurred_at)
                findings = evaluate_checkin(
                    safety_concern=row.safety_concern,
                    overdose=False,
                    used_since_last=row.used,
                    craving=row.craving,
                    days_in_recovery=self._days_in_recovery(index, row) if row.used else None,
                    config=rules_config(program.settings),
                )
                opened: str | None = None  # severity of the alert this check-in opened
                for finding in findings:
                    flag_id = uuid.uuid4()
                    flag = self._flag(client, finding.severity, finding.rule, finding.reason)
                    flag |= {
                        "public_id": flag_id,
                        "source_type": "checkin",
                        "source_public_id": row.public_id,
                        "created_at": row.occurred_at,
                    }
                    flags.append(flag)
                    self.audit.add(client, Action.CREATE, "risk_flag", flag_id)
                    if finding.severity not in ALERTING:
                        continue
                    # No second alert while one at least as severe is open (raise_flag()).
                    if (
                        opened is not None
                        and SEVERITY_RANK[Severity(opened)]
                        >= SEVERITY_RANK[Severity(finding.severity)]
                    ):
                        continue
                    opened = finding.severity
                    story = stories.get(position)
                    latest_unanswered = (
                        position == len(rows) - 1 and person.situation in AWAITING_CONTACT
                    )
                    alert, routed = self._alert(
                        client,
                        person,
                        program,
                        shifts,
                        flag_id,
                        finding.severity,
                        finding.rule,
                        row.occurred_at,
                        story,
                        latest_unanswered,
                    )
                    alerts.append(alert)
                    recipients.extend(routed)
            flags.extend(self._no_checkin_flag(index, client, person, rows))

        # A few hundred rows at most: bulk_create, which returns the ids the next table needs.
        flag_ids = {
            flag.public_id: flag.pk
            for flag in RiskFlag.objects.bulk_create(
                [RiskFlag(**row) for row in flags], batch_size=BATCH_SIZE
            )
        }
        for alert in alerts:
            alert["flag_id"] = flag_ids[alert.pop("flag_public_id")]
        alert_ids = {
            alert.public_id: alert.pk
            for alert in Alert.objects.bulk_create(
                [Alert(**row) for row in alerts], batch_size=BATCH_SIZE
            )
        }
        AlertRecipient.objects.bulk_create(
            [
                AlertRecipient(
                    alert_id=alert_ids[alert_id],
                    user_id=self.users[email].pk,
                    step=0,
                    role=role,
                    routed_at=at,
                )
                for alert_id, email, role, at in recipients
            ],
            batch_size=BATCH_SIZE,
        )
        return len(flags), len(alerts)

    def _flag(self, client: Client, severity: str, rule: str, reason: str) -> dict[str, Any]:
        """A flag raised by a rule (nobody raised it by hand), as `raise_flag()` writes it."""
        return {
            "organization_id": self.org.pk,
            "client_id": client.pk,
            "severity": severity,
            "rule": rule,
            "reason": reason[:REASON_LENGTH],
            "raised_by_id": None,
        }

    def _days_in_recovery(self, index: int, row: CheckInRow) -> int | None:
        """Days in recovery when the check-in was recorded: from the start event then current
        (`recovery.queries.current_start_event`: the latest event recorded, if a start)."""
        before = [e for e in self.events.get(index, []) if e[0] < row.occurred_at]
        if not before or before[-1][1] != START:
            return None
        return days_in_recovery(before[-1][2], row.local_date)

    def _program_at(self, person: ClientPlan, at: datetime) -> Program:
        """The program `routing.program_of()` gave at AT: of the open episode admitted first,
        else of the latest episode."""
        ago = (self.now - at).total_seconds() / 86400
        open_then = [
            e
            for e in person.episodes
            if e.admitted_ago >= ago and (e.discharged_ago is None or e.discharged_ago < ago)
        ]
        episode = open_then[0] if open_then else person.episodes[-1]
        return self.programs[episode.program_kind]

    def _alert(
        self,
        client: Client,
        person: ClientPlan,
        program: Program,
        shifts: list[Shift],
        flag_id: uuid.UUID,
        severity: str,
        rule: str,
        at: datetime,
        story: AlertStory | None,
        latest_unanswered: bool,
    ) -> tuple[dict[str, Any], list[tuple[uuid.UUID, str, str, datetime]]]:
        """Return the alert row and who it reached at step 0 (`routing.recipients_for_step`)."""
        ago = (self.now - at).total_seconds() / 86400
        advocates = [
            a.advocate
            for a in person.assignments
            if a.started_ago >= ago and (a.ended_ago is None or a.ended_ago <= ago)
        ]
        working = [
            email
            for email in advocates
            if Week(days=working_week(email), zone=self.zone).is_working(at)
        ]
        on_call = [
            s.email for s in shifts if s.program == program.kind and s.starts_at <= at < s.ends_at
        ] or self._fallback(advocates)
        reached: list[tuple[str, str]] = []
        for email, role in [(e, RecipientRole.ADVOCATE) for e in working] + [
            (e, RecipientRole.ON_CALL) for e in on_call
        ]:
            if all(email != seen for seen, _ in reached):
                reached.append((email, role))
        taker = reached[0][0]  # the working advocate, else whoever was on call
        if story is None:  # not planned (a rule the plan did not foresee): a calm default
            story = _default_story()
        ack_at = at + min(timedelta(minutes=story.ack_minutes), (self.now - at) * 0.3)
        alert_id = uuid.uuid4()
        row: dict[str, Any] = {
            "public_id": alert_id,
            "organization_id": self.org.pk,
            "client_id": client.pk,
            "program_id": program.pk,
            "flag_public_id": flag_id,
            "severity": severity,
            "owner_id": self.users[taker].pk,
            "step": 0,
            "interval_minutes": interval_minutes(program),
            "next_step_at": None,
            "created_at": at,
            "acknowledged_by_id": self.users[taker].pk,
            "acknowledged_at": ack_at,
            "acknowledgement_note": story.note,
        }
        self.audit.add(client, Action.CREATE, "alert", alert_id)
        self.audit.add(client, Action.UPDATE, "alert", alert_id)  # taken
        if story.taken_only:
            row |= {
                "state": AlertState.ACKNOWLEDGED,
                "resolved_by_id": None,
                "resolved_at": None,
                "resolution": "",
            }
        else:
            resolved_at = ack_at + min(
                timedelta(hours=story.resolve_hours), (self.now - ack_at) * 0.8
            )
            choices: tuple[str, ...]
            if latest_unanswered:
                choices = texts.RESOLUTIONS_NOT_REACHED
            else:
                choices = texts.RESOLUTIONS.get(rule, texts.RESOLUTIONS["other"])
            row |= {
                "state": AlertState.RESOLVED,
                "resolved_by_id": self.users[taker].pk,
                "resolved_at": resolved_at,
                "resolution": choices[min(len(choices) - 1, int(story.pick * len(choices)))],
            }
            self.audit.add(client, Action.UPDATE, "alert", alert_id)  # resolved
        return row, [(alert_id, email, role, at) for email, role in reached]

    def _fallback(self, advocates: list[str]) -> list[str]:
        """`routing.on_call()` with nobody on the rota: the advocates' supervisors, else every
        supervisor, else the directors."""
        supervisors = [s for a in advocates if (s := self.staff[a].supervisor) is not None] or [
            s.email for s in self.loader.plan.staff if s.role == Role.SUPERVISOR
        ]
        if supervisors:
            return sorted(set(supervisors), key=lambda e: (self.staff[e].display_name, e))
        return [s.email for s in self.loader.plan.staff if s.role == Role.DIRECTOR]

    def _no_checkin_flag(
        self, index: int, client: Client, person: ClientPlan, rows: list[CheckInRow]
    ) -> list[dict[str, Any]]:
        """The low flag the hourly sweep raised when a person in care went NO_CHECKIN_DAYS
        without checking in, for silences still going on today."""
        if not rows or person.episodes[-1].discharged_ago is not None:
            return []
        program = self.programs[
            next(e for e in person.episodes if e.discharged_ago is None).program_kind
        ]
        limit = program.settings.get("no_checkin_days") if program.settings else None
        if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
            limit = NO_CHECKIN_DAYS
        zone, today = self.loader.local_today(person)
        last = rows[-1].local_date
        if (today - last).days < limit:
            return []
        # The first sweep after midnight of the day the silence reached the limit.
        day = last + timedelta(days=limit)
        at = self.loader.local_moment(zone, day, (0, 5 + (index * 7) % 50))
        public_id = uuid.uuid4()
        self.audit.add(client, Action.CREATE, "risk_flag", public_id)
        flag = self._flag(client, Severity.LOW, "no_checkin", f"No check-in for {limit} days")
        flag |= {
            "public_id": public_id,
            "source_type": "sweep",
            "source_public_id": None,
            "created_at": at,
        }
        return [flag]


def _default_story() -> AlertStory:
    from alongside.demo.care import AlertStory

    return AlertStory(checkin=-1, ack_minutes=6, resolve_hours=2, note="", pick=0.0)
