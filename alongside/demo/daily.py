"""Planning the daily loop of the demo center: portal accounts, recovery timelines, wins and
check-ins, for the people an advocate works with now (in care or in aftercare).

Like plan.py this touches neither the database nor the clock: dates are whole local days
before the client's own today ("days ago"), moments are days before now (floats), and every
choice comes from the plan's one seeded generator, after the draws of plan.py.

Most people get a believable mix drawn at random. The caseload of advocate@demo.test is also
scripted, so that a demo always shows every reason on the advocate's Today page: someone who
asked to be called, someone who stopped checking in, cravings that are high or rising, a use
reported in the latest check-in, a win nobody congratulated yet, a milestone coming up, and
the demo client (client@demo.test) who checks in in Spanish.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import count
from typing import TYPE_CHECKING

from alongside.checkins.models import SleepQuality
from alongside.clients.models import Assignment, Language
from alongside.demo import names
from alongside.demo.draws import weighted as _pick
from alongside.demo.roster import ADVOCATE, CLIENT, DEMO_EMAIL_DOMAIN
from alongside.notifications.models import Channel
from alongside.recovery.milestones import RECURRENCE, START, ladder

if TYPE_CHECKING:
    from alongside.demo.plan import ClientPlan

CHECKIN_WINDOW_DAYS = 90
PORTAL_SHARE = 0.45  # people in care with their own portal account
PHONE_SHARE = 0.45  # of the others: check-ins their advocate records during a call
START_SHARE = 0.85  # people in care with a recovery start date
REMINDER_SHARE = 0.65  # portal users who asked for a daily reminder

# (situation, weight) for people in care nobody scripted; see the module docstring.
NORMAL = ""
DEMO = "demo"
WANTS_CONTACT = "wants_contact"
USED = "used"
CRAVING_HIGH = "craving_high"
CRAVING_RISING = "craving_rising"
STOPPED = "stopped"
WIN = "win"
MILESTONE = "milestone_soon"
SITUATION_WEIGHTS = (
    (NORMAL, 81),
    (WANTS_CONTACT, 3),
    (USED, 2),
    (CRAVING_HIGH, 2),
    (CRAVING_RISING, 4),
    (STOPPED, 8),
)
# advocate@demo.test's caseload, in the order people are picked (a small caseload gets the
# first few); each role needs this many days with the current advocate.
SCRIPT = (
    DEMO,
    WANTS_CONTACT,
    STOPPED,
    CRAVING_HIGH,
    WIN,
    MILESTONE,
    USED,
    CRAVING_RISING,
    WANTS_CONTACT,
    STOPPED,
    CRAVING_RISING,
    MILESTONE,
)
MIN_DAYS = {
    DEMO: 2,
    WANTS_CONTACT: 5,
    USED: 5,
    CRAVING_HIGH: 5,
    CRAVING_RISING: 7,
    STOPPED: 16,
    WIN: 4,
    MILESTONE: 0,
}
DEMO_MIN_DAYS = 12  # preferred for the demo client: a few check-ins before today
DEMO_START_DAYS = 27  # "30 days" comes up within the week
DEMO_CHECKIN_DAYS = (8, 6, 4, 2, 1)  # a few, never today: the browser test checks in
DEMO_REMINDER = (19, 0)
# Situations whose latest check-in asks for a response: no contact may follow it.
AWAITING_CONTACT = frozenset({WANTS_CONTACT, USED})

HABIT_WEIGHTS = (("daily", 45), ("often", 40), ("sometimes", 15))
HABIT_CHANCE = {"daily": 0.88, "often": 0.6, "sometimes": 0.35, "phone": 0.3}
SHAPE_WEIGHTS = (("admission", 55), ("backdated", 25), ("recurrence", 20))
SLEEP_WEIGHTS = (("hours", 40), ("quality", 40), ("both", 10), ("none", 10))
PERSONAL_WIN_COUNTS = ((0, 45), (1, 30), (2, 17), (3, 8))
REMINDER_TIMES = ((8, 0), (9, 0), (12, 0), (18, 0), (19, 0), (20, 0), (21, 0))
SUBSTANCES = (("", 50), ("alcohol", 25), ("cannabis", 10), ("opioids", 8), ("stimulants", 7))
APPROX_MONTH_DAYS = 30.44


@dataclass(frozen=True)
class ReminderPlan:
    local_time: tuple[int, int]  # (hour, minute) in the client's zone
    channel: str
    enabled: bool = True


@dataclass(frozen=True)
class PortalPlan:
    """The client's own portal account (Client.user) and how they like to be reminded."""

    email: str
    joined_ago: float
    phone: str = ""
    reminder: ReminderPlan | None = None


