"""Today's "Assessment due" reason (registered by importing this module; see apps.py)."""

from __future__ import annotations

from collections.abc import Sequence

from alongside.assessments.catalog import get_instrument
from alongside.assessments.queries import due_for
from alongside.assessments.schedule import DISCHARGE, INTAKE, Due
from alongside.clients.models import Client
from alongside.today.reasons import Context, reason


def occasion_text(due: Due) -> str:
    """Why DUE is due, for staff: "intake", "every 30 days", "discharge"."""
    if due.occasion == INTAKE:
        return "intake"
    if due.occasion == DISCHARGE:
        return "discharge"
    return f"every {due.every_days} days"


def due_text(items: Sequence[Due]) -> str:
    """The Today detail for ITEMS: "BARC-10 (intake), PHQ-9 (every 30 days)"."""
    return ", ".join(
        f"{get_instrument(due.instrument).short_title} ({occasion_text(due)})" for due in items
    )


@reason("assessment_due", "Assessment due", priority=55)
def assessment_due(clients: Sequence[Client], context: Context) -> dict[int, str]:
    """An instrument is due under the program's schedule (intake, every N days, discharge).

    Two queries for the whole caseload: the episodes the schedules follow, and each client's
    latest response per instrument.
    """
    due = due_for(clients, context.now, context.today)
    return {client_id: due_text(items) for client_id, items in due.items()}
