"""BARC-10: 47 or more is the level associated with sustained remission; strongest areas."""

from __future__ import annotations

import pytest

from alongside.assessments.catalog import BARC10, PHQ9
from alongside.assessments.instruments import REMISSION_LEVEL
from alongside.assessments.scoring import score
from alongside.assessments.tests.answers import answers_totalling


def answers(*values):
    """BARC-10 answers in item order: answers(6, 5, ...) is q1=6, q2=5, ..."""
    return {f"q{n}": value for n, value in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("total", "flagged"),
    [(10, False), (30, False), (46, False), (47, True), (48, True), (60, True)],
)
def test_47_or_more_is_flagged_as_the_level_associated_with_sustained_remission(total, flagged):
    result = score(BARC10, answers_totalling(BARC10, total))
    assert result.total == total
    assert (REMISSION_LEVEL in result.flags) is flagged
    assert result.band_key == ("strong" if flagged else "building")


STRONGEST = [
    # answers q1..q10, strongest item keys
    ((6, 5, 5, 4, 4, 3, 3, 2, 2, 1), ("q1",)),
    ((1, 2, 3, 4, 5, 6, 5, 4, 3, 2), ("q6",)),
    ((5, 5, 3, 3, 3, 3, 3, 3, 3, 5), ("q1", "q2", "q10")),  # ties are all named, in item order
    ((6,) * 10, tuple(f"q{n}" for n in range(1, 11))),
    ((4, 3, 3, 3, 3, 3, 3, 3, 3, 3), ("q1",)),  # "somewhat agree" is the least that counts
    ((3,) * 10, ()),  # nobody is told a "disagree" is a strength
    ((1,) * 10, ()),
]


@pytest.mark.parametrize(("values", "strongest"), STRONGEST)
def test_strongest_areas_are_the_items_answered_highest(values, strongest):
    assert score(BARC10, answers(*values)).strongest == strongest


def test_strongest_areas_are_named_in_plain_words():
    result = score(BARC10, answers(2, 2, 2, 2, 6, 2, 6, 2, 2, 2))
    assert [str(area) for area in result.strongest_areas] == [
        "support from friends",
        "a home that supports your recovery",
    ]
    assert str(result.explanation).endswith(
        "Your strongest areas right now: support from friends, a home that supports your recovery."
    )


def test_strongest_areas_come_after_what_the_total_means():
    result = score(BARC10, answers(5, 5, 5, 5, 5, 5, 5, 5, 5, 6))
    assert str(result.explanation) == (
        f"{result.band.explanation} Your strongest areas right now: progress on your recovery "
        "journey."
    )


def test_strongest_areas_are_given_from_what_was_answered_when_items_are_blank():
    result = score(BARC10, {"q2": 5, "q4": 3, "q9": 5})
    assert result.total is None
    assert result.strongest == ("q2", "q9")
    assert "being happy with your life, working with professionals" in str(result.explanation)


def test_no_strongest_areas_without_any_answer():
    assert score(BARC10, {}).strongest == ()


def test_no_strongest_areas_when_nothing_reaches_agreement():
    result = score(BARC10, answers(*(3,) * 10))
    assert result.strongest_areas == ()
    assert "strongest" not in str(result.explanation)


def test_other_instruments_report_no_strongest_areas():
    assert score(PHQ9, {f"q{n}": 3 for n in range(1, 10)}).strongest == ()
