"""Why a person needs attention today: a registry of reasons, each with a priority.

A reason is a detector that looks at a whole caseload at once (one set-based query, so the
page's query count does not grow with the caseload) and returns, for the clients it flags,
a short explanation. The Today page and `GET /api/v1/today` only iterate the registry:
adding a reason (an alert, an assessment due) is one `@reason(...)` function here or in a
module imported below — the page is not touched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from alongside.clients.models import Client


@dataclass(frozen=True)
class Context:
    """What detectors may use: the moment, each client's local date, and a memo so that
    detectors sharing a read (the latest check-ins) run its query once per page."""

    now: datetime
    today: dict[int, date]  # client id -> the client's local date
    memo: dict[str, Any] = field(default_factory=dict)
    # Who is looking: for the few reasons that belong to one relationship rather than to a
    # capability ("a shared worksheet waits for *your* comment" is the current advocate's).
    viewer: Any = None

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """Return compute()'s result, computed once per queue build under KEY."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


Detector = Callable[[Sequence[Client], Context], dict[int, str]]


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    priority: int  # lower is more urgent
    detect: Detector
    # A capability the viewer must hold for the client (clients.access) to see this reason:
    # "unread messages" shows only to people who may read the conversation.
    need: str | None = None


REGISTRY: list[Reason] = []


def reason(
    code: str, label: str, priority: int, *, need: str | None = None
) -> Callable[[Detector], Detector]:
    """Register the decorated detector under CODE (a stable API value); with NEED, its rows
    show only for clients the viewer holds that capability on."""

    def register(detect: Detector) -> Detector:
        if any(r.code == code for r in REGISTRY):
            raise ValueError(f"attention reason {code!r} registered twice")
        REGISTRY.append(Reason(code, label, priority, detect, need))
        REGISTRY.sort(key=lambda r: r.priority)
        return detect

    return register
