"""A blank required item means no total: never scored as 0, never as the midpoint."""

from __future__ import annotations

import pytest

from alongside.assessments.catalog import AUDIT_C, BARC10, GAD7, INSTRUMENTS, PHQ2, PHQ9
from alongside.assessments.scoring import SKIPPED, score


def highest(instrument):
    return {item.key: item.highest for item in instrument.scored_items}


def lowest(instrument):
    return {item.key: item.lowest for item in instrument.scored_items}


def each_scored_item():
    return [(i, item.key) for i in INSTRUMENTS for item in i.scored_items]


@pytest.mark.parametrize(("instrument", "key"), each_scored_item(), ids=str)
def test_an_absent_item_means_no_total_and_names_the_item(instrument, key):
    answers = highest(instrument)
    del answers[key]
    result = score(instrument, answers)
    assert result.total is None
    assert result.band is None
    assert result.band_key is None
    assert result.band_label is None
    assert result.missing == (key,)
    assert not result.complete


@pytest.mark.parametrize(("instrument", "key"), each_scored_item(), ids=str)
def test_an_item_answered_none_counts_as_blank_too(instrument, key):
    result = score(instrument, highest(instrument) | {key: None})
    assert (result.total, result.missing) == (None, (key,))


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=str)
def test_no_answers_at_all_lists_every_scored_item_as_missing(instrument):
    result = score(instrument, {})
    assert result.total is None
    assert result.missing == tuple(item.key for item in instrument.scored_items)
    assert all(value is None for value in result.answers.values())


BLANK_IS_NOT_ZERO = [
    # instrument, answers with one blank: scoring it as 0 (or the midpoint) would give a total
    (PHQ9, {f"q{n}": 0 for n in range(1, 9)}),  # a blank item 9 is not "not at all"
    (PHQ2, {"q1": 3}),
    (GAD7, {f"q{n}": 1 for n in range(1, 7)}),
    (AUDIT_C, {"q1": 0, "q2": 0}),
    # BARC-10's lowest answer is 1, so "scored as 0" would even give a total below 10.
    (BARC10, {f"q{n}": 6 for n in range(1, 10)}),
]


@pytest.mark.parametrize(("instrument", "answers"), BLANK_IS_NOT_ZERO, ids=lambda v: str(v)[:30])
def test_a_blank_is_never_scored_as_zero_or_the_midpoint(instrument, answers):
    result = score(instrument, answers)
    assert result.total is None
    assert len(result.missing) == 1
    assert result.flags == ()


def test_several_blanks_are_listed_in_item_order():
    result = score(GAD7, {"q7": 1, "q1": None, "q4": 2, "q2": 0})
    assert result.missing == ("q1", "q3", "q5", "q6")


@pytest.mark.parametrize("instrument", [PHQ9, GAD7], ids=str)
def test_the_unscored_difficulty_question_may_be_left_blank(instrument):
    result = score(instrument, lowest(instrument))
    assert result.total == 0
    assert result.answers["difficulty"] is None
    assert result.missing == ()


def test_the_difficulty_answer_never_changes_the_total():
    assert score(PHQ9, lowest(PHQ9) | {"difficulty": 3}).total == 0
    assert score(PHQ9, highest(PHQ9) | {"difficulty": 3}).total == 27


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=str)
def test_explanation_says_there_is_no_total_this_time(instrument):
    answers = lowest(instrument)
    del answers[instrument.scored_items[-1].key]
    explanation = str(score(instrument, answers).explanation)
    assert explanation == str(SKIPPED)
    assert "left blank, so there is no total score" in explanation
