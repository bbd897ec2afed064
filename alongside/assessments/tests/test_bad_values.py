"""Bad input gets a clear error naming the item, and nothing is scored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from alongside.assessments.catalog import AUDIT_C, BARC10, GAD7, PHQ2, PHQ9
from alongside.assessments.scoring import score

BAD = [
    # instrument, item, value, code
    (PHQ9, "q1", 4, "invalid_choice"),
    (PHQ9, "q9", -1, "invalid_choice"),
    (PHQ9, "q9", 9, "invalid_choice"),
    (PHQ9, "difficulty", 4, "invalid_choice"),  # unscored items are checked too
    (PHQ2, "q2", 4, "invalid_choice"),
    (GAD7, "q7", 4, "invalid_choice"),
    (AUDIT_C, "q2", 5, "invalid_choice"),
    (AUDIT_C, "q1", -1, "invalid_choice"),
    (BARC10, "q1", 0, "invalid_choice"),  # BARC-10 starts at 1: 0 is not "strongly disagree"
    (BARC10, "q10", 7, "invalid_choice"),
    (PHQ9, "q3", 1.0, "invalid_choice"),
    (PHQ9, "q3", 1.5, "invalid_choice"),
    (PHQ9, "q3", "1", "invalid_choice"),  # forms clean to int first; a string is a bug
    (PHQ9, "q3", True, "invalid_choice"),  # True == 1 in Python; not an answer here
    (PHQ9, "q3", [1], "invalid_choice"),
    (PHQ9, "q10", 1, "unknown_item"),
    (PHQ2, "q3", 0, "unknown_item"),  # a PHQ-9 item is not a PHQ-2 item
    (GAD7, "q8", 0, "unknown_item"),
    (AUDIT_C, "q4", 0, "unknown_item"),
    (BARC10, "q11", 6, "unknown_item"),
    (BARC10, "Q1", 6, "unknown_item"),
    (PHQ9, "", 0, "unknown_item"),
    (PHQ9, "unknown", None, "unknown_item"),  # even a blank for an item that does not exist
]


@pytest.mark.parametrize(("instrument", "item", "value", "code"), BAD)
def test_bad_answer_is_an_error_naming_the_instrument_and_item(instrument, item, value, code):
    good = {i.key: i.lowest for i in instrument.scored_items}
    with pytest.raises(ValidationError) as raised:
        score(instrument, good | {item: value})
    assert list(raised.value.error_dict) == [item]
    [error] = raised.value.error_dict[item]
    assert error.code == code
    [message] = raised.value.message_dict[item]
    assert instrument.short_title in message
    assert (item or "has no item") in message


def test_out_of_range_message_lists_the_allowed_answers():
    with pytest.raises(ValidationError) as raised:
        score(BARC10, {"q3": 0})
    assert raised.value.message_dict == {
        "q3": ["BARC-10 item q3: 0 is not one of 1, 2, 3, 4, 5, 6."]
    }


def test_unknown_item_message_says_so():
    with pytest.raises(ValidationError) as raised:
        score(PHQ2, {"q9": 1})
    assert raised.value.message_dict == {"q9": ["PHQ-2 has no item q9."]}


def test_every_bad_answer_is_reported_at_once():
    with pytest.raises(ValidationError) as raised:
        score(PHQ9, {"q1": 4, "q2": 1, "q9": -1, "q12": 0})
    assert sorted(raised.value.error_dict) == ["q1", "q12", "q9"]


def test_a_bad_answer_is_an_error_even_when_item_9_raises_the_safety_flag():
    # Bad input changes nothing: the caller re-asks, and scores the corrected answers.
    with pytest.raises(ValidationError):
        score(PHQ9, {"q9": 3, "q1": 7})


@pytest.mark.parametrize("value", [0, 1, 2, 3, None])
def test_every_allowed_answer_and_a_blank_are_accepted(value):
    assert score(PHQ9, {"q1": value}).answers["q1"] == value
