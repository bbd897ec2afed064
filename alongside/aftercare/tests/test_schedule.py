"""Discharge creates the follow-up schedule, in the discharge's transaction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from alongside.aftercare import services as aftercare_services
from alongside.aftercare.models import FollowUp
from alongside.aftercare.schedule import (
    DEFAULT_DAYS,
    alumni_keep_portal,
    followup_days,
    window_for,
)
from alongside.clients.models import Assignment, Episode
from alongside.clients.services import discharge
from alongside.lib.zones import local_date
from alongside.organizations.models import Membership, Role
from alongside.testing.personas import make_member


def _episode(client) -> Episode:
    return client.episodes.get()


def test_discharge_creates_the_default_schedule_in_the_clients_zone(cast):
    episode = discharge(cast.sam, _episode(cast.casey), reason="completed")

    followups = list(FollowUp.objects.filter(episode=episode).order_by("days"))
    day = local_date(cast.casey.time_zone, episode.discharged_at)
    assert [f.days for f in followups] == [7, 30, 90, 180, 365]
    assert [f.due_on for f in followups] == [day + timedelta(days=n) for n in DEFAULT_DAYS]
    assert all(f.assigned_to == cast.ana and f.status == "scheduled" for f in followups)
    assert all(f.organization_id == cast.org.pk for f in followups)


def test_days_are_configurable_per_program(cast):
    cast.residential.settings = {"aftercare": {"followup_days": [60, 14]}}
    cast.residential.save()

    episode = discharge(cast.sam, _episode(cast.casey), reason="left")

    assert sorted(episode.followups.values_list("days", flat=True)) == [14, 60]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, DEFAULT_DAYS),
        ({}, DEFAULT_DAYS),
        ({"aftercare": {"followup_days": []}}, DEFAULT_DAYS),
        ({"aftercare": {"followup_days": [7, "30"]}}, DEFAULT_DAYS),
        ({"aftercare": {"followup_days": [0, 30]}}, DEFAULT_DAYS),
        ({"aftercare": {"followup_days": [True]}}, DEFAULT_DAYS),
        ({"aftercare": {"followup_days": [731]}}, DEFAULT_DAYS),
        ({"aftercare": {"followup_days": [30, 7, 30]}}, (7, 30)),
    ],
)
def test_invalid_day_settings_fall_back_to_the_defaults(given, expected):
    assert followup_days(given) == expected


def test_alumni_portal_setting():
    assert alumni_keep_portal({}) is True
    assert alumni_keep_portal({"aftercare": {"alumni_portal": False}}) is False
    assert alumni_keep_portal({"aftercare": {"alumni_portal": "no"}}) is True


@pytest.mark.parametrize(
    ("days", "opens", "closes"), [(7, 4, 10), (30, 27, 33), (90, 81, 99), (365, 329, 401)]
)
def test_the_window_rule(days, opens, closes):
    start = date(2026, 1, 1)
    window = window_for(start, days)
    assert window.due_on == start + timedelta(days=days)
    assert (window.opens_on, window.closes_on) == (
        start + timedelta(days=opens),
        start + timedelta(days=closes),
    )


def test_nobody_is_called_after_a_death(cast):
    episode = discharge(cast.sam, _episode(cast.casey), reason="died")
    assert not episode.followups.exists()


def test_a_failed_discharge_creates_no_followups(cast):
    with pytest.raises(ValidationError):
        discharge(cast.sam, _episode(cast.casey), reason="vanished")
    assert not FollowUp.objects.exists()
    assert _episode(cast.casey).is_open


def test_a_failure_while_scheduling_undoes_the_discharge(cast, monkeypatch):
    real = FollowUp.save
    made = []

    def save_then_fail(self, *args, **kwargs):
        if made:
            raise IntegrityError("simulated failure on the second follow-up")
        real(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(FollowUp, "save", save_then_fail)
    with pytest.raises(IntegrityError):
        discharge(cast.sam, _episode(cast.casey), reason="completed")

    assert not FollowUp.objects.exists()
    assert _episode(cast.casey).is_open


def test_discharging_twice_adds_no_second_schedule(cast):
    episode = discharge(cast.sam, _episode(cast.casey), reason="completed")
    with pytest.raises(ValidationError):
        discharge(cast.sam, episode, reason="completed")
    assert FollowUp.objects.filter(episode=episode).count() == 5


def test_calls_go_to_the_last_advocate_even_when_assignments_end(cast):
    episode = discharge(cast.sam, _episode(cast.casey), reason="completed", end_assignments=True)

    assert not Assignment.objects.current().filter(client=cast.casey).exists()
    assert set(episode.followups.values_list("assigned_to", flat=True)) == {cast.ana.pk}


def test_calls_go_to_the_supervisor_when_the_advocate_has_left(cast):
    Membership.objects.filter(user=cast.ana, role=Role.PRA).update(is_active=False)

    episode = discharge(cast.dana, _episode(cast.casey), reason="completed")

    assert set(episode.followups.values_list("assigned_to", flat=True)) == {cast.sam.pk}


def test_calls_go_to_on_call_without_any_advocate(cast):
    # The newcomer never had an advocate: the program's on-call fallback (a supervisor).
    episode = discharge(cast.dana, _episode(cast.newcomer), reason="left")

    assert set(episode.followups.values_list("assigned_to", flat=True)) == {cast.sam.pk}


def test_schedule_needs_a_discharged_episode(cast):
    with pytest.raises(ValueError, match="discharged"):
        aftercare_services.schedule_followups(cast.sam, _episode(cast.casey))


def test_discharge_in_the_past_keeps_its_own_dates(cast):
    other = make_member(cast.org, "eve@hope.test", "Eve Advocate", Role.PRA, supervisor=cast.sam)
    Assignment.objects.create(
        organization=cast.org, client=cast.riley, advocate=other, started_at=timezone.now()
    )
    when = timezone.now() - timedelta(days=8)
    episode = discharge(cast.sam, _episode(cast.riley), reason="completed", discharged_at=when)

    seven = episode.followups.get(days=7)
    assert seven.due_on == local_date(cast.riley.time_zone, when) + timedelta(days=7)
    assert seven.assigned_to == other  # the most recent assignment
