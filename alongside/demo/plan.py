"""The demo center as a plan: plain values drawn from one seeded random generator.

Planning touches neither the database nor the clock. Times are "days before now" (floats), so
one seed always gives the same people, episodes, discharge reasons, advocates and contacts, and
`builder.py` only turns the plan into rows relative to the moment it runs.

Draws happen in a fixed order (clients, then advocates, then contacts, then the daily loop of
daily.py: portal accounts, recovery timelines, wins and check-ins, then the few conversations
of conversations.py, then the care records of care.py: assessments, safety plans, alerts) from
a private
`random.Random(seed)`; never the global generator, which other code may also use.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from alongside.clients.models import Assignment, DischargeReason, Language, Pathway
from alongside.demo import names
from alongside.demo.care import AlertStory, AssessmentPlan, SafetyPlanDraft, draw_care
from alongside.demo.conversations import ConversationPlan, draw_conversations
from alongside.demo.daily import (
    CheckInPlan,
    CheerPlan,
    PortalPlan,
    RecoveryEventPlan,
    WinPlan,
    draw_daily,
)
from alongside.demo.draws import weighted as _weighted
from alongside.demo.roster import ADVOCATE, ADVOCATE_2, DEMO_EMAIL_DOMAIN, LOGINS, SUPERVISOR
from alongside.organizations.models import Program, Role
from alongside.support.models import EncounterKind, Topic

WINDOW_DAYS = 548  # admissions reach back 18 months
OPEN_SHARE = 0.40  # share of clients still in treatment
TRANSFER_SHARE = 0.10  # clients handed from one advocate to another mid-episode
SPANISH_SHARE = 0.12
AFTERCARE_DAYS = 30  # recently completed clients may keep their advocate for continuing care
WAITING = 3  # newly admitted clients nobody has been assigned to yet

# The two advocate logins carry a realistic caseload; other advocates share the rest.
MAIN_CASELOADS = ((ADVOCATE, 0.30, 22), (ADVOCATE_2, 0.28, 20))  # (email, share, cap)
OTHER_CASELOAD = 22
MIN_OTHER_ADVOCATES = 4
TEAM_SIZE = 8  # advocates per supervisor beyond the first team

PROGRAM_WEIGHTS = ((Program.Kind.RESIDENTIAL, 55), (Program.Kind.INTENSIVE_OUTPATIENT, 45))
SHAPE_WEIGHTS = (("single", 80), ("step-down", 12), ("return", 8))
DISCHARGE_WEIGHTS = (
    (DischargeReason.COMPLETED, 46),
    (DischargeReason.LEFT, 32),
    (DischargeReason.TRANSFERRED, 8),
    (DischargeReason.ADMINISTRATIVE, 7),
    (DischargeReason.OTHER, 5),
    (DischargeReason.INCARCERATED, 1),
    (DischargeReason.DIED, 0.5),
)
# Episodes that end for these reasons end early.
EARLY_ENDINGS = frozenset(
    {
        DischargeReason.LEFT,
        DischargeReason.ADMINISTRATIVE,
        DischargeReason.INCARCERATED,
        DischargeReason.DIED,
    }
)
PATHWAY_WEIGHTS = (
    (Pathway.TWELVE_STEP, 35),
    (Pathway.MEDICATION, 25),
    (Pathway.SMART, 15),
    (Pathway.FAITH, 10),
    (Pathway.HARM_REDUCTION, 10),
    (Pathway.OTHER, 5),
)
KIND_WEIGHTS = (
    (EncounterKind.ONE_ON_ONE, 28),
    (EncounterKind.MESSAGE, 20),
    (EncounterKind.BRIEF, 20),
    (EncounterKind.PHONE, 18),
    (EncounterKind.GROUP, 6),
    (EncounterKind.OUTREACH, 4),
    (EncounterKind.ACCOMPANIMENT, 4),
)
MINUTES_BY_KIND = {
    EncounterKind.MESSAGE: (5, 10),
    EncounterKind.BRIEF: (5, 15),
    EncounterKind.PHONE: (10, 35),
    EncounterKind.ONE_ON_ONE: (20, 60),
    EncounterKind.GROUP: (45, 90),
    EncounterKind.OUTREACH: (15, 45),
    EncounterKind.ACCOMPANIMENT: (45, 90),
}
TOPIC_WEIGHTS = (
    (Topic.STEP_WORK, 20),
    (Topic.GOALS, 18),
    (Topic.FAMILY, 14),
    (Topic.HEALTH, 12),
    (Topic.HOUSING, 10),
    (Topic.EMPLOYMENT, 10),
    (Topic.OTHER, 8),
    (Topic.CRISIS, 4),
)
TOPIC_COUNT_WEIGHTS = ((0, 20), (1, 45), (2, 27), (3, 8))
MINUTES_PAST_HOUR = (0, 5, 10, 15, 20, 30, 40, 45, 50)


@dataclass(frozen=True)
class StaffPlan:
    email: str
    display_name: str
    role: str
    supervisor: str | None = None  # e-mail of the supervisor, for advocates
    program_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class EpisodePlan:
    program_kind: str
    admitted_ago: float  # days before now
    discharged_ago: float | None
    reason: str  # "" while the episode is open


@dataclass(frozen=True)
class AssignmentPlan:
    advocate: str  # e-mail
    started_ago: float
    ended_ago: float | None
    end_reason: str


@dataclass(frozen=True)
class EncounterPlan:
    assignment: int  # index into the client's assignments: who was the advocate then
    kind: str
    ago: float
    local_time: tuple[int, int]  # preferred (hour, minute) in the client's zone
    minutes: int
    topics: tuple[str, ...]
    note: str
    location: str
    follow_up_days: int | None  # days after the contact's local date


@dataclass
class ClientPlan:
    preferred_name: str
    pronouns: str
    born_days_ago: int
    time_zone: str
    language: str
    pathways: tuple[str, ...]
    episodes: list[EpisodePlan]
    assignments: list[AssignmentPlan] = field(default_factory=list)
    encounters: list[EncounterPlan] = field(default_factory=list)
    # The daily loop (daily.py), for people an advocate works with now.
    portal: PortalPlan | None = None
    recovery: list[RecoveryEventPlan] = field(default_factory=list)
    # Congratulations on the current start's milestones, rung by rung (None: not yet).
    milestone_cheers: tuple[CheerPlan | None, ...] = ()
    wins: list[WinPlan] = field(default_factory=list)  # personal wins
    checkins: list[CheckInPlan] = field(default_factory=list)
    situation: str = ""  # what the latest check-ins say, for the Today queue (daily.py)
    conversation: ConversationPlan | None = None  # messages with their advocate
    # Care records (care.py): assessments, safety plan versions, how alerts were handled.
    assessments: list[AssessmentPlan] = field(default_factory=list)
    safety_plans: list[SafetyPlanDraft] = field(default_factory=list)
    alert_stories: list[AlertStory] = field(default_factory=list)


@dataclass
class CenterPlan:
    seed: int
    staff: list[StaffPlan]
    clients: list[ClientPlan]

    def fingerprint(self) -> tuple:
        """Return the plan's structure (who, how many, which reasons), without times."""
        return (
            tuple((s.email, s.display_name, s.role, s.supervisor) for s in self.staff),
            tuple(
                (
                    c.preferred_name,
                    c.pronouns,
                    c.language,
                    c.pathways,
                    tuple((e.program_kind, e.reason) for e in c.episodes),
                    tuple((a.advocate, a.end_reason) for a in c.assignments),
                    len(c.encounters),
                    c.portal.email if c.portal else "",
                    tuple((e.kind, e.days_ago) for e in c.recovery),
                    tuple(w.title for w in c.wins),
                    tuple(x is not None for x in c.milestone_cheers),
                    len(c.checkins),
                    c.situation,
                    (c.conversation.ending, len(c.conversation.messages))
                    if c.conversation
                    else None,
                    tuple((a.instrument, a.answers) for a in c.assessments),
                    tuple(v.sections for v in c.safety_plans),
                    tuple(x.safety_concern for x in c.checkins),
                    tuple((s.checkin, s.taken_only) for s in c.alert_stories),
                )
                for c in self.clients
            ),
        )


