"""The large center's bulk history (large.py, step 2): check-ins, contacts and assessment
responses older than the demo plan's own, up to the totals asked for.

Rows go in as ready-made column tuples, batched INSERTs on SQLite and COPY on PostgreSQL,
without model instances or per-value field preparation: a million check-ins load in about a
minute. Free-text columns hold real ciphertext (a blank answer is encrypted once and reused;
contact notes come from a small pool of encrypted demo notes), so reading them costs what
it costs in production. Columns of the model this module does not know about get the field's
default, so a column added later does not break the load.
"""

from __future__ import annotations

import json
import random
import uuid
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone
from tqdm import tqdm

from alongside.assessments.catalog import get_instrument
from alongside.assessments.models import AssessmentResponse
from alongside.assessments.models import Source as AssessmentSource
from alongside.assessments.scoring import score
from alongside.audit import log as audit_log
from alongside.audit.models import Action
from alongside.checkins.models import CheckIn, SleepQuality, Source
from alongside.clients.models import Assignment, Client, Episode
from alongside.demo.builder import WRITE_UP_DELAY
from alongside.demo.draws import weighted
from alongside.demo.large import Scale, ScaleError
from alongside.demo.plan import (
    KIND_WEIGHTS,
    MINUTES_BY_KIND,
    TOPIC_COUNT_WEIGHTS,
    TOPIC_WEIGHTS,
    CenterPlan,
    _note,
)
from alongside.demo.roster import DEMO_SLUG
from alongside.lib import encryption
from alongside.organizations.models import Organization
from alongside.support.models import Encounter

CHUNK = 50_000  # rows generated, inserted and audited at a time
BATCH = 2_000  # rows per INSERT on SQLite
INSTRUMENT_WEIGHTS = (("barc10", 50.0), ("phq9", 25.0), ("gad7", 25.0))
NOTE_POOL = 400


@dataclass
class _Person:
    pk: int
    public_id: uuid.UUID
    zone: zoneinfo.ZoneInfo
    portal_user: int | None
    episodes: list[tuple[datetime, datetime | None]] = field(default_factory=list)
    assignments: list[tuple[int, datetime, datetime | None]] = field(default_factory=list)
    checkin_days: list[date] = field(default_factory=list)

    def advocate_at(self, moment: datetime) -> int | None:
        for advocate, start, end in self.assignments:
            if start <= moment and (end is None or moment <= end):
                return advocate
        return self.assignments[-1][0] if self.assignments else None


def share(total: int, caps: list[int], weights: list[float]) -> list[int]:
    """Split TOTAL into whole counts proportional to WEIGHTS, none above its CAPS entry."""
    if total > sum(caps):
        raise ScaleError(f"{total:,} rows do not fit: room for {sum(caps):,}")
    counts = [0] * len(caps)
    left = total
    active = [i for i, cap in enumerate(caps) if cap > 0 and weights[i] > 0]
    while left > 0:
        if not active:  # everyone with weight is full: the rest go evenly to whoever has room
            active = [i for i, cap in enumerate(caps) if counts[i] < cap]
            weights = [1.0] * len(caps)
        total_weight = sum(weights[i] for i in active)
        given = 0
        for i in active:
            add = min(caps[i] - counts[i], int(left * weights[i] / total_weight))
            counts[i] += add
            given += add
        if given == 0:  # only fractions left: one more each, heaviest first
            for i in sorted(active, key=lambda i: -weights[i])[:left]:
                counts[i] += 1
                given += 1
        left -= given
        active = [i for i in active if counts[i] < caps[i]]
    return counts


