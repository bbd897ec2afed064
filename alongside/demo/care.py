"""Planning the demo's care records: assessments, safety plans, and the few moments the safety
question was answered "yes", with how each alert was taken and resolved.

Like plan.py and daily.py this touches neither the database nor the clock, and draws from the
plan's one seeded generator, after every earlier draw (so adding this changed nobody's
check-ins, wins or messages). The builder (care_loader.py) turns it into rows; it scores the
answers with the real `scoring.score()` and applies the real risk rules to the check-ins, so
no total, band, flag or alert is written by hand.

For everyone an advocate works with now:

- BARC-10 at intake (given with their advocate in the first days), then about every 30 days
  while in care, and at discharge for people in aftercare. Totals mostly rise; some people
  plateau and a few dip once. PHQ-9 and GAD-7 come with the monthly BARC-10 (their default
  schedule: every 30 days, not at intake), with item 9 always "Not at all".
- Most people are up to date, so "Assessment due" is the exception on Today: people admitted
  in the last day or so (intake not given yet) and a few who are a few days overdue. On
  advocate@demo.test's caseload only the person who stopped checking in is overdue.
- About half have a safety plan in their own words (some with a second version); the demo
  client (client@demo.test) has one in Spanish, updated in the portal this week.
- A few people answered the check-in's safety question "yes" on an older check-in (never
  the latest): each alert was taken within minutes and resolved, and their safety plan was
  updated the next day.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from alongside.assessments.catalog import get_instrument
from alongside.clients.models import Language
from alongside.demo import care_texts as texts
from alongside.demo.daily import (
    CRAVING_HIGH,
    DEMO,
    STOPPED,
    _advocate,
    _advocate_at,
    _current,
    _stay,
)
from alongside.demo.draws import weighted
from alongside.demo.roster import ADVOCATE, CLIENT
from alongside.safety.rules import DEFAULTS as RISK_DEFAULTS
from alongside.safetyplans.sections import SECTION_KEYS

if TYPE_CHECKING:
    from alongside.demo.plan import ClientPlan, StaffPlan

BARC10 = "barc10"
PHQ9 = "phq9"
GAD7 = "gad7"

INTAKE_WAIT_DAYS = 1.5  # admitted more recently than this: intake not given yet (due)
OVERDUE_SHARE = 0.08  # people in care whose monthly assessments are a few days late
OVERDUE_MIN_STAY = 40
MONTH = 30.44
SAFETY_PLAN_SHARE = 0.45
SECOND_VERSION_SHARE = 0.3
SAFETY_QUESTION_PER = 30  # one "yes" to the safety question per this many people in care
SAFETY_QUESTION_DAYS = (8, 55)  # how long ago (local days)
TRAJECTORIES = (("rise", 70), ("plateau", 20), ("dip", 10))
MINUTES_PAST_HOUR = (0, 5, 10, 15, 20, 30, 40, 45, 50)


@dataclass(frozen=True)
class AssessmentPlan:
    instrument: str
    ago: float  # days before now (the day it was given; the builder sets the time of day)
    local_time: tuple[int, int]  # preferred (hour, minute) in the client's zone
    after_minutes: int  # given this many minutes into the sitting (PHQ-9, GAD-7 after BARC-10)
    answers: tuple[tuple[str, int], ...]  # (item key, value) for every item
    by_client: bool  # answered in the portal, else given with their advocate
    given_by: str  # the advocate's e-mail when given with them
    not_before: float | None = None  # days ago of the admission or discharge it follows


@dataclass(frozen=True)
class SafetyPlanDraft:
    """One version of a person's safety plan."""

    ago: float
    local_time: tuple[int, int]  # preferred (hour, minute) in the client's zone
    by_client: bool  # typed by the person in the portal, else with their advocate
    written_with: str  # the advocate's e-mail (who saved it when not the person)
    sections: tuple[tuple[str, str], ...]  # (section key, text), all six


@dataclass(frozen=True)
class AlertStory:
    """How the alert a check-in raised was handled, if the risk rules raise one."""

    checkin: int  # index into the person's check-ins
    ack_minutes: float  # taken this long after it opened (before the first escalation)
    resolve_hours: float  # resolved this long after it was taken
    note: str  # the note written when taking it
    pick: float  # which resolution text (0 to 1)
    taken_only: bool = False  # taken and not resolved yet (at most one in the demo)


