"""The pathways shipped as data: well formed, in our own words, matching the client's
pathway choices."""

from __future__ import annotations

import pytest

from alongside.clients.models import Pathway
from alongside.pathways.catalog import OWN, PATHWAYS, problems

EXPECTED = {"12-step": 12, "smart": 4, "medication": 7, OWN: 0}


def test_the_catalog_lists_the_expected_pathways_with_their_stage_counts():
    assert {key: len(p.stages) for key, p in PATHWAYS.items()} == EXPECTED


@pytest.mark.parametrize("key", list(PATHWAYS))
def test_every_pathway_is_well_formed(key):
    assert problems(PATHWAYS[key]) == []


@pytest.mark.parametrize("key", list(PATHWAYS))
def test_every_pathway_key_is_a_pathway_a_client_can_follow(key):
    assert key in Pathway.values


def test_each_of_the_twelve_steps_has_a_theme_and_a_principle():
    steps = PATHWAYS["12-step"].stages
    assert [s.key for s in steps] == [f"step-{n}" for n in range(1, 13)]
    assert all(str(s.theme) and str(s.principle) for s in steps)
    assert [str(s.principle) for s in (steps[0], steps[11])] == ["Honesty", "Service"]


@pytest.mark.parametrize(
    "published_wording",
    ["we admitted we were powerless", "came to believe that a power greater", "made a searching"],
)
def test_no_step_uses_the_published_wording(published_wording):
    themes = " ".join(str(s.theme).lower() for s in PATHWAYS["12-step"].stages)
    assert published_wording not in themes


def test_the_smart_points_are_in_order():
    titles = [str(s.title) for s in PATHWAYS["smart"].stages]
    assert titles[0] == "Building and maintaining motivation"
    assert titles[3] == "Living a balanced life"


def test_a_definition_with_repeated_stage_keys_is_reported():
    from dataclasses import replace

    smart = PATHWAYS["smart"]
    broken = replace(smart, stages=(smart.stages[0], smart.stages[0]))
    assert problems(broken) == ["stage keys repeat"]