@dataclass
class _Span:
    """A stretch of time one client has an advocate (split in two by a transfer)."""

    start_ago: float
    end_ago: float | None
    transfer_ago: float | None = None


def plan_center(seed: int = 1, clients: int = 150) -> CenterPlan:
    """Return the plan for a demo center with CLIENTS clients, fully determined by SEED."""
    if clients < 0:
        raise ValueError("clients must not be negative")
    rng = random.Random(seed)
    waiting = WAITING if clients >= 10 * WAITING else clients // 10
    people: list[ClientPlan] = []
    spans: list[list[_Span]] = []
    for index, name in enumerate(_client_names(rng, clients)):
        person, person_spans = _draw_client(rng, name, waiting=index >= clients - waiting)
        people.append(person)
        spans.append(person_spans)
    staff = _assign_advocates(rng, people, spans)
    for person, person_spans in zip(people, spans, strict=True):
        _draw_encounters(rng, person, person_spans)
    draw_daily(rng, people)
    draw_conversations(rng, people)
    draw_care(rng, people, staff)
    return CenterPlan(seed=seed, staff=staff, clients=people)


# --- Clients and episodes --------------------------------------------------------------------


def _client_names(rng: random.Random, count: int) -> list[str]:
    """Return COUNT "First I." names, all different while the lists allow it."""
    firsts = names.FIRST_NAMES_SHE + names.FIRST_NAMES_HE + names.FIRST_NAMES_ANY
    initials = names.LAST_INITIALS
    combos = len(firsts) * len(initials)
    if count <= combos:
        picks = rng.sample(range(combos), count)
    else:
        picks = [rng.randrange(combos) for _ in range(count)]
    return [f"{firsts[p // len(initials)]} {initials[p % len(initials)]}." for p in picks]