@dataclass(frozen=True)
class RecoveryEventPlan:
    kind: str  # milestones.START or milestones.RECURRENCE
    days_ago: int  # its date: local days before the client's today
    recorded_ago: float  # when it was recorded (never before its date; the builder makes sure)
    recorded_by: str  # e-mail of the advocate who recorded it
    note: str


@dataclass(frozen=True)
class CheerPlan:
    """An advocate's congratulation on a win, AFTER_DAYS after the win was recorded."""

    text: str
    after_days: float
    by: str  # advocate e-mail


@dataclass(frozen=True)
class WinPlan:
    """A personal win; milestone wins follow from the timeline (see the builder)."""

    title: str
    days_ago: int
    by_client: bool  # entered by the client in the portal, else by their advocate
    cheer: CheerPlan | None


@dataclass(frozen=True)
class CheckInPlan:
    days_ago: int  # the client's local day
    local_time: tuple[int, int]
    mood: int
    craving: int
    used: bool
    substance: str
    sleep_hours: float | None
    sleep_quality: str
    went_well: str
    wants_contact: bool
    by_staff: bool  # recorded by their advocate during a call, else in the portal
    safety_concern: bool = False  # "yes" to the safety question (set by care.py)


def draw_daily(rng: random.Random, people: Sequence[ClientPlan]) -> None:
    """Fill in the daily loop of every person an advocate works with now, in place."""
    roles = _script(people)
    numbers = count(2)  # client2@demo.test, client3@demo.test, …
    for index, person in enumerate(people):
        if not _current(person):
            continue
        role = roles.get(index)
        situation = role if role is not None else _pick(rng, SITUATION_WEIGHTS)
        if role == DEMO:
            person.language = Language.SPANISH
        person.portal = _draw_portal(rng, person, role, numbers)
        person.recovery = _draw_recovery(rng, person, role)
        person.milestone_cheers = _draw_milestone_cheers(rng, person, role)
        person.checkins, person.situation = _draw_checkins(rng, person, situation)
        person.wins = _draw_wins(rng, person, role)
        if person.situation in AWAITING_CONTACT and person.checkins:
            # Nobody has answered the latest check-in yet: no contact on or after its day.
            latest = person.checkins[-1].days_ago
            person.encounters = [e for e in person.encounters if e.ago >= latest + 1.5]


# --- Who is who --------------------------------------------------------------------------------


def _current(person: ClientPlan) -> bool:
    return bool(person.assignments) and person.assignments[-1].ended_ago is None


def _since(person: ClientPlan) -> float:
    """Days the current advocate has worked with the person."""
    return person.assignments[-1].started_ago


def _stay(person: ClientPlan) -> float:
    """Days since the current stay began (before a transfer between advocates, if any)."""
    last = person.assignments[-1]
    if len(person.assignments) > 1:
        before = person.assignments[-2]
        if before.end_reason == Assignment.EndReason.TRANSFERRED:
            return before.started_ago
    return last.started_ago


def _advocate(person: ClientPlan) -> str:
    return person.assignments[-1].advocate


