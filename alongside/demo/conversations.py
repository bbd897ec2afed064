"""Secure messages in the demo center: a few conversations, and the advocates' working hours.

Planning (`draw_conversations`) follows plan.py and daily.py: no database, no clock, every
choice from the plan's one seeded generator, after their draws. A conversation is a short
scripted thread between a person with a portal account and their current advocate, placed in
the last two weeks, and ends in one of three ways:

- waiting for the advocate: the person wrote last and nobody has opened it yet (the
  advocate's Today page shows "Unread messages");
- waiting for the person: the advocate answered last and the person has not opened it yet;
- caught up: both sides have read everything.

advocate@demo.test always has one of each besides the demo client (client@demo.test), who
has a short conversation in Spanish ending in a reply they have not opened yet.

Placing (`conversation_rows`) happens in the builder, which knows the moment it runs: it
walks back from each thread's last message and moves the advocate's messages back into their
working hours, so replies are sent when advocates work, as the product asks of them.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock
from typing import TYPE_CHECKING, Any

from alongside.clients.models import Client, Language
from alongside.demo.daily import WANTS_CONTACT
from alongside.demo.roster import ADVOCATE, ADVOCATE_2, CLIENT
from alongside.messaging.hours import Week

if TYPE_CHECKING:
    from alongside.demo.plan import ClientPlan

CLIENT_SIDE = "client"
ADVOCATE_SIDE = "advocate"
Script = tuple[tuple[str, str], ...]  # (side, text), oldest first

WAITING_FOR_ADVOCATE = "waiting_for_advocate"
WAITING_FOR_CLIENT = "waiting_for_client"
CAUGHT_UP = "caught_up"
# Conversations besides the demo client's: advocate@demo.test's, then advocate2@demo.test's,
# then those of any other advocate.
MAIN_ADVOCATE_ENDINGS = (WAITING_FOR_ADVOCATE, CAUGHT_UP, WAITING_FOR_CLIENT)
SECOND_ADVOCATE_ENDINGS = (WAITING_FOR_ADVOCATE, CAUGHT_UP)
OTHER_ENDINGS = (CAUGHT_UP, WAITING_FOR_CLIENT)
WINDOW_DAYS = 14  # conversations happen in the last two weeks
MIN_HISTORY_DAYS = 14  # with an advocate this long, a thread fits the window with room

# Everyone's default week, and one advocate who works Tuesday to Saturday (a Saturday group).
WEEKDAYS_9_TO_5 = {day: (clock(9), clock(17)) for day in range(5)}
TUESDAY_TO_SATURDAY = {day: (clock(10), clock(18)) for day in range(1, 6)}
WORKING_WEEKS = {ADVOCATE_2: TUESDAY_TO_SATURDAY}

# Kind, everyday threads in the person's own words; no names, so any advocate fits.
THREADS: tuple[Script, ...] = (
    (
        (
            CLIENT_SIDE,
            "I had the job interview at the warehouse this morning. I think it went okay?",
        ),
        (ADVOCATE_SIDE, "That's great news! How are you feeling about it?"),
        (CLIENT_SIDE, "Nervous but proud I showed up. They said they'd call by Friday."),
        (
            ADVOCATE_SIDE,
            "Showing up is the hard part, and you did it. Want to practice a follow-up call "
            "together on Thursday?",
        ),
        (CLIENT_SIDE, "Yes please. Thursday at 2 works for me."),
    ),
    (
        (CLIENT_SIDE, "The housing office emailed. They need a copy of my ID before the 15th."),
        (
            ADVOCATE_SIDE,
            "Thanks for letting me know. I can help you request a replacement. Do you have "
            "your birth certificate?",
        ),
        (CLIENT_SIDE, "I think my mom has it. I'll ask her tonight."),
        (CLIENT_SIDE, "She found it!"),
        (
            ADVOCATE_SIDE,
            "Wonderful. Bring it Tuesday and we'll go to the office together after group.",
        ),
    ),
    (
        (CLIENT_SIDE, "Is the Tuesday evening meeting still at the library?"),
        (ADVOCATE_SIDE, "Yes, 6:30 in the community room. Want me to save you a seat?"),
        (CLIENT_SIDE, "Sure, thanks."),
        (ADVOCATE_SIDE, "See you there. Bring your mug, they ran out of cups last week."),
    ),
    (
        (
            CLIENT_SIDE,
            "My daughter's birthday party is Saturday. I'm excited to see her but anxious about "
            "being around the whole family.",
        ),
        (
            ADVOCATE_SIDE,
            "It makes sense to feel both. Would it help to plan the day, and who you can text "
            "if it gets hard?",
        ),
        (CLIENT_SIDE, "Yeah. Maybe I leave by 4 and go to the evening meeting."),
        (
            ADVOCATE_SIDE,
            "That sounds like a solid plan. You can write to me here too. If you need someone "
            "right away, you can call or text 988 at any hour.",
        ),
        (CLIENT_SIDE, "Thank you. It means a lot."),
        (ADVOCATE_SIDE, "Have a wonderful time with her."),
    ),
    (
        (ADVOCATE_SIDE, "Reminder: your clinic appointment is Wednesday at 9. Do you have a ride?"),
        (CLIENT_SIDE, "Not yet. The bus doesn't get there until 9:30."),
        (ADVOCATE_SIDE, "I can book a ride through the program. I'll confirm by tomorrow."),
        (ADVOCATE_SIDE, "Your ride is booked: pickup at 8:15 at your place."),
        (CLIENT_SIDE, "Thank you so much!"),
    ),
    (
        (CLIENT_SIDE, "Guess what, 60 days today!"),
        (ADVOCATE_SIDE, "Congratulations! That's a real milestone. How are you celebrating?"),
        (CLIENT_SIDE, "Pancakes with my roommate, then a walk by the river."),
    ),
    (
        (CLIENT_SIDE, "I got moved to night shifts next week, so I'll miss Thursday group."),
        (
            ADVOCATE_SIDE,
            "Thanks for the heads-up. There's a Saturday group at 10 if that fits better.",
        ),
        (CLIENT_SIDE, "That could work. Can you send me the address?"),
        (
            ADVOCATE_SIDE,
            "It's at the Eastside Community Center, second floor. I'll let the facilitator "
            "know you might come.",
        ),
    ),
    (
        (CLIENT_SIDE, "Do you know anywhere that helps with a winter coat? Mine tore."),
        (
            ADVOCATE_SIDE,
            "Yes! The community closet on Elm Street is open Monday and Thursday afternoons. "
            "I can walk over with you Thursday.",
        ),
        (CLIENT_SIDE, "That would be great."),
        (ADVOCATE_SIDE, "Let's meet at the front desk at 1."),
        (CLIENT_SIDE, "See you then!"),
        (CLIENT_SIDE, "Got a warm one, and gloves too. Thanks for coming with me."),
        (ADVOCATE_SIDE, "So glad it worked out. Stay warm!"),
    ),
)
THREADS_ES: tuple[Script, ...] = (
    (
        (CLIENT_SIDE, "Buenas tardes. Esta semana me ha costado dormir."),
        (
            ADVOCATE_SIDE,
            "Gracias por contarme. ¿Quieres que lo hablemos mañana? Podemos revisar tu rutina "
            "de la noche.",
        ),
        (CLIENT_SIDE, "Sí, mañana a las 3 puedo."),
        (ADVOCATE_SIDE, "Perfecto, te llamo a las 3."),
    ),
    (
        (ADVOCATE_SIDE, "Hola, ¿cómo te fue en la reunión del sábado?"),
        (CLIENT_SIDE, "Bien, hablé por primera vez frente al grupo."),
        (ADVOCATE_SIDE, "¡Eso requiere mucho valor! Me alegra mucho."),
        (CLIENT_SIDE, "¿Me recuerdas a qué hora es la reunión del martes?"),
    ),
)
# advocate@demo.test's person who asked to be called in their latest check-in wrote too.
CALL_ME_THREAD: Script = (
    (
        ADVOCATE_SIDE,
        "Hi, just checking in after group yesterday. How was the rest of your evening?",
    ),
    (CLIENT_SIDE, "It was okay. Went to bed early."),
    (ADVOCATE_SIDE, "Rest is good. I'm around this week if you want to talk."),
    (CLIENT_SIDE, "Could you call me when you get a chance? Today has been a lot."),
)
# client@demo.test's conversation: it ends with their advocate's reply, not opened yet.
DEMO_THREAD: Script = (
    (
        CLIENT_SIDE,
        "Hola, ¿podemos cambiar la cita del jueves? Tengo una entrevista de trabajo a la misma "
        "hora.",
    ),
    (
        ADVOCATE_SIDE,
        "¡Qué buena noticia lo de la entrevista! Claro que sí. ¿Te queda bien el viernes a las 11?",
    ),
    (CLIENT_SIDE, "Sí, el viernes a las 11 está perfecto. Gracias."),
    (
        ADVOCATE_SIDE,
        "Listo, quedó el viernes a las 11. ¡Mucha suerte en la entrevista! Cuéntame cómo te fue.",
    ),
)


@dataclass(frozen=True)
class MessagePlan:
    from_client: bool
    body: str
    gap_hours: float  # after the previous message (0 for the first)
    opened_minutes: float  # a reply: the writer opened the conversation this long before
    # An advocate's message due outside their hours lands this far into their previous
    # working period (0 its start, 1 its end).
    position: float


@dataclass(frozen=True)
class ConversationPlan:
    messages: tuple[MessagePlan, ...]
    ending: str  # WAITING_FOR_ADVOCATE, WAITING_FOR_CLIENT or CAUGHT_UP
    last_ago: float  # days before now of the last message (before fitting working hours)
    tail_read_hours: float  # caught up: the last messages were opened this long after


def working_week(email: str) -> dict[int, tuple[clock, clock]]:
    """Return the demo advocate's week: weekday -> (starts, ends), local to the center."""
    return WORKING_WEEKS.get(email, WEEKDAYS_9_TO_5)


