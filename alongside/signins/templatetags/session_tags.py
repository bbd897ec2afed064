"""`{% session_warning %}`: the idle warning's dialog and script, for base templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from alongside.signins.store import SessionStore
from alongside.signins.timeouts import WARN_BEFORE, absolute_timeout

register = template.Library()


@register.inclusion_tag("signins/session_warning_dialog.html", takes_context=True)
def session_warning(context: Any) -> dict[str, Any]:
    """Render the warning for a signed-in page; nothing for anyone else.

    The seconds left are counted on the server when the page is made; the script only
    counts down from them, so a phone's wrong clock does not matter.
    """
    request = context.get("request")
    session = getattr(request, "session", None)
    if (
        request is None
        or not request.user.is_authenticated
        or not isinstance(session, SessionStore)
    ):
        return {"show": False}
    limit = session.deadline()
    if limit is None:
        return {"show": False}
    return {
        "show": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "seconds": limit.seconds_left(timezone.now()),
        "warn_before": int(WARN_BEFORE.total_seconds()),
        "extendable": limit.extendable,
        "absolute_hours": round(absolute_timeout().total_seconds() / 3600),
    }