def _advocate_at(person: ClientPlan, ago: float) -> str:
    for assignment in person.assignments:
        ended = assignment.ended_ago if assignment.ended_ago is not None else 0.0
        if ended <= ago <= assignment.started_ago:
            return assignment.advocate
    return _advocate(person)


def _script(people: Sequence[ClientPlan]) -> dict[int, str]:
    """Return {client index: role} for advocate@demo.test's current caseload."""
    caseload = [
        i for i, p in enumerate(people) if _current(p) and p.assignments[-1].advocate == ADVOCATE
    ]
    roles: dict[int, str] = {}
    for role in SCRIPT:
        free = [i for i in caseload if i not in roles]
        pick = None
        if role == DEMO:
            # Someone still in treatment, with the advocate long enough for a few check-ins.
            pick = _first(
                free,
                lambda i: (
                    people[i].episodes[-1].discharged_ago is None
                    and _since(people[i]) >= DEMO_MIN_DAYS
                ),
            )
        if pick is None:
            pick = _first(free, lambda i: _since(people[i]) >= MIN_DAYS[role])  # noqa: B023
        if pick is not None:
            roles[pick] = role
    return roles


def _first(indexes: list[int], test: Callable[[int], bool]) -> int | None:
    return next((i for i in indexes if test(i)), None)


# --- Portal accounts ---------------------------------------------------------------------------


def _draw_portal(
    rng: random.Random, person: ClientPlan, role: str | None, numbers: count[int]
) -> PortalPlan | None:
    since = _since(person)
    joined_ago = since - rng.uniform(0.05, min(2.0, since / 3))
    if role == DEMO:
        return PortalPlan(CLIENT, joined_ago, reminder=ReminderPlan(DEMO_REMINDER, Channel.EMAIL))
    wanted = role is not None and role != MILESTONE
    if not wanted and rng.random() >= PORTAL_SHARE:
        return None
    number = next(numbers)
    phone = ""
    reminder: ReminderPlan | None = None
    if rng.random() < REMINDER_SHARE:
        channel = Channel.EMAIL if rng.random() < 0.7 else Channel.SMS
        if channel == Channel.SMS:
            # 555-0100 to 555-0199 are set aside for fiction.
            phone = f"(312) 555-01{number % 100:02d}"
        reminder = ReminderPlan(rng.choice(REMINDER_TIMES), channel, rng.random() < 0.9)
    return PortalPlan(f"client{number}@{DEMO_EMAIL_DOMAIN}", joined_ago, phone, reminder)


# --- Recovery timeline -------------------------------------------------------------------------


def _draw_recovery(
    rng: random.Random, person: ClientPlan, role: str | None
) -> list[RecoveryEventPlan]:
    """Return the person's recovery start (or start, recurrence of use, new start)."""
    stay = _stay(person)
    stay_days = math.floor(stay)
    # The advocate records the date at intake, or on the day itself if it comes later.
    at_intake = stay - rng.uniform(0.02, min(1.5, stay / 2))
    if role == DEMO:
        start = DEMO_START_DAYS
    elif role == MILESTONE:
        start = rng.choice((30, 60, 90)) - rng.randint(2, 6)
    elif rng.random() >= START_SHARE:
        return []
    else:
        shape = _pick(rng, SHAPE_WEIGHTS)
        if shape == "recurrence" and stay_days >= 20:
            return _draw_recurrence(rng, person, stay_days, at_intake)
        start = stay_days + (rng.randint(10, 400) if shape == "backdated" else rng.randint(0, 3))
    recorded = min(at_intake, max(start - 0.4, 0.01))
    note = rng.choice(names.START_NOTES_BACKDATED if start > stay_days + 3 else names.START_NOTES)
    return [RecoveryEventPlan(START, start, recorded, _advocate_at(person, recorded), note)]