def _draw_client(rng: random.Random, name: str, *, waiting: bool) -> tuple[ClientPlan, list[_Span]]:
    first = name.split()[0]
    if first in names.FIRST_NAMES_SHE:
        pronouns = _weighted(rng, (("she/her", 94), ("they/them", 4), ("", 2)))
    elif first in names.FIRST_NAMES_HE:
        pronouns = _weighted(rng, (("he/him", 94), ("they/them", 4), ("", 2)))
    else:
        pronouns = _weighted(rng, names.PRONOUNS)
    age_years = int(rng.triangular(19, 64, 32))
    pathway_count = 1 if rng.random() < 0.7 else 2
    pathways: list[str] = []
    while len(pathways) < pathway_count:
        pathway = _weighted(rng, PATHWAY_WEIGHTS)
        if pathway not in pathways:
            pathways.append(pathway)
    person = ClientPlan(
        preferred_name=name,
        pronouns=pronouns,
        born_days_ago=int(age_years * 365.25) + rng.randrange(365),
        time_zone=_weighted(rng, names.CLIENT_TIME_ZONES),
        language=Language.SPANISH if rng.random() < SPANISH_SHARE else Language.ENGLISH,
        pathways=tuple(pathways),
        episodes=[],
    )
    if waiting:
        person.episodes.append(
            EpisodePlan(_weighted(rng, PROGRAM_WEIGHTS), rng.uniform(0.05, 2.5), None, "")
        )
        return person, []
    person.episodes.extend(_draw_episodes(rng))
    return person, _draw_spans(rng, person.episodes)


def _episode_length(rng: random.Random, kind: str) -> float:
    """Return a planned stay in days: mostly 30-90, with a long tail up to a year."""
    if rng.random() < 0.8:
        low, high = (30, 60) if kind == Program.Kind.RESIDENTIAL else (45, 90)
        return rng.uniform(low, high)
    return 90 + min(rng.expovariate(1 / 60), 275)


def _draw_episodes(rng: random.Random) -> list[EpisodePlan]:
    """Return a client's episodes, oldest first; only the last may be open."""
    is_open = rng.random() < OPEN_SHARE
    shape = _weighted(rng, SHAPE_WEIGHTS)
    if shape == "step-down":
        final_kind = Program.Kind.INTENSIVE_OUTPATIENT
    else:
        final_kind = _weighted(rng, PROGRAM_WEIGHTS)
    length = _episode_length(rng, final_kind)
    reason = "" if is_open else _weighted(rng, DISCHARGE_WEIGHTS)
    if reason in EARLY_ENDINGS:
        length = max(2.0, length * rng.uniform(0.15, 0.8))

    # A stay before this one: residential stepping down to IOP here (reason "transferred"),
    # or an earlier stay the person left, then came back to after a while.
    prior: tuple[str, float, float, str] | None = None  # (kind, length, gap, reason)
    if shape == "step-down":
        prior = (
            Program.Kind.RESIDENTIAL,
            rng.uniform(21, 45),
            rng.uniform(0, 2),
            DischargeReason.TRANSFERRED,
        )
    elif shape == "return":
        prior = (
            _weighted(rng, PROGRAM_WEIGHTS),
            rng.uniform(3, 25),
            rng.uniform(14, 120),
            DischargeReason.LEFT,
        )
    prior_days = prior[1] + prior[2] if prior else 0.0

    if is_open:
        discharged_ago = None
        admitted_ago = rng.uniform(0.5, length)
    else:
        room = WINDOW_DAYS - length - prior_days
        if room < 1:
            prior, room = None, WINDOW_DAYS - length
        discharged_ago = rng.uniform(1, room)
        admitted_ago = discharged_ago + length
    final = EpisodePlan(final_kind, admitted_ago, discharged_ago, reason)
    if prior is None or admitted_ago + prior_days > WINDOW_DAYS:
        return [final]
    kind, prior_length, gap, prior_reason = prior
    prior_end = admitted_ago + gap
    return [EpisodePlan(kind, prior_end + prior_length, prior_end, prior_reason), final]


