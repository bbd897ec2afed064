"""The sections of the portal home, "My recovery", top to bottom.

Each section is a template and the context it needs, built from the client's own record.
Features add their section here (days in recovery and the next milestone, today's check-in,
wins, messages) — with real data only: a section with nothing true to say is left out rather
than filled with a placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from alongside.clients.models import Client


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def advocates(client: Client) -> Section:
    current = client.assignments.current().select_related("advocate").order_by("started_at")
    return Section("portal/home/_advocates.html", {"advocates": [a.advocate for a in current]})


def sections_for(client: Client) -> list[Section]:
    """Return the home page's sections for CLIENT, in reading order."""
    return [advocates(client)]
