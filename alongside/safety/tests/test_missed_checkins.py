"""The sweep's low flag for a silence: no check-in for the program's N days, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alongside.notifications.sweeps import last_beat, run_sweeps_once
from alongside.safety.models import Alert, RiskFlag
from alongside.safety.sweeps import missed_checkin_flags_sweep
from alongside.testing.personas import make_checkin

NOW = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)


def test_three_days_without_a_check_in_raise_a_low_flag(cast):
    make_checkin(cast.casey, occurred_at=NOW - timedelta(days=3))
    assert missed_checkin_flags_sweep(NOW) == 1
    flag = RiskFlag.objects.get(client=cast.casey)
    assert (flag.severity, flag.rule, flag.reason) == (
        "low",
        "no_checkin",
        "No check-in for 3 days",
    )
    assert not Alert.objects.exists()


def test_a_recent_check_in_raises_nothing(cast):
    make_checkin(cast.casey, occurred_at=NOW - timedelta(days=1))
    assert missed_checkin_flags_sweep(NOW) == 0


def test_one_flag_per_silence(cast):
    make_checkin(cast.casey, occurred_at=NOW - timedelta(days=3))
    missed_checkin_flags_sweep(NOW)
    assert missed_checkin_flags_sweep(NOW + timedelta(hours=2)) == 0
    assert RiskFlag.objects.count() == 1


def test_a_new_silence_after_checking_in_again_raises_a_new_flag(cast):
    make_checkin(cast.casey, occurred_at=NOW - timedelta(days=3))
    missed_checkin_flags_sweep(NOW)
    make_checkin(cast.casey, occurred_at=NOW + timedelta(days=1))
    assert missed_checkin_flags_sweep(NOW + timedelta(days=4, hours=1)) == 1


def test_the_program_sets_how_many_days(cast):
    cast.residential.settings = {"no_checkin_days": 5}
    cast.residential.save()
    make_checkin(cast.casey, occurred_at=NOW - timedelta(days=4))
    assert missed_checkin_flags_sweep(NOW) == 0


def test_discharged_people_are_not_flagged(cast):
    from alongside.testing.personas import make_client

    gone = make_client(cast.residential, "Gone", advocate=cast.ana, discharged=True)
    make_checkin(gone, occurred_at=NOW - timedelta(days=10))
    missed_checkin_flags_sweep(NOW)
    assert not RiskFlag.objects.filter(client=gone).exists()


def test_every_sweeper_pass_leaves_a_heartbeat(cast):
    run_sweeps_once(NOW)
    assert last_beat() == NOW