def _draw_spans(rng: random.Random, episodes: list[EpisodePlan]) -> list[_Span]:
    """Return when the client had an advocate: from admission to discharge, one span per
    separate stay (a step-down keeps the same advocate), the last possibly still running."""
    stays: list[tuple[float, float | None]] = []
    previous: EpisodePlan | None = None
    for episode in episodes:
        if previous is not None and previous.reason == DischargeReason.TRANSFERRED:
            stays[-1] = (stays[-1][0], episode.discharged_ago)
        else:
            stays.append((episode.admitted_ago, episode.discharged_ago))
        previous = episode
    last = episodes[-1]
    if (
        last.reason == DischargeReason.COMPLETED
        and last.discharged_ago is not None
        and last.discharged_ago < AFTERCARE_DAYS
        and rng.random() < 0.6
    ):
        stays[-1] = (stays[-1][0], None)
    spans = []
    for admitted_ago, end_ago in stays:
        # Intake assigns an advocate within hours of admission.
        start_ago = admitted_ago - min(rng.uniform(0, 0.5), admitted_ago / 2)
        spans.append(_Span(start_ago, end_ago))
    span = spans[-1]
    days = span.start_ago - (span.end_ago or 0)
    if days > 14 and rng.random() < TRANSFER_SHARE:
        span.transfer_ago = span.start_ago - days * rng.uniform(0.25, 0.75)
    return spans


# --- Staff and advocates ---------------------------------------------------------------------


def _assign_advocates(
    rng: random.Random, people: list[ClientPlan], spans: list[list[_Span]]
) -> list[StaffPlan]:
    """Build the staff list and fill in every client's assignments; return the staff.

    Current caseloads are dealt out by quota, so the two advocate logins always have a
    believable caseload; past assignments go to any advocate.
    """
    current = [
        i for i, person_spans in enumerate(spans) if person_spans and not _ended(person_spans)
    ]
    rng.shuffle(current)
    quotas = [
        (email, min(cap, round(len(current) * share))) for email, share, cap in MAIN_CASELOADS
    ]
    rest = len(current) - sum(q for _, q in quotas)
    other_count = max(MIN_OTHER_ADVOCATES, math.ceil(rest / OTHER_CASELOAD))
    staff = _staff(other_count)
    advocates = [s.email for s in staff if s.role == Role.PRA]
    others = advocates[len(MAIN_CASELOADS) :]

    current_advocate: dict[int, str] = {}
    position = 0
    for email, quota in quotas:
        for index in current[position : position + quota]:
            current_advocate[index] = email
        position += quota
    for offset, index in enumerate(current[position:]):
        current_advocate[index] = others[offset % len(others)]

    for index, (person, person_spans) in enumerate(zip(people, spans, strict=True)):
        for number, span in enumerate(person_spans):
            is_current = number == len(person_spans) - 1 and index in current_advocate
            advocate = current_advocate[index] if is_current else rng.choice(advocates)
            if span.transfer_ago is not None:
                before = rng.choice([a for a in advocates if a != advocate])
                person.assignments.append(
                    AssignmentPlan(
                        before, span.start_ago, span.transfer_ago, Assignment.EndReason.TRANSFERRED
                    )
                )
                start_ago = span.transfer_ago
            else:
                start_ago = span.start_ago
            end_reason = "" if span.end_ago is None else Assignment.EndReason.DISCHARGED
            person.assignments.append(AssignmentPlan(advocate, start_ago, span.end_ago, end_reason))
    return staff


def _ended(spans: list[_Span]) -> bool:
    return spans[-1].end_ago is not None


def _staff(other_count: int) -> list[StaffPlan]:
    """Return the fixed logins plus OTHER_COUNT more advocates (and their supervisors)."""
    staff = [
        StaffPlan(
            login.email,
            login.display_name,
            login.role,
            supervisor=SUPERVISOR if login.role == Role.PRA else None,
            program_kinds=login.program_kinds,
        )
        for login in LOGINS
    ]
    firsts, lasts = names.STAFF_FIRST_NAMES, names.STAFF_LAST_NAMES
    # The first team (supervisor@) has the two advocate logins and MIN_OTHER_ADVOCATES more;
    # at larger scales every further TEAM_SIZE advocates get a supervisor of their own.
    extra_supervisors: list[StaffPlan] = []
    for number in range(other_count):
        if number < MIN_OTHER_ADVOCATES:
            supervisor = SUPERVISOR
        else:
            team = (number - MIN_OTHER_ADVOCATES) // TEAM_SIZE
            supervisor = f"supervisor{team + 2}@{DEMO_EMAIL_DOMAIN}"
            if team == len(extra_supervisors):
                extra_supervisors.append(
                    StaffPlan(
                        supervisor,
                        f"{firsts[-1 - team % len(firsts)]} {lasts[-1 - team % len(lasts)]}",
                        Role.SUPERVISOR,
                    )
                )
        staff.append(
            StaffPlan(
                f"pra{number + 3}@{DEMO_EMAIL_DOMAIN}",
                f"{firsts[number % len(firsts)]} {lasts[number % len(lasts)]}",
                Role.PRA,
                supervisor=supervisor,
            )
        )
    return staff + extra_supervisors


