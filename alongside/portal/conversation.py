"""The client's side of their conversation: a page of messages, and what to expect before
writing (is anyone working now; if not, when a reply is likely).

Reads only: sending and read receipts are `messaging.services`. Times are shown in the
active zone and language, which the portal middleware sets to the client's own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from alongside.clients.models import Client
from alongside.messaging.hours import ReplyExpectation, reply_expectation, weeks_of
from alongside.messaging.models import Message
from alongside.messaging.queries import latest_messages, message_in
from alongside.organizations.models import Organization
from alongside.portal.crisis import EMERGENCY, LIFELINE, on_call_for

PAGE_SIZE = 50
# Beyond this, "Monday" could mean two different days: the date is written out instead.
WEEKDAY_IS_CLEAR = timedelta(days=6)


@dataclass(frozen=True)
class Line:
    """One message as the client sees it."""

    message: Message
    mine: bool
    author: str
    when: str
    read_when: str  # the client's own messages: when an advocate read it; "" while unread
    new: bool  # an advocate's message the client is seeing for the first time


@dataclass(frozen=True)
class Page:
    lines: list[Line]
    earlier: uuid.UUID | None  # the `before` of the next older page; None at the beginning
    is_latest: bool


def clock_of(moment: datetime) -> str:
    """Return MOMENT's time of day as people write it in the active language ("9:00 AM",
    "09:00"). Django's English "9 a.m." would end a sentence in "a.m.." and reads oddly."""
    # Translators: a time of day as a Django date() format: "g:i A" is 9:00 AM, "H:i" 09:00.
    return date_format(moment, pgettext("time of day format", "g:i A"))


def when_label(moment: datetime, now: datetime) -> str:
    """Return MOMENT as "Today, 3:05 PM", "Yesterday, …" or "April 14, …" in the active
    zone and language."""
    local, today = timezone.localtime(moment), timezone.localtime(now).date()
    clock = clock_of(local)
    if local.date() == today:
        return _("Today, %(time)s") % {"time": clock}
    if local.date() == today - timedelta(days=1):
        return _("Yesterday, %(time)s") % {"time": clock}
    day_format = "MONTH_DAY_FORMAT" if local.year == today.year else "DATE_FORMAT"
    return _("%(date)s, %(time)s") % {"date": date_format(local, day_format), "time": clock}


def page_of(client: Client, before: str | None, *, read_at: datetime) -> Page:
    """Return the PAGE_SIZE messages of CLIENT's conversation just older than the message
    whose public id is BEFORE (the newest ones without it), oldest first.

    Http404 if BEFORE names no message of CLIENT's. READ_AT is the moment the page marked
    messages read: those are flagged new.
    """
    anchor = None
    if before:
        anchor = message_in(client, before)
        if anchor is None:
            raise Http404("No such message")
    newest = latest_messages(client, PAGE_SIZE + 1, before=anchor)
    shown = newest[-PAGE_SIZE:]
    earlier = shown[0].public_id if len(newest) > PAGE_SIZE else None
    return Page([_line(m, read_at) for m in shown], earlier, is_latest=not before)


def _line(message: Message, now: datetime) -> Line:
    mine = message.from_client
    author = _("You") if mine else (message.sender.display_name or _("Your advocate"))
    read = message.read_at
    return Line(
        message=message,
        mine=mine,
        author=author,
        when=when_label(message.sent_at, now),
        read_when=when_label(read, now) if mine and read is not None else "",
        new=not mine and read == now,
    )


def current_advocates(client: Client) -> list[Any]:
    current = client.assignments.current().select_related("advocate").order_by("started_at")
    return [assignment.advocate for assignment in current]


def expectation_for(
    advocates: list[Any], organization: Organization, now: datetime
) -> ReplyExpectation:
    """Return whether any of ADVOCATES is working at NOW, and if not, when one starts."""
    return reply_expectation(weeks_of(advocates, organization).values(), now)


def away_sentence(expectation: ReplyExpectation) -> str:
    """Return "Your advocate is not working right now." (or "advocates … are")."""
    return ngettext(
        "Your advocate is not working right now.",
        "Your advocates are not working right now.",
        expectation.advocate_count,
    )


def expect_reply_sentence(expectation: ReplyExpectation, now: datetime) -> str:
    """Return when to expect a reply ("Expect a reply from Monday at 9:00 AM."), in the active
    zone and language."""
    when = expectation.next_reply_at
    if when is None:
        return _("Expect a reply when your advocate is next working.")
    local, today = timezone.localtime(when), timezone.localtime(now).date()
    clock = clock_of(local)
    if local.date() == today:
        return _("Expect a reply from today at %(time)s.") % {"time": clock}
    if local.date() == today + timedelta(days=1):
        return _("Expect a reply from tomorrow at %(time)s.") % {"time": clock}
    if local.date() - today <= WEEKDAY_IS_CLEAR:
        return _("Expect a reply from %(weekday)s at %(time)s.") % {
            "weekday": date_format(local, "l"),
            "time": clock,
        }
    return _("Expect a reply from %(date)s at %(time)s.") % {
        "date": date_format(local, "DATE_FORMAT"),
        "time": clock,
    }


def sent_notice(expectation: ReplyExpectation | None, now: datetime) -> str:
    """Return the confirmation after sending, repeating when to expect a reply if nobody is
    working now."""
    text = _("Your message was sent.")
    if expectation is not None and not expectation.available_now:
        text = f"{text} {away_sentence(expectation)} {expect_reply_sentence(expectation, now)}"
    return text


def before_writing(
    client: Client, advocates: list[Any], expectation: ReplyExpectation | None, now: datetime
) -> dict[str, Any]:
    """Return what the page says before the message box: whom the client writes to; if none
    of them is working, when to expect a reply; and then, or with nobody to write to, where
    to get help now (the program's on-call line is read only in those cases)."""
    away = expectation is not None and not expectation.available_now
    context: dict[str, Any] = {
        "advocate_names": ", ".join(a.display_name for a in advocates if a.display_name),
        "advocate_count": len(advocates),
        "away": "",
        "expect_reply": "",
        "lifeline": LIFELINE,
        "emergency": EMERGENCY,
        "on_call": on_call_for(client) if away or not advocates else [],
    }
    if expectation is not None and away:
        context["away"] = away_sentence(expectation)
        context["expect_reply"] = expect_reply_sentence(expectation, now)
    return context
