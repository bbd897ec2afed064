"""Creating crisis events directly for tests (no service, no audit row)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from alongside.clients.models import Client
from alongside.organizations.models import Membership, Role
from alongside.safety.models import CrisisEvent


def make_crisis_event(client: Client, *, recorded_by: Any = None, **fields: Any) -> CrisisEvent:
    """Create a crisis event about CLIENT, recorded by RECORDED_BY (default: their current
    advocate, else a supervisor of their organization), an hour ago, high risk."""
    if recorded_by is None:
        assignment = client.assignments.current().select_related("advocate").first()
        if assignment is not None:
            recorded_by = assignment.advocate
        else:
            supervisor = Membership.objects.filter(
                organization_id=client.organization_id, role=Role.SUPERVISOR
            ).first()
            recorded_by = supervisor.user if supervisor else None
    now = timezone.now()
    values: dict[str, Any] = {
        "occurred_at": now - timedelta(hours=1),
        "created_at": now,
        "what_happened": "Said they did not feel safe tonight.",
        "risk_level": "high",
        "actions": ["listened_stayed", "called_988"],
        "outcome": "Safe at home with their sister.",
    }
    values.update(fields)
    return CrisisEvent.objects.create(
        organization_id=client.organization_id, client=client, recorded_by=recorded_by, **values
    )