def draw_care(rng: random.Random, people: Sequence[ClientPlan], staff: Sequence[StaffPlan]) -> None:
    """Fill in the care records of everyone an advocate works with now, in place."""
    names = {s.email: s.display_name.split()[0] for s in staff}
    asked = _safety_questions(rng, people)
    overdue_script = next(
        (p for p in people if _current(p) and _advocate(p) == ADVOCATE and p.situation == STOPPED),
        None,
    )
    taken = False
    for index, person in enumerate(people):
        if not _current(person):
            continue
        if _advocate(person) == ADVOCATE:
            overdue = person is overdue_script
        else:
            overdue = rng.random() < OVERDUE_SHARE
        person.assessments = _draw_assessments(rng, person, overdue=overdue)
        person.safety_plans = _draw_safety_plans(rng, person, names, asked.get(index))
        stories = []
        for position, checkin in enumerate(person.checkins):
            if not (
                checkin.safety_concern
                or checkin.used
                or checkin.craving >= RISK_DEFAULTS["craving_moderate_at"]
            ):
                continue
            # advocate@demo.test's person whose craving is high in today's check-in: the
            # alert it raised is taken and not resolved yet (Today and the profile show it).
            taken_only = (
                not taken
                and position == len(person.checkins) - 1
                and person.situation == CRAVING_HIGH
                and _advocate(person) == ADVOCATE
            )
            taken = taken or taken_only
            stories.append(
                AlertStory(
                    checkin=position,
                    ack_minutes=rng.uniform(2, 11),
                    resolve_hours=rng.uniform(0.4, 5),
                    note=texts.TAKEN_NOTE
                    if taken_only
                    else rng.choice(texts.ACKNOWLEDGEMENT_NOTES),
                    pick=rng.random(),
                    taken_only=taken_only,
                )
            )
        person.alert_stories = stories


# --- The safety question ---------------------------------------------------------------------


def _safety_questions(rng: random.Random, people: Sequence[ClientPlan]) -> dict[int, float]:
    """Mark a few older check-ins as a "yes" to the safety question; return {person index:
    days ago of that check-in}. One is on advocate@demo.test's caseload when it can be."""
    low, high = SAFETY_QUESTION_DAYS
    candidates: list[tuple[int, list[int]]] = []
    for index, person in enumerate(people):
        if not _current(person) or person.situation == DEMO or len(person.checkins) < 3:
            continue
        positions = [
            i
            for i, c in enumerate(person.checkins[:-1])
            if low <= c.days_ago <= high and _stay(person) >= c.days_ago + 5
        ]
        if positions:
            candidates.append((index, positions))
    wanted = max(1, round(sum(1 for p in people if _current(p)) / SAFETY_QUESTION_PER))
    main = [c for c in candidates if _advocate(people[c[0]]) == ADVOCATE]
    others = [c for c in candidates if _advocate(people[c[0]]) != ADVOCATE]
    chosen = main[:1] + rng.sample(others, min(len(others), wanted - len(main[:1])))
    asked: dict[int, float] = {}
    for index, positions in chosen[:wanted]:
        person = people[index]
        position = rng.choice(positions)
        checkin = person.checkins[position]
        person.checkins[position] = replace(
            checkin, safety_concern=True, wants_contact=True, mood=min(checkin.mood, 2)
        )
        asked[index] = float(checkin.days_ago)
    return asked


# --- Assessments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Trajectory:
    barc_base: float
    barc_slope: float  # per month
    dip_at: int | None  # the monthly point (from 1) that dips, if any
    offsets: tuple[int, ...]  # per BARC-10 item: the person's stronger and weaker areas
    phq_base: float
    gad_base: float
    ease: float  # PHQ-9 and GAD-7 points fewer per month


def _trajectory(rng: random.Random) -> _Trajectory:
    shape = weighted(rng, TRAJECTORIES)
    slope = rng.uniform(2.5, 6.0) if shape != "plateau" else rng.uniform(-0.5, 1.0)
    return _Trajectory(
        barc_base=rng.triangular(22, 40, 30),
        barc_slope=slope,
        dip_at=rng.randint(1, 3) if shape == "dip" else None,
        offsets=tuple(rng.choice((-1, 0, 0, 0, 1)) for _ in range(10)),
        phq_base=rng.triangular(1, 16, 6),
        gad_base=rng.triangular(1, 15, 6),
        ease=rng.uniform(0.5, 3.0),
    )