def _draw_recurrence(
    rng: random.Random, person: ClientPlan, stay_days: int, at_intake: float
) -> list[RecoveryEventPlan]:
    """A start at intake, a recurrence of use during the stay, then a new start soon after."""
    first = stay_days + rng.randint(0, 5)
    recurrence = rng.randint(6, stay_days - 4)
    again = recurrence - rng.randint(1, 5)
    recurrence_recorded = recurrence - rng.uniform(0.3, 0.9)
    again_recorded = max(again - 0.4, 0.01)
    return [
        RecoveryEventPlan(
            START, first, at_intake, _advocate_at(person, at_intake), rng.choice(names.START_NOTES)
        ),
        RecoveryEventPlan(
            RECURRENCE,
            recurrence,
            recurrence_recorded,
            _advocate_at(person, recurrence_recorded),
            rng.choice(names.RECURRENCE_NOTES),
        ),
        RecoveryEventPlan(
            START,
            again,
            again_recorded,
            _advocate_at(person, again_recorded),
            rng.choice(names.NEW_START_NOTES),
        ),
    ]


def _draw_milestone_cheers(
    rng: random.Random, person: ClientPlan, role: str | None
) -> tuple[CheerPlan | None, ...]:
    """Return, rung by rung of the milestone ladder, whether and how the advocate
    congratulated the milestone wins of the current start (dates are approximate here; the
    builder computes the exact ones)."""
    if not person.recovery or person.recovery[-1].kind != START:
        return ()
    start = person.recovery[-1].days_ago
    since = _since(person)
    spanish = person.language == Language.SPANISH
    cheers: list[CheerPlan | None] = []
    for milestone in ladder():
        reached_ago = start - (milestone.days + round(milestone.months * APPROX_MONTH_DAYS))
        if reached_ago < 0:
            break
        if role == DEMO:
            chance = 1.0
        elif reached_ago > since:
            chance = 0.1  # long before this advocate
        elif reached_ago <= 7:
            chance = 0.65  # recent: some still wait for a word
        else:
            chance = 0.8
        if rng.random() < chance:
            label = _spanish_label(milestone.label) if spanish else milestone.label
            texts = names.MILESTONE_CHEERS_ES if spanish else names.MILESTONE_CHEERS
            cheers.append(
                CheerPlan(
                    rng.choice(texts).format(label=label),
                    rng.uniform(0.05, 1.5),
                    _advocate(person),
                )
            )
        else:
            cheers.append(None)
    return tuple(cheers)


def _spanish_label(label: str) -> str:
    number, unit = label.split(" ", 1)
    return f"{number} {names.SPANISH_UNITS.get(unit, unit)}"


# --- Wins --------------------------------------------------------------------------------------


def _draw_wins(rng: random.Random, person: ClientPlan, role: str | None) -> list[WinPlan]:
    spanish = person.language == Language.SPANISH
    titles = names.PERSONAL_WINS_ES if spanish else names.PERSONAL_WINS
    latest = math.floor(_since(person) - 1.1)  # days the advocate has been there
    if role == DEMO:
        return [WinPlan(names.DEMO_CLIENT_WIN, 1, True, None)] if latest >= 1 else []
    wins: list[WinPlan] = []
    if latest >= 0:
        for title in rng.sample(titles, _pick(rng, PERSONAL_WIN_COUNTS)):
            days_ago = rng.randint(0, min(latest, 120))
            chance = 0.6 if days_ago <= 7 else 0.85
            wins.append(
                WinPlan(
                    title,
                    days_ago,
                    person.portal is not None and rng.random() < 0.6,
                    _cheer(rng, person, days_ago) if rng.random() < chance else None,
                )
            )
    if role == WIN:
        title = next(t for t in titles if t not in {w.title for w in wins})
        wins.append(WinPlan(title, rng.randint(1, 2), person.portal is not None, None))
    wins.sort(key=lambda w: -w.days_ago)
    return wins


