"""A person's private iCalendar feed: the groups they facilitate and their follow-ups due.

The URL's token is its only protection (calendar apps cannot sign in), so the feed carries no
client data: group events name the group's topic and name, follow-ups say "Follow-up due"
and link to the profile, which asks for a sign-in.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from alongside.clients.access import Capability, visible_to
from alongside.groups.queries import facilitated_sessions
from alongside.support.models import Encounter

PAST = timedelta(days=30)
AHEAD = timedelta(weeks=9)


def build_feed(user: Any, base_url: str) -> bytes:
    """Return USER's feed as iCalendar bytes."""
    now = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Alongside//Groups and follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Alongside")
    for session in facilitated_sessions(user, now - PAST, now + AHEAD):
        event = Event()
        event.add("uid", f"session-{session.public_id}@alongside")
        event.add("summary", f"Group: {session.group.get_topic_display()} ({session.group.name})")
        zone = session.group.organization.time_zone
        event.add("dtstart", timezone.localtime(session.starts_at, ZoneInfo(zone)))
        event.add("dtend", timezone.localtime(session.ends_at, ZoneInfo(zone)))
        event.add("dtstamp", now)
        if session.group.location:
            event.add("location", session.group.location)
        calendar.add_component(event)
    for encounter_id, client_public_id, due in _follow_ups(user, now):
        event = Event()
        event.add("uid", f"follow-up-{encounter_id}@alongside")
        event.add("summary", "Follow-up due")
        event.add("dtstart", due)
        event.add("dtstamp", now)
        event.add("url", base_url + reverse("workspace:client", args=[client_public_id]))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _follow_ups(user: Any, now: Any) -> list[tuple[Any, Any, Any]]:
    """Follow-up dates USER set on contacts with clients still on their caseload."""
    today = timezone.localdate(now)
    return list(
        Encounter.objects.filter(
            advocate=user,
            client__in=visible_to(user, need=Capability.RECORD),
            follow_up_on__gte=today - PAST,
            follow_up_on__lte=today + AHEAD,
        )
        .order_by("follow_up_on")
        .values_list("public_id", "client__public_id", "follow_up_on")
    )
