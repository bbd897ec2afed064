"""Reads behind the workspace pages. Query counts are constant in caseload and history size."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from alongside.clients.access import visible_to
from alongside.clients.models import Assignment, Client, Episode
from alongside.clients.queries import with_current_care
from alongside.support.queries import with_last_contact

# Sort key → (label, ordering). "Longest without contact" puts never-contacted people first.
CASELOAD_SORTS: dict[str, tuple[str, list[Any]]] = {
    "name": ("Name", ["preferred_name", "pk"]),
    "contact": (
        "Longest without contact",
        [F("last_contact_at").asc(nulls_first=True), "preferred_name", "pk"],
    ),
    "recent": ("Most recent contact", [F("last_contact_at").desc(nulls_last=True), "pk"]),
}


def caseload_for(user: Any, sort: str) -> QuerySet[Client]:
    """Return the clients USER works with, with care and last contact, in SORT order."""
    ordering = CASELOAD_SORTS[sort][1]
    return with_current_care(with_last_contact(visible_to(user))).order_by(*ordering)


def profile_care(client: Client) -> tuple[list[Episode], list[Assignment]]:
    """Return CLIENT's episodes (newest first, with program) and assignment history."""
    episodes = list(client.episodes.select_related("program").order_by("-admitted_at"))
    assignments = list(
        client.assignments.select_related("advocate", "assigned_by").order_by(
            F("ended_at").desc(nulls_first=True), "-started_at"
        )
    )
    return episodes, assignments