def _cheer(rng: random.Random, person: ClientPlan, days_ago: int) -> CheerPlan:
    texts = names.CHEERS_ES if person.language == Language.SPANISH else names.CHEERS
    return CheerPlan(
        rng.choice(texts), rng.uniform(0.05, min(2.0, days_ago + 0.5)), _advocate(person)
    )


# --- Check-ins ---------------------------------------------------------------------------------


def _draw_checkins(
    rng: random.Random, person: ClientPlan, situation: str
) -> tuple[list[CheckInPlan], str]:
    """Return the person's check-ins over the last 90 days, oldest first, and the situation
    they tell (NORMAL when the person does not check in, or too recently to tell it)."""
    quiet = situation if situation in (WIN, MILESTONE) else NORMAL
    portal = person.portal
    if portal is not None:
        habit = _pick(rng, HABIT_WEIGHTS)
        first = math.floor(portal.joined_ago - 1.1)
        hour = portal.reminder.local_time[0] if portal.reminder else rng.choice((8, 12, 20, 21))
    elif rng.random() < PHONE_SHARE:
        habit = "phone"
        first = math.floor(_since(person) - 1.1)
        hour = rng.randint(10, 16)
    else:
        return [], quiet
    first = min(first, CHECKIN_WINDOW_DAYS - 1)
    if first < 0:
        return [], quiet
    days, situation = _checkin_days(rng, habit, first, situation)
    if not days:
        return [], quiet
    spanish = person.language == Language.SPANISH
    mood_base = rng.uniform(2.6, 4.2)
    craving_base = rng.uniform(0.5, 5.0)
    sleep = _pick(rng, SLEEP_WEIGHTS)
    staff_share = 1.0 if habit == "phone" else 0.07
    rows: list[CheckInPlan] = []
    for position, day in enumerate(days):
        progress = 1 - day / max(first, 1)  # 0 at the start of the stay, 1 today
        craving = _clamp(round(rng.gauss(craving_base * (1 - 0.4 * progress), 1.3)), 0, 10)
        mood = _clamp(round(rng.gauss(mood_base + 0.5 * progress, 0.8)) - (craving >= 6), 1, 5)
        by_staff = rng.random() < staff_share
        if by_staff:
            local_time = (rng.randint(9, 16), rng.randrange(60))
        else:
            local_time = (_clamp(round(rng.gauss(hour, 1)), 6, 23), rng.randrange(60))
        hours, quality = _sleep(rng, sleep, mood)
        went_well = ""
        if rng.random() < (0.25 if by_staff else 0.4):
            went_well = rng.choice(names.WENT_WELL_ES if spanish else names.WENT_WELL)
        older = position < len(days) - 1
        used = older and rng.random() < 0.008
        rows.append(
            CheckInPlan(
                days_ago=day,
                local_time=local_time,
                mood=min(mood, 3) if used else mood,
                craving=craving,
                used=used,
                substance=_pick(rng, SUBSTANCES) if used else "",
                sleep_hours=hours,
                sleep_quality=quality,
                went_well=went_well,
                wants_contact=older and rng.random() < 0.02,
                by_staff=by_staff,
            )
        )
    _mark_recurrence(person, rows)
    _shape_latest(rng, rows, situation)
    return rows, situation


def _checkin_days(
    rng: random.Random, habit: str, first: int, situation: str
) -> tuple[list[int], str]:
    """Return the days (days ago, oldest first) the person checked in on, and the situation
    (STOPPED becomes NORMAL without enough days to stop after)."""
    if situation == DEMO:
        return [d for d in DEMO_CHECKIN_DAYS if d <= first], situation
    chance = HABIT_CHANCE[habit]
    days = {d for d in range(first, -1, -1) if rng.random() < chance}
    if situation == STOPPED:
        stop = rng.randint(4, 10)
        if first >= stop + 2:
            days = {d for d in days if d > stop} | {stop, stop + 2}
            return sorted(days, reverse=True), situation
        situation = NORMAL
    if situation in (WANTS_CONTACT, USED, CRAVING_HIGH, CRAVING_RISING):
        latest = rng.randint(0, 1)
        days = {d for d in days if d > latest} | {latest}
        if situation == CRAVING_RISING:
            # Three check-ins within a few days, so the rise reads as one.
            recent = list(range(latest + 1, min(first, latest + 5) + 1))
            days |= set(rng.sample(recent, min(2, len(recent))))
    elif not any(d <= 1 for d in days) and rng.random() < 0.8:
        days.add(rng.randint(0, 1 if habit in ("daily", "often") else 2))
    return sorted(days, reverse=True), situation