class History:
    """Check the plan against the scale, then (after the builder) load the history."""

    def __init__(
        self,
        plan: CenterPlan,
        scale: Scale,
        *,
        seed: int,
        report: Callable[[str], None],
        progress: bool,
    ) -> None:
        self.plan = plan
        self.scale = scale
        self.rng = random.Random(f"large-history-{seed}")
        self.report = report
        self.progress = progress

    def check_plan(self) -> None:
        """Raise ScaleError if the plan alone makes more rows than a count asks for."""
        made = {
            "checkins": sum(len(p.checkins) for p in self.plan.clients),
            "encounters": sum(len(p.encounters) for p in self.plan.clients),
            "assessments": sum(len(p.assessments) for p in self.plan.clients),
        }
        for key, count in made.items():
            wanted = getattr(self.scale, key)
            if wanted is not None and wanted < count:
                raise ScaleError(
                    f"{key}={wanted:,} is too few: {self.scale.clients:,} demo clients already "
                    f"have {count:,}; ask for at least that many"
                )

    def load(self) -> dict[str, int]:
        self.now = timezone.now()
        self.org = Organization.objects.get(slug=DEMO_SLUG)
        self.connection = connections[router.db_for_write(CheckIn)]
        self.people = self._people()
        audited = 0
        if self.connection.vendor == "sqlite":
            # A million rows' indexes do not fit SQLite's default 2 MB page cache; with it,
            # every insert rereads index pages from disk (bench/audit_review.py found the same).
            with self.connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -1000000")
        with transaction.atomic():
            if self.scale.checkins is not None:
                audited += self._checkins(self.scale.checkins)
            if self.scale.encounters is not None:
                self._encounters(self.scale.encounters)
            if self.scale.assessments is not None:
                audited += self._assessments(self.scale.assessments)
        return {
            "checkins": CheckIn.objects.filter(organization=self.org).count(),
            "encounters": Encounter.objects.filter(organization=self.org).count(),
            "assessments": AssessmentResponse.objects.filter(organization=self.org).count(),
            "audit_events": audited,
        }

    def _people(self) -> list[_Person]:
        zones: dict[str, zoneinfo.ZoneInfo] = {}
        people: dict[int, _Person] = {}
        for pk, public_id, zone, user in Client.objects.filter(organization=self.org).values_list(
            "pk", "public_id", "time_zone", "user_id"
        ):
            if zone not in zones:
                zones[zone] = zoneinfo.ZoneInfo(zone)
            people[pk] = _Person(pk, public_id, zones[zone], user)
        for client, admitted, discharged in Episode.objects.filter(
            organization=self.org
        ).values_list("client_id", "admitted_at", "discharged_at"):
            people[client].episodes.append((admitted, discharged))
        for client, advocate, start, end in (
            Assignment.objects.filter(organization=self.org)
            .order_by("started_at")
            .values_list("client_id", "advocate_id", "started_at", "ended_at")
        ):
            people[client].assignments.append((advocate, start, end))
        for client, day in CheckIn.objects.filter(organization=self.org).values_list(
            "client_id", "local_date"
        ):
            people[client].checkin_days.append(day)
        return [p for p in people.values() if p.episodes]

    # --- Check-ins ---------------------------------------------------------------------------

    def _checkins(self, target: int) -> int:
        """Add check-ins up to TARGET: each on a free day between the person's first
        admission and their latest planned check-in (or yesterday), one per day, so the
        planned latest check-ins (what Today reads) stay the latest."""
        need = target - CheckIn.objects.filter(organization=self.org).count()
        if need <= 0:
            return 0
        free: list[list[int]] = []
        for person in self.people:
            first = min(a for a, _ in person.episodes).astimezone(person.zone).date()
            last = self.now.astimezone(person.zone).date() - timedelta(days=1)
            if person.checkin_days:
                last = max(person.checkin_days)
            taken = {day.toordinal() for day in person.checkin_days}
            free.append(
                [o for o in range(first.toordinal(), last.toordinal() + 1) if o not in taken]
            )
        caps = [len(days) for days in free]
        # Engagement: most people check in now and then, a few nearly every day.
        weights = [cap * self.rng.betavariate(0.8, 1.6) for cap in caps]
        counts = share(need, caps, weights)
        self.report(f"Adding {need:,} earlier check-ins…")
        columns = [
            "public_id",
            "organization_id",
            "client_id",
            "occurred_at",
            "local_date",
            "mood",
            "craving",
            "used_since_last",
            "substance",
            "sleep_hours",
            "sleep_quality",
            "went_well",
            "wants_contact",
            "safety_concern",
            "source",
            "recorded_by_id",
            "created_at",
            "updated_at",
        ]
        adapt = _Adapter(self.connection)
        # Answers and times drawn from small tables (a million rows of draws otherwise take
        # most of the load): 4,096 answer sets per usual mood, 64 times of day.
        answers = {base: self._answer_table(base) for base in (2, 3, 4)}
        times = [
            clock(self.rng.randint(7, 22), self.rng.choice((0, 10, 25, 40, 55))) for _ in range(64)
        ]
        bits = self.rng.getrandbits

        def rows() -> Iterator[tuple[tuple[Any, ...], _Person]]:
            org = self.org.pk
            for person, days, count in zip(self.people, free, counts, strict=True):
                if not count:
                    continue
                table = answers[self.rng.choice((2, 3, 3, 4, 4))]
                staff_share = 1024 if person.portal_user is None else 154  # of 1,024
                for ordinal in self.rng.sample(days, count):
                    day = date.fromordinal(ordinal)
                    at = datetime.combine(day, times[bits(6)], tzinfo=person.zone)
                    by_staff = bits(10) < staff_share
                    stamp = adapt.moment(at)
                    yield (
                        (
                            adapt.uuid(uuid.uuid4()),
                            org,
                            person.pk,
                            stamp,
                            adapt.day(day),
                            *table[bits(12)],
                            Source.STAFF if by_staff else Source.PORTAL,
                            person.advocate_at(at) if by_staff else person.portal_user,
                            stamp,
                            stamp,
                        ),
                        person,
                    )

        return self._load(CheckIn, columns, rows(), need, "check-ins", audit_as="checkin")

    def _answer_table(self, base: int) -> list[tuple[Any, ...]]:
        """4,096 check-in answer sets (mood to safety question) of a person whose usual mood
        is BASE: cravings mostly low, use since the last check-in rare, sleep often given."""
        blank = encryption.encrypt("")
        qualities = [q.value for q in SleepQuality]
        table = []
        for _ in range(4096):
            slept = self.rng.random() < 0.6
            table.append(
                (
                    min(5, max(1, base + self.rng.randint(-1, 1))),
                    min(10, int(self.rng.expovariate(0.45))),
                    self.rng.random() < 0.02,
                    blank,
                    Decimal(self.rng.randint(8, 18)) / 2 if slept else None,
                    self.rng.choice(qualities) if slept else "",
                    blank,
                    self.rng.random() < 0.03,
                    False,
                )
            )
        return table

    # --- Contacts ----------------------------------------------------------------------------

    def _encounters(self, target: int) -> None:
        """Add contacts up to TARGET within the people's assignments, daytime local."""
        need = target - Encounter.objects.filter(organization=self.org).count()
        if need <= 0:
            return
        spans = [
            (person, advocate, start, end or self.now)
            for person in self.people
            for advocate, start, end in person.assignments
        ]
        caps = [need] * len(spans)
        weights = [
            max((end - start).total_seconds(), 3600.0) * self.rng.betavariate(0.8, 1.6)
            for _, _, start, end in spans
        ]
        counts = share(need, caps, weights)
        self.report(f"Adding {need:,} earlier contacts…")
        notes = self._note_pool()
        columns = [
            "public_id",
            "organization_id",
            "client_id",
            "advocate_id",
            "kind",
            "occurred_at",
            "minutes",
            "location",
            "topics",
            "note",
            "follow_up_on",
            "created_at",
        ]
        blank = encryption.encrypt("")
        adapt = _Adapter(self.connection)

        def rows() -> Iterator[tuple[tuple[Any, ...], _Person]]:
            for (person, advocate, start, end), count in zip(spans, counts, strict=True):
                length = (end - start).total_seconds()
                for _ in range(count):
                    raw = start + timedelta(seconds=self.rng.random() * length)
                    local = raw.astimezone(person.zone).date()
                    at = datetime.combine(
                        local, clock(self.rng.randint(9, 18), 15), tzinfo=person.zone
                    )
                    if not start <= at <= end:
                        at = raw
                    kind = weighted(self.rng, KIND_WEIGHTS)
                    low, high = MINUTES_BY_KIND[kind]
                    topic_count = weighted(self.rng, TOPIC_COUNT_WEIGHTS)
                    topics = sorted({weighted(self.rng, TOPIC_WEIGHTS) for _ in range(topic_count)})
                    written = min(at + WRITE_UP_DELAY.get(kind, timedelta(0)), self.now)
                    yield (
                        (
                            adapt.uuid(uuid.uuid4()),
                            self.org.pk,
                            person.pk,
                            advocate,
                            kind,
                            adapt.moment(at),
                            self.rng.randint(low, high),
                            blank,
                            json.dumps(topics),
                            self.rng.choice(notes),
                            None,
                            adapt.moment(written),
                        ),
                        person,
                    )

        self._load(Encounter, columns, rows(), need, "contacts")

    def _note_pool(self) -> list[str]:
        pool = []
        for _ in range(NOTE_POOL):
            kind = weighted(self.rng, KIND_WEIGHTS)
            topics = [str(weighted(self.rng, TOPIC_WEIGHTS))] if self.rng.random() < 0.8 else []
            pool.append(encryption.encrypt(_note(self.rng, kind, topics)))
        return pool

    # --- Assessment responses ----------------------------------------------------------------

    def _assessments(self, target: int) -> int:
        """Add assessment responses up to TARGET within the people's episodes."""
        need = target - AssessmentResponse.objects.filter(organization=self.org).count()
        if need <= 0:
            return 0
        spans = [
            (person, admitted, discharged or self.now)
            for person in self.people
            for admitted, discharged in person.episodes
        ]
        caps = [need] * len(spans)
        weights = [
            max((end - start).total_seconds(), 3600.0) * self.rng.betavariate(0.8, 1.6)
            for _, start, end in spans
        ]
        counts = share(need, caps, weights)
        self.report(f"Adding {need:,} earlier assessment responses…")
        columns = [
            "public_id",
            "organization_id",
            "client_id",
            "instrument",
            "version",
            "answers",
            "sex",
            "total",
            "band",
            "flags",
            "source",
            "occurred_at",
            "created_at",
            "created_by_id",
        ]
        adapt = _Adapter(self.connection)
        instruments = {key: get_instrument(key) for key, _ in INSTRUMENT_WEIGHTS}

        def rows() -> Iterator[tuple[tuple[Any, ...], _Person]]:
            for (person, start, end), count in zip(spans, counts, strict=True):
                length = (end - start).total_seconds()
                for _ in range(count):
                    at = start + timedelta(seconds=self.rng.random() * length)
                    instrument = instruments[weighted(self.rng, INSTRUMENT_WEIGHTS)]
                    answers = {
                        item.key: self.rng.choice(item.options).value for item in instrument.items
                    }
                    result = score(instrument, answers)
                    by_client = person.portal_user is not None and self.rng.random() < 0.3
                    author = person.portal_user if by_client else person.advocate_at(at)
                    public_id = uuid.uuid4()
                    stamp = adapt.moment(at)
                    yield (
                        (
                            adapt.uuid(public_id),
                            self.org.pk,
                            person.pk,
                            instrument.key,
                            instrument.version,
                            json.dumps(dict(result.answers)),
                            "",
                            result.total,
                            result.band_key or "",
                            json.dumps(list(result.flags)),
                            AssessmentSource.PORTAL if by_client else AssessmentSource.STAFF,
                            stamp,
                            stamp,
                            author,
                        ),
                        person,
                    )

        return self._load(
            AssessmentResponse, columns, rows(), need, "assessments", audit_as="assessmentresponse"
        )

    # --- Loading -----------------------------------------------------------------------------

    def _load(
        self,
        model: type[models.Model],
        columns: list[str],
        rows: Iterable[tuple[tuple[Any, ...], _Person]],
        total: int,
        label: str,
        audit_as: str = "",
    ) -> int:
        """Insert ROWS (values, whose client) in chunks. With AUDIT_AS, append one `create`
        event of that object type per client given rows (the history loaded for them, with
        no object id); return the number of events."""
        bar = tqdm(total=total, desc=label, unit=" rows", disable=not self.progress, leave=True)
        chunk: list[tuple[Any, ...]] = []
        touched: dict[int, _Person] = {}
        insert = _Inserter(self.connection, model, columns)
        for values, person in rows:
            chunk.append(values)
            touched[person.pk] = person
            if len(chunk) >= CHUNK:
                insert(chunk)
                bar.update(len(chunk))
                chunk.clear()
        insert(chunk)
        bar.update(len(chunk))
        bar.close()
        if not audit_as:
            return 0
        events = [
            audit_log.Event(
                action=Action.CREATE,
                object_type=audit_as,
                object_public_id=None,
                organization_id=self.org.pk,
                client_id=person.pk,
                client_public_id=person.public_id,
                role="system",
            )
            for person in touched.values()
        ]
        return len(audit_log.record_many(events))


