"""Reading safety plans. Callers audit what they show (see views.py and the API)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from alongside.clients.models import Client
from alongside.safetyplans.access import audit_plan_view, may_read_plan
from alongside.safetyplans.models import SafetyPlanVersion


def plan_history(client: Client) -> QuerySet[SafetyPlanVersion]:
    """Return every version of CLIENT's plan, newest first, with who saved each."""
    return (
        SafetyPlanVersion.objects.filter(client=client)
        .select_related("created_by")
        .order_by("-number")
    )


def current_plan(client: Client) -> SafetyPlanVersion | None:
    """Return CLIENT's current plan (the latest version); None if they have none yet."""
    return plan_history(client).first()


def profile_context(user: Any, client: Client) -> dict[str, Any]:
    """Return the context of `safetyplans/_profile_section.html` for the client profile.

    CLIENT must come from `get_client_for()` (it carries the capabilities). The include shows
    only whether a plan exists, its version and who saved it — never the sections — so the
    profile's own audit row covers it; the plan page audits reading the plan itself.
    """
    readable = may_read_plan(user, client)
    return {
        "safety_plan": current_plan(client) if readable else None,
        "can_read_safety_plan": readable,
    }


def plan_for_crisis_view(user: Any, client: Client) -> SafetyPlanVersion | None:
    """Return CLIENT's current plan for the crisis view and write the VIEW row for it.

    USER is the client themself (their own portal account): the crisis view shows a client
    their own plan. None if they have none yet; the include then says how to make one.
    """
    plan = current_plan(client)
    audit_plan_view(user, client, plan)
    return plan
