"""PHQ-9 item 9 above 0 raises the safety flag whatever the total, even with blanks elsewhere."""

from __future__ import annotations

import pytest

from alongside.assessments.catalog import GAD7, PHQ2, PHQ9
from alongside.assessments.instruments import SAFETY
from alongside.assessments.scoring import SKIPPED, score

ZEROS = {f"q{n}": 0 for n in range(1, 10)}

ITEM_9 = [
    # other answers, item 9, total, safety flag
    (ZEROS, 0, 0, False),
    (ZEROS, 1, 1, True),  # the lowest total, "minimal", still flagged
    (ZEROS, 2, 2, True),
    (ZEROS, 3, 3, True),
    (
        ZEROS | {"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 3, "q6": 3, "q7": 3, "q8": 3},
        0,
        24,
        False,
    ),
    (ZEROS | {"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 3, "q6": 3, "q7": 3, "q8": 3}, 1, 25, True),
    # Blanks elsewhere: no total, and the flag all the same.
    ({}, 1, None, True),
    ({}, 3, None, True),
    ({}, 0, None, False),
    ({"q1": 0, "q2": None}, 2, None, True),
    ({f"q{n}": 3 for n in range(1, 9)}, None, None, False),  # item 9 itself left blank
]


@pytest.mark.parametrize(("others", "item_9", "total", "flagged"), ITEM_9)
def test_item_9_above_0_raises_the_safety_flag_whatever_the_total(others, item_9, total, flagged):
    result = score(PHQ9, others | {"q9": item_9})
    assert result.total == total
    assert result.safety_flag is flagged
    assert (SAFETY in result.flags) is flagged


def test_a_flag_with_blanks_still_says_which_items_are_missing():
    result = score(PHQ9, {"q9": 1})
    assert result.safety_flag
    assert result.missing == ("q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8")
    assert result.band is None


def test_safety_message_comes_first_and_offers_988():
    explanation = str(score(PHQ9, ZEROS | {"q9": 1}).explanation)
    assert explanation.startswith("Thank you for telling us")
    assert "988" in explanation
    assert explanation.endswith(str(PHQ9.bands[0].explanation))


def test_safety_message_is_given_when_there_is_no_total_too():
    explanation = str(score(PHQ9, {"q9": 2}).explanation)
    assert explanation.startswith("Thank you for telling us")
    assert explanation.endswith(str(SKIPPED))


def test_no_safety_message_without_the_flag():
    assert "988" not in str(score(PHQ9, ZEROS | {"q1": 3, "q2": 3}).explanation)


def test_safety_message_never_alarms():
    explanation = str(score(PHQ9, ZEROS | {"q9": 3}).explanation).lower()
    for word in ["emergency", "danger", "alarm", "suicidal", "warning", "!"]:
        assert word not in explanation


@pytest.mark.parametrize("instrument", [PHQ2, GAD7], ids=str)
def test_other_instruments_never_raise_the_safety_flag(instrument):
    highest = {item.key: item.highest for item in instrument.scored_items}
    assert not score(instrument, highest).safety_flag
