"""Building the Today queue: who needs attention, why, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from alongside.clients.access import Capability, visible_with
from alongside.clients.models import Client
from alongside.lib.zones import local_date
from alongside.today import detectors  # noqa: F401 - registers the built-in reasons
from alongside.today.reasons import REGISTRY, Context, Reason


@dataclass
class Flag:
    reason: Reason
    detail: str


@dataclass
class Row:
    client: Client
    flags: list[Flag] = field(default_factory=list)

    @property
    def priority(self) -> int:
        return min(flag.reason.priority for flag in self.flags)

    @property
    def codes(self) -> list[str]:
        return [flag.reason.code for flag in self.flags]


def today_queue(user: Any, now: datetime) -> list[Row]:
    """Return USER's clients who need attention at NOW, each with every reason that applies.

    One query for the caseload (with the capabilities the reasons need, `visible_with`) and
    one per registered reason, whatever the caseload size.
    Sorted by the most urgent reason, then by how many reasons, then by name.
    """
    needs = [Capability(entry.need) for entry in REGISTRY if entry.need is not None]
    clients = list(visible_with(user, needs).order_by("preferred_name", "pk"))
    context = Context(
        now=now, today={c.pk: local_date(c.time_zone, now) for c in clients}, viewer=user
    )
    rows = {c.pk: Row(c) for c in clients}
    allowed: dict[str, set[int]] = {
        need: {c.pk for c in clients if getattr(c, f"can_{need}")} for need in needs
    }
    for entry in REGISTRY:
        for client_id, detail in entry.detect(clients, context).items():
            if client_id in rows and (entry.need is None or client_id in allowed[entry.need]):
                rows[client_id].flags.append(Flag(entry, detail))
    flagged = [row for row in rows.values() if row.flags]
    flagged.sort(key=lambda r: (r.priority, -len(r.flags), r.client.preferred_name))
    return flagged