class _Adapter:
    """Python values to what this database's driver takes for each column type."""

    def __init__(self, connection: Any) -> None:
        self.native = connection.vendor == "postgresql"
        self.ops = connection.ops

    def uuid(self, value: uuid.UUID) -> Any:
        return value if self.native else value.hex

    def moment(self, value: datetime) -> Any:
        if self.native:
            return value
        # What Django stores on SQLite: the UTC time, naive, as text.
        return str(value.astimezone(UTC).replace(tzinfo=None))

    def day(self, value: date) -> Any:
        return value if self.native else value.isoformat()


class _Inserter:
    """Insert column tuples into MODEL's table: COPY on PostgreSQL, batched INSERT elsewhere.
    Columns left out get their field's default (one value, prepared once)."""

    def __init__(self, connection: Any, model: type[models.Model], columns: list[str]) -> None:
        self.connection = connection
        given = [model._meta.get_field(name) for name in columns]
        missing = [
            f for f in model._meta.concrete_fields if f.attname not in columns and not f.primary_key
        ]
        self.extra = tuple(f.get_db_prep_save(f.get_default(), connection) for f in missing)
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.names = ", ".join(quote(f.column) for f in [*given, *missing])  # type: ignore[union-attr]
        self.width = len(given) + len(missing)

    def __call__(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        extra = self.extra
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + extra)
                return
            marks = ", ".join(["%s"] * self.width)
            sql = f"INSERT INTO {self.table} ({self.names}) VALUES ({marks})"  # noqa: S608
            for offset in range(0, len(rows), BATCH):
                cursor.executemany(sql, [row + extra for row in rows[offset : offset + BATCH]])
