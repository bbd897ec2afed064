"""How long a session lasts: an idle limit that depends on who signed in, and an absolute one.

- Staff (anyone with a role in an organization, and platform operators): idle limit
  `ALONGSIDE_IDLE_MINUTES_STAFF` (15 minutes by default). They read client records on shared
  and office computers.
- Everyone else, that is people using the portal on their own phones:
  `ALONGSIDE_IDLE_MINUTES_CLIENT` (30 minutes).
- Whatever the activity, a session ends `SESSION_COOKIE_AGE` after sign-in (12 hours).
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext, ngettext

from alongside.organizations.staff import memberships_of

# The warning appears this long before an idle session ends.
WARN_BEFORE = timedelta(minutes=1)


class Reason(enum.StrEnum):
    IDLE = "idle"
    ABSOLUTE = "absolute"


@dataclass(frozen=True)
class Deadline:
    """When a session ends if nobody uses it, and why it ends then."""

    ends_at: datetime
    reason: Reason
    idle: timedelta

    @property
    def extendable(self) -> bool:
        """Whether using the session moves the deadline (not when the absolute limit is next)."""
        return self.reason == Reason.IDLE

    def seconds_left(self, now: datetime) -> int:
        return max(0, math.ceil((self.ends_at - now).total_seconds()))

    def signed_out_message(self) -> str:
        """What to tell the person once this deadline has passed (in the active language)."""
        if self.reason == Reason.ABSOLUTE:
            hours = round(absolute_timeout().total_seconds() / 3600)
            return ngettext(
                "For your security you were signed out %(hours)d hour after signing in. "
                "Sign in again to continue.",
                "For your security you were signed out %(hours)d hours after signing in. "
                "Sign in again to continue.",
                hours,
            ) % {"hours": hours}
        minutes = max(1, round(self.idle.total_seconds() / 60))
        why = ngettext(
            "You were signed out after %(minutes)d minute without activity.",
            "You were signed out after %(minutes)d minutes without activity.",
            minutes,
        ) % {"minutes": minutes}
        return f"{why} {gettext('Sign in again to continue.')}"


def is_staff_account(user: Any) -> bool:
    return bool(user.is_staff or memberships_of(user))


def idle_timeout_for(user: Any) -> timedelta:
    """Return how long USER's session may go unused: the staff limit unless they are a client.

    Memberships are cached on the user for the request, so this costs no extra query on a page.
    """
    if is_staff_account(user):
        return timedelta(minutes=settings.ALONGSIDE_IDLE_MINUTES_STAFF)
    return timedelta(minutes=settings.ALONGSIDE_IDLE_MINUTES_CLIENT)


def default_idle_timeout() -> timedelta:
    """The stored expiry's idle limit when the owner's own is not known yet (a session saved
    before the middleware has looked at who holds it): the longer one. The middleware applies
    the person's own limit on every request, so this only bounds how long the row lives."""
    return timedelta(
        minutes=max(settings.ALONGSIDE_IDLE_MINUTES_STAFF, settings.ALONGSIDE_IDLE_MINUTES_CLIENT)
    )


def absolute_timeout() -> timedelta:
    return timedelta(seconds=settings.SESSION_COOKIE_AGE)


def deadline(signed_in_at: datetime, last_activity: datetime, idle: timedelta) -> Deadline:
    """Return when a session signed in at SIGNED_IN_AT, last used at LAST_ACTIVITY, ends."""
    idle_end = last_activity + idle
    absolute_end = signed_in_at + absolute_timeout()
    if idle_end < absolute_end:
        return Deadline(idle_end, Reason.IDLE, idle)
    return Deadline(absolute_end, Reason.ABSOLUTE, idle)


def deadline_of_stored(
    signed_in_at: datetime, last_activity: datetime, expire_date: datetime
) -> Deadline:
    """Return the deadline a stored session row had (its expiry says which limit applied)."""
    absolute_end = signed_in_at + absolute_timeout()
    if expire_date >= absolute_end:
        return Deadline(absolute_end, Reason.ABSOLUTE, expire_date - last_activity)
    return Deadline(expire_date, Reason.IDLE, expire_date - last_activity)