def _draw_assessments(
    rng: random.Random, person: ClientPlan, *, overdue: bool
) -> list[AssessmentPlan]:
    """BARC-10 at each intake of the current stay, monthly while in care (with PHQ-9 and
    GAD-7 in the open episode) and at discharge for people in aftercare; oldest first."""
    stay = _stay(person)
    episodes = [e for e in person.episodes if e.discharged_ago is None or e.discharged_ago < stay]
    shape = _trajectory(rng)
    moments: list[tuple[float, str, float | None]] = []  # (days ago, occasion, not before)
    for number, episode in enumerate(episodes):
        last = number == len(episodes) - 1
        end = episode.discharged_ago
        # The advocate is there from the assignment's start: intake is given after it.
        ceiling = min(episode.admitted_ago, stay) - 0.05
        floor = (end or 0.0) + 0.02
        intake: float | None = None
        if not (last and end is None and episode.admitted_ago < INTAKE_WAIT_DAYS) and (
            ceiling > floor
        ):
            intake = ceiling - rng.uniform(0.05, max(0.1, min(2.0, (ceiling - floor) / 3)))
            intake = max(intake, floor)
            moments.append((intake, "intake", episode.admitted_ago))
        if end is None:
            moments.extend((ago, "monthly", None) for ago in _monthly_open(rng, ceiling, overdue))
        else:
            start = intake if intake is not None else ceiling
            ago = start - rng.uniform(27, 33)
            while ago > end + 3:
                moments.append((ago, "periodic", None))
                ago -= rng.uniform(27, 33)
            if last and end >= 1:
                moments.append((max(0.02, end - rng.uniform(0.02, 0.25)), "discharge", end))
    moments.sort(key=lambda m: -m[0])
    if not moments:
        return []
    first = moments[0][0]
    plans: list[AssessmentPlan] = []
    monthly = 0
    for ago, occasion, not_before in moments:
        months = (first - ago) / MONTH
        dip = 0.0
        if occasion == "monthly":
            monthly += 1
            if shape.dip_at == monthly:
                dip = rng.uniform(4, 8)
        barc = shape.barc_base + shape.barc_slope * months - dip
        by_client, given_by = _who(rng, person, ago, occasion)
        # With their advocate in the daytime; in the portal, in the evening.
        hour = rng.randint(18, 21) if by_client else rng.randint(9, 16)
        at = (hour, rng.choice(MINUTES_PAST_HOUR))
        plans.append(
            AssessmentPlan(
                BARC10,
                ago,
                at,
                0,
                _barc_answers(rng, shape, barc),
                by_client,
                given_by,
                not_before,
            )
        )
        if occasion == "monthly":
            # Given in the same sitting, a few minutes later each.
            for key, base, minutes in ((PHQ9, shape.phq_base, 6), (GAD7, shape.gad_base, 10)):
                level = max(0.0, base - shape.ease * months + (dip / 3))
                plans.append(
                    AssessmentPlan(
                        key,
                        ago,
                        at,
                        minutes,
                        _frequency_answers(rng, key, level),
                        by_client,
                        given_by,
                    )
                )
    return plans


def _monthly_open(rng: random.Random, admitted: float, overdue: bool) -> list[float]:
    """Days ago of the monthly assessments of an open episode admitted ADMITTED days ago:
    the latest within the last 27 days (so nothing is due), unless OVERDUE."""
    if overdue and admitted >= OVERDUE_MIN_STAY:
        latest = rng.uniform(31, min(36, admitted - 5))
    elif admitted >= 25:
        latest = rng.uniform(1, min(27, admitted - 24))
    else:
        return []
    moments = [latest]
    ago = latest + rng.uniform(27, 33)
    while ago < admitted - 24:
        moments.append(ago)
        ago += rng.uniform(27, 33)
    return moments


def _who(rng: random.Random, person: ClientPlan, ago: float, occasion: str) -> tuple[bool, str]:
    """Whether the person answered in the portal, and the advocate who gave it otherwise."""
    portal = person.portal
    in_portal = (
        occasion == "monthly"
        and portal is not None
        and ago < portal.joined_ago - 0.02
        and rng.random() < 0.5
    )
    return in_portal, "" if in_portal else _advocate_at(person, ago)


