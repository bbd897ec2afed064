"""Crisis resources for the "Need help now" page.

The national lines are constants so the page can always show them, without a database or a
signed-in person. A program may add its own on-call line in `Program.settings["on_call"]`,
either a phone number ("555-0100") or {"label": …, "phone": …, "hours": …}; anything else is
ignored rather than shown wrongly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alongside.clients.models import Client, Episode

LIFELINE = "988"  # the 988 Suicide & Crisis Lifeline: call or text, 24/7
EMERGENCY = "911"


@dataclass(frozen=True)
class OnCall:
    label: str
    phone: str
    hours: str = ""

    @property
    def tel(self) -> str:
        """The number for a tel: link: digits and a leading plus only."""
        digits = re.sub(r"[^\d+]", "", self.phone)
        return digits[:1] + digits[1:].replace("+", "")


def _parse(value: object) -> OnCall | None:
    if isinstance(value, str) and re.search(r"\d", value):
        return OnCall(label="", phone=value.strip()[:40])
    if isinstance(value, dict):
        phone = value.get("phone")
        if isinstance(phone, str) and re.search(r"\d", phone):
            label = value.get("label") or value.get("name") or ""
            hours = value.get("hours") or ""
            return OnCall(label=str(label)[:100], phone=phone.strip()[:40], hours=str(hours)[:100])
    return None


def on_call_for(client: Client) -> list[OnCall]:
    """Return the on-call lines of CLIENT's programs: those of their open episodes, else of
    their latest one (people in aftercare still have a program). Empty if none is set."""
    episodes = list(Episode.objects.filter(client=client).select_related("program"))
    current = [e for e in episodes if e.is_open] or episodes[:1]
    lines: list[OnCall] = []
    for episode in current:
        settings = episode.program.settings
        line = _parse(settings.get("on_call")) if isinstance(settings, dict) else None
        if line is not None and line not in lines:
            lines.append(line)
    return lines
