"""The sweeper awards milestones as people reach them, once, in their own time zone."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from alongside.recovery.milestones import client_today
from alongside.recovery.models import Win
from alongside.recovery.services import set_recovery_start
from alongside.recovery.sweeps import award_milestones_sweep

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def test_a_milestone_reached_at_local_midnight_becomes_a_win_once(cast):
    cast.casey.time_zone = "America/Chicago"
    cast.casey.save()
    today = client_today(cast.casey, timezone.now())
    set_recovery_start(cast.ana, cast.casey, today - timedelta(days=29))  # 30 days tomorrow
    before = Win.objects.filter(client=cast.casey).count()
    midnight = datetime.combine(today + timedelta(days=1), time(0), tzinfo=CHICAGO)
    assert award_milestones_sweep(midnight - timedelta(minutes=1)) == 0
    assert award_milestones_sweep(midnight) == 1
    assert award_milestones_sweep(midnight + timedelta(hours=1)) == 0
    titles = set(Win.objects.filter(client=cast.casey).values_list("title", flat=True))
    assert "30 days in recovery" in titles
    assert Win.objects.filter(client=cast.casey).count() == before + 1


def test_a_pass_with_nobody_reaching_a_milestone_awards_nothing(cast):
    today = client_today(cast.casey, timezone.now())
    set_recovery_start(cast.ana, cast.casey, today - timedelta(days=10))
    assert award_milestones_sweep(datetime.now(UTC)) == 0
