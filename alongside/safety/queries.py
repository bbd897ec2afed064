"""Reads for the client profile's safety section."""

from __future__ import annotations

from dataclasses import dataclass

from alongside.clients.models import Client
from alongside.safety.models import Alert, AlertState, RiskFlag

PROFILE_FLAGS = 5


@dataclass
class SafetySummary:
    active_alerts: list[Alert]
    recent_flags: list[RiskFlag]


def safety_summary(client: Client) -> SafetySummary:
    """CLIENT's alerts not yet resolved and latest flags (two queries)."""
    active = list(
        Alert.objects.filter(
            client=client, state__in=[AlertState.OPEN, AlertState.ACKNOWLEDGED]
        ).select_related("flag", "owner")
    )
    flags = list(RiskFlag.objects.filter(client=client).select_related("raised_by")[:PROFILE_FLAGS])
    return SafetySummary(active, flags)
