"""What people are told after a check-in. Person-first and non-judgemental (DESIGN.md §4.9):
saying one used is met with thanks and an offer of support, never with alarm or blame."""

from __future__ import annotations

from alongside.checkins.models import CheckIn

AFTER_USE_CLIENT = "Thank you for being honest. Would you like your advocate to reach out?"
AFTER_USE_CLIENT_ASKED = (
    "Thank you for being honest. Your advocate will see that you asked them to reach out."
)
AFTER_USE_STAFF = (
    "They said they used since their last check-in. Thank them for being honest, and ask "
    "what support would help today."
)


def follow_up_after_use(checkin: CheckIn, *, for_client: bool) -> str | None:
    """Return the prompt to show after CHECKIN if it reports use since the last one; None
    otherwise. FOR_CLIENT picks the words for the person themself rather than staff."""
    if not checkin.used_since_last:
        return None
    if not for_client:
        return AFTER_USE_STAFF
    return AFTER_USE_CLIENT_ASKED if checkin.wants_contact else AFTER_USE_CLIENT
