"""`manage.py bench_outcomes`: what `make bench` calls to time retention over 100,000
episodes. Here at a small size: what it seeds and what it prints, never how long it took."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from alongside.clients.models import Episode
from alongside.outcomes.bench import SLUG


@pytest.mark.django_db
def test_without_commit_it_only_says_what_it_would_do():
    out = StringIO()
    call_command("bench_outcomes", "--episodes", "50", stdout=out)
    assert "Would seed 50 episodes" in out.getvalue()
    assert not Episode.objects.filter(organization__slug=SLUG).exists()


@pytest.mark.django_db
def test_json_reports_every_episode_measured_against_the_budget():
    out = StringIO()
    call_command(
        "bench_outcomes", "--commit", "--json", "--episodes", "120", "--repeat", "2", stdout=out
    )
    result = json.loads(out.getvalue())
    assert Episode.objects.filter(organization__slug=SLUG).count() == 120
    assert result["episodes"] == 120
    assert len(result["runs"]) == 2
    assert result["budget_seconds"] == 2.0
