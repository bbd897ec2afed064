"""One pass of every scheduled sweep, in order. New sweeps (alert escalation, follow-ups due)
are added here."""
# The sweeper lives with notifications because delivery is its heart; the other sweeps are
# each domain app's own function, called from here.

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from alongside.groups.services import materialize_all
from alongside.notifications.delivery import deliver_due
from alongside.notifications.models import Heartbeat
from alongside.notifications.reminders import queue_due_checkin_reminders
from alongside.recovery.sweeps import award_milestones_sweep
from alongside.safety.sweeps import escalate_alerts_sweep, missed_checkin_flags_sweep

SWEEPER = "sweeper"


def run_sweeps_once(now: datetime | None = None) -> dict[str, int]:
    """Run each sweep once at NOW; return {sweep name: items handled}."""
    now = now or timezone.now()
    report = {
        # Alerts first: a person in danger is the most urgent thing the sweeper does.
        "alert steps taken": escalate_alerts_sweep(now),
        "notices sent": deliver_due(now),
        "milestones awarded": award_milestones_sweep(now),
        "reminders queued": queue_due_checkin_reminders(now),
        "missed check-in flags": missed_checkin_flags_sweep(now),
        "group sessions scheduled": materialize_all(now),
    }
    # Reminders queued in this pass go out in this pass too.
    report["notices sent"] += deliver_due(now)
    beat(SWEEPER, now)
    return report


def beat(name: str, now: datetime) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": now})


def last_beat(name: str = SWEEPER) -> datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