def _barc_answers(
    rng: random.Random, shape: _Trajectory, total: float
) -> tuple[tuple[str, int], ...]:
    level = total / 10
    gauss = rng.gauss
    return tuple(
        (key, max(1, min(6, round(level + offset + gauss(0, 0.4)))))
        for key, offset in zip(_keys(BARC10), shape.offsets, strict=True)
    )


@cache
def _keys(instrument: str) -> tuple[str, ...]:
    return tuple(item.key for item in get_instrument(instrument).items)


def _frequency_answers(rng: random.Random, key: str, total: float) -> tuple[tuple[str, int], ...]:
    """PHQ-9 or GAD-7 answers near TOTAL; PHQ-9 item 9 is always 0 ("Not at all")."""
    instrument = get_instrument(key)
    scored = [item for item in instrument.items if item.scored and item.key != "q9"]
    level = total / len(scored)
    answers: list[tuple[str, int]] = []
    for item in instrument.items:
        if key == PHQ9 and item.key == "q9":
            value = 0
        elif item.scored:
            value = _clamp(round(level + rng.gauss(0, 0.5)), 0, 3)
        else:  # "how difficult": follows how much is going on
            value = 0 if total < 5 else 1 if total < 12 else 2
        answers.append((item.key, value))
    return tuple(answers)


# --- Safety plans ------------------------------------------------------------------------------


def _draw_safety_plans(
    rng: random.Random,
    person: ClientPlan,
    names: dict[str, str],
    asked_ago: float | None,
) -> list[SafetyPlanDraft]:
    """The person's safety plan versions, oldest first (none for about half of people)."""
    stay = _stay(person)
    demo = person.portal is not None and person.portal.email == CLIENT
    if stay < 2 or not (demo or asked_ago is not None or rng.random() < SAFETY_PLAN_SHARE):
        return []
    portal = person.portal
    if demo:
        first = stay - rng.uniform(1, min(4, stay / 3))
        update = rng.uniform(1.2, 3.5)
        v1 = dict(texts.DEMO_PLAN_ES)
        v2 = {
            key: v1[key] + "\n" + texts.DEMO_PLAN_ES_UPDATES[key]
            if key in texts.DEMO_PLAN_ES_UPDATES
            else v1[key]
            for key in v1
        }
        return [
            SafetyPlanDraft(first, (11, 30), False, _advocate_at(person, first), _ordered(v1)),
            SafetyPlanDraft(update, (20, 40), True, _advocate_at(person, update), _ordered(v2)),
        ]
    spanish = person.language == Language.SPANISH
    if asked_ago is not None:
        first = rng.uniform(asked_ago + 1.5, stay - 0.6)  # before that check-in
    else:
        first = stay - rng.uniform(0.6, min(10, stay * 0.5))
    advocate = _advocate_at(person, first)
    sections = _compose(rng, spanish, names.get(advocate, "My advocate"))
    by_client = portal is not None and first < portal.joined_ago - 0.02 and rng.random() < 0.25
    versions = [
        SafetyPlanDraft(first, _when(rng, by_client), by_client, advocate, _ordered(sections))
    ]
    if asked_ago is not None:
        # Updated together the day after the safety question was answered "yes".
        later = max(0.05, asked_ago - rng.uniform(1.2, 2.0))  # the builder keeps it after
        updated = _add(rng, sections, "safer_surroundings", spanish, medication=True)
        updated = _add(rng, updated, "support_people", spanish)
        versions.append(
            SafetyPlanDraft(
                later, _when(rng, False), False, _advocate_at(person, later), _ordered(updated)
            )
        )
    elif first > 3 and rng.random() < SECOND_VERSION_SHARE:
        later = rng.uniform(0.5, first - 2)
        updated = sections
        for key in rng.sample(
            ("coping_alone", "support_people", "distractions"), rng.randint(1, 2)
        ):
            updated = _add(rng, updated, key, spanish)
        mine = portal is not None and later < portal.joined_ago - 0.02 and rng.random() < 0.5
        versions.append(
            SafetyPlanDraft(
                later, _when(rng, mine), mine, _advocate_at(person, later), _ordered(updated)
            )
        )
    return versions


