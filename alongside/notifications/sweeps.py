"""One pass of every scheduled sweep, in order. New sweeps (alert escalation, follow-ups due)
are added here."""
# The sweeper lives with notifications because delivery is its heart; the other sweeps are
# each domain app's own function, called from here.

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from alongside.notifications.delivery import deliver_due
from alongside.notifications.reminders import queue_due_checkin_reminders
from alongside.recovery.sweeps import award_milestones_sweep


def run_sweeps_once(now: datetime | None = None) -> dict[str, int]:
    """Run each sweep once at NOW; return {sweep name: items handled}."""
    now = now or timezone.now()
    return {
        "milestones awarded": award_milestones_sweep(now),
        "reminders queued": queue_due_checkin_reminders(now),
        "notices sent": deliver_due(now),
    }