def draw_conversations(rng: random.Random, people: Sequence[ClientPlan]) -> None:
    """Give a few people with a portal account a conversation with their advocate, in place."""
    with_portal = [
        p
        for p in people
        if p.portal is not None and p.assignments and p.assignments[-1].ended_ago is None
    ]
    demo = next((p for p in with_portal if p.portal and p.portal.email == CLIENT), None)
    if demo is not None:
        demo.conversation = _conversation(rng, DEMO_THREAD, WAITING_FOR_CLIENT)
    # Someone Today already lists (they asked to be called) wrote as well: the unread message
    # joins their reasons rather than putting one more person on the advocate's list.
    caller = next(
        (
            p
            for p in with_portal
            if p.assignments[-1].advocate == ADVOCATE and p.situation == WANTS_CONTACT
        ),
        None,
    )
    main_endings: tuple[str, ...] = MAIN_ADVOCATE_ENDINGS
    if caller is not None:
        caller.conversation = _conversation(rng, CALL_ME_THREAD, WAITING_FOR_ADVOCATE)
        main_endings = tuple(e for e in main_endings if e != WAITING_FOR_ADVOCATE)
    others = [
        p
        for p in with_portal
        if p.conversation is None and p.assignments[-1].started_ago >= MIN_HISTORY_DAYS
    ]
    used: set[Script] = set()

    def give(candidates: list[ClientPlan], endings: Sequence[str]) -> None:
        for person, ending in zip(rng.sample(candidates, len(candidates)), endings, strict=False):
            person.conversation = _conversation(rng, _script(rng, person, ending, used), ending)

    give([p for p in others if p.assignments[-1].advocate == ADVOCATE], main_endings)
    give([p for p in others if p.assignments[-1].advocate == ADVOCATE_2], SECOND_ADVOCATE_ENDINGS)
    give(
        [p for p in others if p.assignments[-1].advocate not in (ADVOCATE, ADVOCATE_2)],
        OTHER_ENDINGS,
    )


