"""The demo's aftercare: every discharged episode has its follow-ups, with a real-looking mix
of reached, unanswered and lost calls, and rates the follow-up page can show."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest

from alongside.aftercare.models import FollowUp, FollowUpAttempt, FollowUpOutcome, Status
from alongside.aftercare.queries import followup_rates, org_today
from alongside.demo.builder import build_demo_center
from alongside.organizations.models import Organization

STIGMATIZING = re.compile(r"\b(addicts?|clean|dirty|abusers?|relapsed?)\b", re.IGNORECASE)


@pytest.fixture
def demo(db):
    build_demo_center(seed=3, clients=60)
    return Organization.objects.get(slug="demo")


def test_discharged_episodes_have_followups_with_mixed_outcomes(demo):
    from alongside.clients.models import Episode

    discharged = Episode.objects.filter(organization=demo, discharged_at__isnull=False)
    assert discharged.exists()
    for episode in discharged:
        days = set(episode.followups.values_list("days", flat=True))
        assert days == (set() if episode.discharge_reason == "died" else {7, 30, 90, 180, 365})

    today = org_today(demo)
    followups = list(FollowUp.objects.filter(organization=demo))
    states = Counter(f.state(today) for f in followups)
    assert states["reached"] > 0 and states["closed"] > 0
    results = Counter(
        FollowUpAttempt.objects.filter(organization=demo).values_list("result", flat=True)
    )
    assert results["reached"] > 0 and results["no_answer"] > 0
    # Every reached follow-up has its outcome, and only those.
    reached = {f.pk for f in followups if f.status == Status.REACHED}
    assert set(FollowUpOutcome.objects.values_list("follow_up_id", flat=True)) == reached
    for words in FollowUpOutcome.objects.values_list("in_their_words", flat=True):
        assert not STIGMATIZING.search(words)


def test_demo_rates_are_plausible(demo):
    today = org_today(demo)
    rates = followup_rates(demo, program_ids=None, start=today - timedelta(days=720), end=today)
    seven = next(r for r in rates if r.days == 7)
    assert seven.completed > 0
    assert 0.4 <= seven.rate <= 1.0
