"""AUDIT-C's positive screen is 4 or more for men, 3 or more for women and for everyone else."""

from __future__ import annotations

import pytest

from alongside.assessments.catalog import AUDIT_C, PHQ9
from alongside.assessments.instruments import FEMALE, MALE, POSITIVE_SCREEN
from alongside.assessments.scoring import score
from alongside.assessments.tests.answers import answers_totalling

BY_SEX = [
    # sex, total, positive screen
    (MALE, 0, False),
    (MALE, 3, False),
    (MALE, 4, True),
    (MALE, 12, True),
    (FEMALE, 0, False),
    (FEMALE, 2, False),
    (FEMALE, 3, True),
    (FEMALE, 12, True),
    # Sex unknown or other: the lower cut-off, so nobody is missed for a blank field.
    (None, 2, False),
    (None, 3, True),
    ("other", 2, False),
    ("other", 3, True),
    ("unknown", 3, True),
    ("", 3, True),
    ("Male", 3, True),  # only the exact key picks the men's cut-off; a near miss errs sensitive
    ("intersex", 3, True),
]


@pytest.mark.parametrize(("sex", "total", "positive"), BY_SEX)
def test_positive_screen_uses_the_cut_off_for_sex(sex, total, positive):
    result = score(AUDIT_C, answers_totalling(AUDIT_C, total), sex=sex)
    assert result.total == total
    assert result.band_key == ("positive" if positive else "negative")
    assert (POSITIVE_SCREEN in result.flags) is positive


def test_the_same_answers_screen_differently_for_men_and_women():
    answers = {"q1": 2, "q2": 0, "q3": 1}
    assert score(AUDIT_C, answers, sex=MALE).band_key == "negative"
    assert score(AUDIT_C, answers, sex=FEMALE).band_key == "positive"
    assert score(AUDIT_C, answers).band_key == "positive"


def test_sex_does_not_change_the_total():
    answers = {"q1": 3, "q2": 2, "q3": 1}
    assert {score(AUDIT_C, answers, sex=s).total for s in (MALE, FEMALE, None, "other")} == {6}


def test_sex_has_no_effect_on_an_instrument_without_sex_specific_bands():
    answers = answers_totalling(PHQ9, 10, lowest=["q9"])
    assert {score(PHQ9, answers, sex=s).band_key for s in (MALE, FEMALE, None)} == {"moderate"}


def test_no_band_for_anyone_when_an_item_is_blank():
    assert score(AUDIT_C, {"q1": 4, "q2": 4}, sex=MALE).band is None
