"""Crisis events on pages other views render: the alert page and the client profile."""

from __future__ import annotations

from typing import Any

from django import template

from alongside.clients.models import Client
from alongside.safety.crisis import events_of, may_record
from alongside.safety.models import CrisisEvent

register = template.Library()


@register.filter
def recordable_by(client: Client, user: Any) -> bool:
    """True if USER may record a crisis event about CLIENT (the alert page's "Record what
    happened": the person on call may see an alert about someone outside their caseload)."""
    return may_record(user, client)


PROFILE_EVENTS = 3


@register.simple_tag
def recent_crisis_events(client: Client) -> list[CrisisEvent]:
    """CLIENT's latest crisis events for the profile's safety section (one query; the profile
    view has already checked access and audited the view)."""
    return list(events_of(client)[:PROFILE_EVENTS])
