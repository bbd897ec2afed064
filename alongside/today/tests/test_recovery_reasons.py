"""Today reasons from the recovery timeline: a milestone coming up, a win to celebrate."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.recovery.milestones import client_today
from alongside.recovery.services import (
    congratulate,
    record_recurrence,
    record_win,
    set_recovery_start,
)
from alongside.today.queries import today_queue


def flags_for(user, client) -> dict[str, str]:
    rows = {row.client.pk: row for row in today_queue(user, timezone.now())}
    row = rows.get(client.pk)
    return {flag.reason.code: flag.detail for flag in row.flags} if row else {}


def today_of(client):
    return client_today(client, timezone.now())


def test_a_milestone_within_a_week_is_on_today(cast):
    set_recovery_start(cast.ana, cast.casey, today_of(cast.casey) - timedelta(days=27))
    detail = flags_for(cast.ana, cast.casey)["milestone_soon"]
    assert detail.startswith("30 days on") and detail.endswith("(in 3 days)")


def test_a_milestone_further_away_is_not(cast):
    set_recovery_start(cast.ana, cast.casey, today_of(cast.casey) - timedelta(days=12))
    assert "milestone_soon" not in flags_for(cast.ana, cast.casey)


def test_after_a_recurrence_there_is_no_milestone_to_count_down_to(cast):
    set_recovery_start(cast.ana, cast.casey, today_of(cast.casey) - timedelta(days=27))
    record_recurrence(cast.ana, cast.casey, today_of(cast.casey) - timedelta(days=1))
    assert "milestone_soon" not in flags_for(cast.ana, cast.casey)


def test_a_new_win_nudges_the_advocate_to_congratulate(cast):
    record_win(cast.ana, cast.casey, "Got my ID back", today_of(cast.casey))
    assert flags_for(cast.ana, cast.casey)["win_to_congratulate"].startswith("“Got my ID back”")


def test_a_congratulated_win_is_no_longer_a_reason(cast):
    win = record_win(cast.ana, cast.casey, "First paycheck", today_of(cast.casey))
    congratulate(cast.ana, win, "So proud of you!")
    assert "win_to_congratulate" not in flags_for(cast.ana, cast.casey)


def test_an_old_win_is_not_a_reason(cast):
    record_win(
        cast.ana, cast.casey, "Finished the course", today_of(cast.casey) - timedelta(days=20)
    )
    assert "win_to_congratulate" not in flags_for(cast.ana, cast.casey)