def _when(rng: random.Random, by_client: bool) -> tuple[int, int]:
    """A time of day: with their advocate in the daytime, on their own in the evening."""
    return (rng.randint(18, 21) if by_client else rng.randint(9, 16), rng.randrange(0, 60, 5))


def _ordered(sections: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((key, sections.get(key, "")) for key in SECTION_KEYS)


def _phone(rng: random.Random) -> str:
    # 555-0100 to 555-0199 are set aside for fiction; 00 and 11 are the center's lines.
    return f"(312) 555-01{rng.randint(20, 99):02d}"


def _fill(rng: random.Random, template: str, spanish: bool) -> str:
    """TEMPLATE with its names and numbers drawn (only those it uses, in a fixed order)."""
    if "{" not in template:
        return template
    she = texts.SUPPORT_NAMES_SHE_ES if spanish else texts.SUPPORT_NAMES_SHE
    he = texts.SUPPORT_NAMES_HE_ES if spanish else texts.SUPPORT_NAMES_HE
    values: dict[str, str] = {}
    if "{she}" in template:
        values["she"] = rng.choice(she)
    if "{he}" in template:
        values["he"] = rng.choice(he)
    if "{name}" in template:
        values["name"] = rng.choice(she + he)
    if "{phone}" in template:
        values["phone"] = _phone(rng)
    if "{doctor}" in template:
        values["doctor"] = rng.choice(texts.DOCTOR_NAMES)
    return template.format(**values)


def _pools(spanish: bool) -> dict[str, tuple[str, ...]]:
    if spanish:
        return {
            "warning_signs": texts.WARNING_SIGNS_ES,
            "coping_alone": texts.COPING_ES,
            "distractions": texts.DISTRACTIONS_ES,
            "support_people": texts.SUPPORT_PEOPLE_ES,
            "safer_surroundings": texts.SAFER_SURROUNDINGS_ES,
        }
    return {
        "warning_signs": texts.WARNING_SIGNS,
        "coping_alone": texts.COPING,
        "distractions": texts.DISTRACTIONS,
        "support_people": texts.SUPPORT_PEOPLE,
        "safer_surroundings": texts.SAFER_SURROUNDINGS,
    }


def _compose(rng: random.Random, spanish: bool, advocate: str) -> dict[str, str]:
    pools = _pools(spanish)
    counts = {
        "warning_signs": rng.randint(2, 4),
        "coping_alone": rng.randint(2, 4),
        "distractions": rng.choice((0, 1, 2, 2, 3)),  # sometimes left for later
        "support_people": rng.randint(1, 3),
        "safer_surroundings": rng.randint(1, 2),
    }
    sections = {
        key: "\n".join(_fill(rng, t, spanish) for t in rng.sample(pools[key], count))
        for key, count in counts.items()
    }
    professionals = texts.PROFESSIONALS_ES if spanish else texts.PROFESSIONALS
    line = texts.ADVOCATE_LINE_ES if spanish else texts.ADVOCATE_LINE
    lines = [line.format(advocate=advocate)]
    on_call, lifeline, counselor, doctor, emergency = professionals
    lines += [on_call] if rng.random() < 0.8 else []
    lines += [lifeline] if rng.random() < 0.85 else []
    lines += [_fill(rng, rng.choice((counselor, doctor)), spanish)] if rng.random() < 0.5 else []
    lines += [emergency] if rng.random() < 0.2 else []
    sections["professionals"] = "\n".join(lines)
    return sections


def _add(
    rng: random.Random,
    sections: dict[str, str],
    key: str,
    spanish: bool,
    *,
    medication: bool = False,
) -> dict[str, str]:
    """Return SECTIONS with one more line in KEY (the week-of-medication line if MEDICATION
    and it is not there yet)."""
    pool = _pools(spanish)[key]
    present = sections[key]
    if medication:
        template = pool[0]  # "Keep only a week of my medication at home; … holds the rest"
        if template.split(";")[0] in present:
            template = rng.choice(pool[1:])
    else:
        fresh = [t for t in pool if t.split("{")[0] not in present] or list(pool)
        template = rng.choice(fresh)
    line = _fill(rng, template, spanish)
    return {**sections, key: f"{present}\n{line}" if present else line}


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