def _sleep(rng: random.Random, style: str, mood: int) -> tuple[float | None, str]:
    hours: float | None = None
    quality = ""
    if style in ("hours", "both"):
        hours = round(max(3.0, min(10.0, rng.gauss(6.8 + 0.3 * (mood - 3), 1.0))) * 2) / 2
    if style in ("quality", "both"):
        score = mood + rng.choice((-1, 0, 0, 1))
        quality = (
            SleepQuality.POOR
            if score <= 2
            else SleepQuality.OK
            if score <= 3
            else SleepQuality.GOOD
        )
    return hours, quality


def _mark_recurrence(person: ClientPlan, rows: list[CheckInPlan]) -> None:
    """The first check-in after a recorded recurrence of use says so (unless it is the latest,
    which would read as news nobody has answered)."""
    for event in person.recovery:
        if event.kind != RECURRENCE:
            continue
        after = [i for i, row in enumerate(rows[:-1]) if row.days_ago <= event.days_ago]
        if after:
            i = after[0]
            rows[i] = replace(rows[i], used=True, mood=min(rows[i].mood, 3))


def _shape_latest(rng: random.Random, rows: list[CheckInPlan], situation: str) -> None:
    """Make the latest check-ins tell the situation's story (and only that one)."""
    last = rows[-1]
    if situation == WANTS_CONTACT:
        rows[-1] = replace(
            last, wants_contact=True, mood=min(last.mood, 3), craving=min(last.craving, 6)
        )
    elif situation == USED:
        rows[-1] = replace(
            last,
            used=True,
            substance=_pick(rng, SUBSTANCES),
            mood=min(last.mood, 3),
            craving=rng.randint(4, 7),
        )
    elif situation == CRAVING_HIGH:
        rows[-1] = replace(last, craving=rng.randint(8, 10), mood=min(last.mood, 3))
    elif situation == CRAVING_RISING and len(rows) >= 3:
        low, step = rng.randint(1, 3), rng.randint(1, 2)
        for offset in range(3):
            i = len(rows) - 3 + offset
            rows[i] = replace(rows[i], craving=low + offset * step)
    else:
        # Quiet: nothing in the latest check-in asks for attention.
        craving = min(last.craving, 3 if situation == DEMO else 7)
        if len(rows) >= 3 and rows[-3].craving < rows[-2].craving < craving:
            craving = rows[-2].craving
        mood = max(last.mood, 3) if situation == DEMO else last.mood
        rows[-1] = replace(
            last, craving=craving, mood=mood, used=False, substance="", wants_contact=False
        )
        if situation == DEMO and len(rows) >= 2:
            # Cravings easing, so whatever the demo client answers today reads as no rise.
            rows[-2] = replace(rows[-2], craving=max(rows[-2].craving, craving + 1))
        return
    # The story is told by one answer only: the others stay quiet.
    last = rows[-1]
    rows[-1] = replace(
        last,
        used=situation == USED,
        substance=last.substance if situation == USED else "",
        wants_contact=situation == WANTS_CONTACT,
        craving=last.craving
        if situation in (CRAVING_HIGH, CRAVING_RISING)
        else min(last.craving, 7),
    )


# --- Helpers -----------------------------------------------------------------------------------


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
