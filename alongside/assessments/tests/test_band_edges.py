"""Totals, bands and flags at every band edge of every instrument, from the published rules."""

from __future__ import annotations

import pytest

from alongside.assessments.catalog import AUDIT_C, BARC10, GAD7, PHQ2, PHQ9, get_instrument
from alongside.assessments.instruments import POSITIVE_SCREEN, REMISSION_LEVEL, SAFETY
from alongside.assessments.scoring import score
from alongside.assessments.tests.answers import answers_totalling

EDGES = [
    # instrument, total, band, flags (sex unknown; AUDIT-C by sex is in test_audit_c_by_sex.py)
    ("phq9", 0, "minimal", ()),
    ("phq9", 4, "minimal", ()),
    ("phq9", 5, "mild", ()),
    ("phq9", 9, "mild", ()),
    ("phq9", 10, "moderate", ()),
    ("phq9", 14, "moderate", ()),
    ("phq9", 15, "moderately_severe", ()),
    ("phq9", 19, "moderately_severe", ()),
    ("phq9", 20, "severe", ()),
    ("phq9", 24, "severe", ()),  # the highest total with item 9 at 0
    ("phq2", 0, "negative", ()),
    ("phq2", 2, "negative", ()),
    ("phq2", 3, "positive", (POSITIVE_SCREEN,)),
    ("phq2", 6, "positive", (POSITIVE_SCREEN,)),
    ("gad7", 0, "minimal", ()),
    ("gad7", 4, "minimal", ()),
    ("gad7", 5, "mild", ()),
    ("gad7", 9, "mild", ()),
    ("gad7", 10, "moderate", ()),
    ("gad7", 14, "moderate", ()),
    ("gad7", 15, "severe", ()),
    ("gad7", 21, "severe", ()),
    ("auditc", 0, "negative", ()),
    ("auditc", 2, "negative", ()),
    ("auditc", 3, "positive", (POSITIVE_SCREEN,)),
    ("auditc", 12, "positive", (POSITIVE_SCREEN,)),
    ("barc10", 10, "building", ()),
    ("barc10", 46, "building", ()),
    ("barc10", 47, "strong", (REMISSION_LEVEL,)),
    ("barc10", 60, "strong", (REMISSION_LEVEL,)),
]


@pytest.mark.parametrize(("key", "total", "band", "flags"), EDGES)
def test_total_falls_in_its_band_at_every_edge(key, total, band, flags):
    instrument = get_instrument(key)
    # PHQ-9 item 9 stays at 0 so the band's own flags are what is checked here.
    answers = answers_totalling(instrument, total, lowest=["q9"] if key == "phq9" else [])
    result = score(instrument, answers)
    assert result.total == total
    assert result.band_key == band
    assert result.flags == flags
    assert result.complete
    assert result.missing == ()


@pytest.mark.parametrize(
    ("key", "band", "label"),
    [
        ("phq9", "moderately_severe", "Moderately severe"),
        ("gad7", "severe", "Severe"),
        ("phq2", "positive", "Positive screen"),
        ("auditc", "negative", "Below the screening cut-off"),
        ("barc10", "strong", "Strong recovery capital"),
    ],
)
def test_band_label_is_plain_words(key, band, label):
    instrument = get_instrument(key)
    found = next(b for b in instrument.bands if b.key == band)
    lowest = ["q9"] if key == "phq9" else []
    result = score(instrument, answers_totalling(instrument, found.low, lowest=lowest))
    assert str(result.band_label) == label


# Worked examples with every answer written out, independent of the helper above.
WORKED = [
    (
        PHQ9,
        {"q1": 1, "q2": 2, "q3": 3, "q4": 1, "q5": 0, "q6": 2, "q7": 1, "q8": 0, "q9": 0},
        10,
        "moderate",
    ),
    (
        PHQ9,
        {
            "q1": 3,
            "q2": 3,
            "q3": 3,
            "q4": 3,
            "q5": 3,
            "q6": 3,
            "q7": 3,
            "q8": 3,
            "q9": 0,
            "difficulty": 3,  # never part of the total
        },
        24,
        "severe",
    ),
    (PHQ2, {"q1": 2, "q2": 1}, 3, "positive"),
    (PHQ2, {"q1": 1, "q2": 1}, 2, "negative"),
    (GAD7, {"q1": 2, "q2": 2, "q3": 2, "q4": 2, "q5": 1, "q6": 0, "q7": 0}, 9, "mild"),
    (GAD7, {"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 3, "q6": 0, "q7": 0}, 15, "severe"),
    (AUDIT_C, {"q1": 1, "q2": 0, "q3": 1}, 2, "negative"),
    (AUDIT_C, {"q1": 4, "q2": 4, "q3": 4}, 12, "positive"),
    (BARC10, {f"q{n}": 5 for n in range(1, 11)} | {"q1": 2}, 47, "strong"),
    (BARC10, {f"q{n}": 1 for n in range(1, 11)}, 10, "building"),
]


@pytest.mark.parametrize(("instrument", "answers", "total", "band"), WORKED)
def test_worked_example_scores_as_published(instrument, answers, total, band):
    result = score(instrument, answers)
    assert (result.total, result.band_key) == (total, band)


def test_result_keeps_every_answer_in_item_order_with_blanks_as_none():
    result = score(PHQ2, {"q2": 1, "q1": 0})
    assert list(result.answers.items()) == [("q1", 0), ("q2", 1)]
    result = score(PHQ9, {"q9": 2})
    assert list(result.answers) == [f"q{n}" for n in range(1, 10)] + ["difficulty"]
    assert result.answers["q9"] == 2
    assert result.answers["q1"] is None


def test_safety_flag_is_part_of_the_top_phq9_totals():
    result = score(PHQ9, answers_totalling(PHQ9, 27))
    assert (result.total, result.band_key, result.flags) == (27, "severe", (SAFETY,))


@pytest.mark.parametrize(("instrument", "answers", "total", "band"), WORKED)
def test_explanation_for_a_complete_result_is_the_band_explanation(
    instrument, answers, total, band
):
    result = score(instrument, answers)
    assert result.band is not None
    assert str(result.band.explanation) in str(result.explanation)
    assert "blank" not in str(result.explanation)