def _script(rng: random.Random, person: ClientPlan, ending: str, used: set[Script]) -> Script:
    """Pick an unused thread in the person's language that can end as ENDING."""
    scripts = THREADS_ES if person.language == Language.SPANISH else THREADS
    last_side = {WAITING_FOR_ADVOCATE: CLIENT_SIDE, WAITING_FOR_CLIENT: ADVOCATE_SIDE}.get(ending)
    fitting = [s for s in scripts if last_side is None or s[-1][0] == last_side]
    fresh = [s for s in fitting if s not in used] or fitting
    script = rng.choice(fresh)
    used.add(script)
    return script


def _conversation(rng: random.Random, script: Script, ending: str) -> ConversationPlan:
    messages = []
    previous: str | None = None
    for side, text in script:
        if previous is None:
            gap = 0.0
        elif side == previous:
            gap = rng.uniform(0.03, 0.5)  # a second message right after the first
        elif side == ADVOCATE_SIDE:
            gap = rng.uniform(0.5, 5.0)  # the advocate answers within hours
        else:
            gap = rng.uniform(0.3, 10.0)
        opened = rng.uniform(1, 15) if side != previous else 0.0
        messages.append(
            MessagePlan(side == CLIENT_SIDE, text, gap, opened, rng.uniform(0.15, 0.95))
        )
        previous = side
    if ending == WAITING_FOR_ADVOCATE:
        last_ago = rng.uniform(0.1, 0.9)  # written last night or this morning
    elif ending == WAITING_FOR_CLIENT:
        last_ago = rng.uniform(0.2, 1.5)
    else:
        # Long enough ago that the other side has been at work since.
        last_ago = rng.uniform(3.0, 8.0)
    return ConversationPlan(tuple(messages), ending, last_ago, rng.uniform(0.2, 6.0))