# --- Support contacts ------------------------------------------------------------------------


# Engagement goes with staying, as in real programs: people whose stay ends early were more
# often hard to reach in their first two weeks. Outcome pages (alongside/outcomes) then show
# the gap a director would see; the demo does not claim either causes the other.
LOW_ENGAGEMENT_SHARE = {True: 0.65, False: 0.2}  # keyed by "the last stay ended early"
EARLY_WINDOW_DAYS = 14
LATER_KEPT_SHARE = 0.6  # of the later contacts of someone hard to reach


def _draw_encounters(rng: random.Random, person: ClientPlan, spans: list[_Span]) -> None:
    """Add the client's contacts: about 10-40 over a stay, most in its first weeks; fewer,
    and at most one in the first two weeks, for someone hard to reach."""
    ended_early = bool(person.episodes) and person.episodes[-1].reason in EARLY_ENDINGS
    # A second generator decides engagement, so the main draws stay as they were.
    aside = random.Random(
        f"{person.preferred_name}|{len(spans)}|{spans[0].start_ago if spans else 0}"
    )
    hard_to_reach = aside.random() < LOW_ENGAGEMENT_SHARE[ended_early]
    assignment = 0
    for span in spans:
        first = assignment
        assignment += 1 if span.transfer_ago is None else 2
        days = span.start_ago - (span.end_ago or 0.0)
        count = max(1, round(rng.randint(10, 40) * min(1.0, days / 45)))
        floor = span.end_ago if span.end_ago is not None else min(0.02, span.start_ago / 2)
        early_kept = 0
        for _ in range(count):
            ago = max(floor, span.start_ago - days * rng.random() ** 1.7)
            later = span.transfer_ago is not None and ago < span.transfer_ago
            encounter = _draw_encounter(rng, first + int(later), ago)
            if hard_to_reach:
                if span.start_ago - ago < EARLY_WINDOW_DAYS:
                    early_kept += 1
                    if early_kept > 1:
                        continue
                elif aside.random() > LATER_KEPT_SHARE:
                    continue
            person.encounters.append(encounter)
    person.encounters.sort(key=lambda e: -e.ago)


def _draw_encounter(rng: random.Random, assignment: int, ago: float) -> EncounterPlan:
    kind = _weighted(rng, KIND_WEIGHTS)
    low, high = MINUTES_BY_KIND[kind]
    topics: list[str] = []
    wanted = _weighted(rng, TOPIC_COUNT_WEIGHTS)
    while len(topics) < wanted:
        topic = _weighted(rng, TOPIC_WEIGHTS)
        if topic not in topics:
            topics.append(topic)
    note = _note(rng, kind, topics)
    if Topic.CRISIS in topics:
        follow_up: int | None = 1
    else:
        follow_up = rng.randint(1, 14) if rng.random() < 0.18 else None
    last_hour = 21 if kind == EncounterKind.MESSAGE else 18
    return EncounterPlan(
        assignment=assignment,
        kind=kind,
        ago=ago,
        local_time=(rng.randint(8, last_hour), rng.choice(MINUTES_PAST_HOUR)),
        minutes=rng.randint(low, high),
        topics=tuple(topics),
        note=note,
        location=rng.choice(names.LOCATIONS_BY_KIND.get(kind, ("",))),
        follow_up_days=follow_up,
    )


def _note(rng: random.Random, kind: str, topics: list[str]) -> str:
    if Topic.CRISIS in topics:
        return rng.choice(names.NOTES_BY_TOPIC[Topic.CRISIS])
    if rng.random() < 0.2:
        return ""
    if kind in names.NOTES_BY_KIND and rng.random() < 0.8:
        return rng.choice(names.NOTES_BY_KIND[kind])
    if topics:
        return rng.choice(names.NOTES_BY_TOPIC[topics[0]])
    return rng.choice(names.NOTES_GENERAL)
