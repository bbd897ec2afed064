"""Small creation helpers for safety tests."""

from __future__ import annotations

from datetime import datetime

from alongside.clients.models import Client
from alongside.safety.models import Alert, Severity
from alongside.safety.rules import Finding
from alongside.safety.services import raise_flag


def make_alert(
    client: Client,
    *,
    severity: str = Severity.HIGH,
    reason: str = "Answered yes to the safety question",
    now: datetime | None = None,
) -> Alert | None:
    """Raise a flag like the check-in rule does; return its alert (None if no new one)."""
    flag = raise_flag(client, Finding("safety_question", severity, reason), now=now)
    return getattr(flag, "alert", None)