# --- Placing a planned conversation in time (the builder) --------------------------------------


def conversation_rows(
    plan: ConversationPlan,
    *,
    now: datetime,
    week: Week,
    floor: datetime,
    client: Client,
    client_user_id: int,
    advocate_id: int,
) -> Iterator[dict[str, Any]]:
    """Yield the Message rows of PLAN's messages in CLIENT's conversation, oldest first.

    Messages are placed backwards from the last one; an advocate's message outside their WEEK
    moves back into their previous working period. Nothing is earlier than FLOOR (the
    person's portal account and current advocate both exist from then) or later than NOW.
    """
    floor = max(floor, now - timedelta(days=WINDOW_DAYS))
    messages = plan.messages
    moments: list[datetime] = [now] * len(messages)
    moment = now - timedelta(days=plan.last_ago)
    for index in range(len(messages) - 1, -1, -1):
        if not messages[index].from_client:
            moment = _latest_working_moment(week, moment, messages[index].position)
        moments[index] = moment
        moment -= timedelta(hours=messages[index].gap_hours)
    # A short history (a small demo center) squeezes the thread after FLOOR instead.
    for index in range(len(moments)):
        earliest = floor if index == 0 else moments[index - 1] + timedelta(minutes=1)
        latest = now - timedelta(minutes=len(moments) - index)
        moments[index] = min(max(moments[index], earliest), latest)
    for index, message in enumerate(messages):
        read_at = _read_at(plan, moments, index, now, week)
        yield {
            "public_id": uuid.uuid4(),
            "organization_id": client.organization_id,
            "client_id": client.pk,
            "from_client": message.from_client,
            "body": message.body,
            "sender_id": client_user_id if message.from_client else advocate_id,
            "sent_at": moments[index],
            "read_at": read_at,
            "read_by_id": (advocate_id if message.from_client else client_user_id)
            if read_at is not None
            else None,
        }


def _read_at(
    plan: ConversationPlan, moments: list[datetime], index: int, now: datetime, week: Week
) -> datetime | None:
    """When the other side opened message INDEX: just before they next wrote, else at the end
    of the thread (None while the thread waits for them)."""
    message = plan.messages[index]
    sent = moments[index]
    reply = next(
        (
            j
            for j in range(index + 1, len(plan.messages))
            if plan.messages[j].from_client != message.from_client
        ),
        None,
    )
    if reply is not None:
        opened = moments[reply] - timedelta(minutes=plan.messages[reply].opened_minutes)
        return min(moments[reply], max(opened, sent + timedelta(minutes=1)))
    if plan.ending != CAUGHT_UP:
        return None
    opened = moments[-1] + timedelta(hours=plan.tail_read_hours)
    if message.from_client and not week.is_working(opened):
        opened = (week.next_start(opened) or opened) + timedelta(minutes=7)
    opened = min(opened, now - timedelta(minutes=1))
    return opened if opened > sent else None


def _latest_working_moment(week: Week, moment: datetime, position: float) -> datetime:
    """Return MOMENT if WEEK is working then, else the moment POSITION (0 to 1) into the
    latest working period before it (MOMENT itself if the week has no working days)."""
    if week.is_working(moment) or not week.days:
        return moment
    local = moment.astimezone(week.zone)
    for offset in range(8):
        day = (local - timedelta(days=offset)).date()
        hours = week.days.get(day.weekday())
        if hours is None:
            continue
        starts = datetime.combine(day, hours[0], tzinfo=week.zone)
        ends = datetime.combine(day, hours[1], tzinfo=week.zone)
        if starts < moment:
            return min(moment, starts + (ends - starts) * position)
    return moment
