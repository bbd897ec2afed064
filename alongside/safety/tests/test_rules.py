"""The risk rules, one table per rule, and per-program settings."""

from __future__ import annotations

import pytest

from alongside.safety.models import Severity
from alongside.safety.rules import DEFAULTS, evaluate_checkin, evaluate_phq9_item9, rules_config

CALM = {
    "safety_concern": False,
    "overdose": False,
    "used_since_last": False,
    "craving": 2,
    "days_in_recovery": 40,
}


def findings(config=None, **answers):
    return [
        (f.rule, f.severity)
        for f in evaluate_checkin(**{**CALM, **answers}, config=config or dict(DEFAULTS))
    ]


def test_a_calm_check_in_raises_nothing():
    assert findings() == []


def test_yes_to_the_safety_question_is_high():
    assert findings(safety_concern=True) == [("safety_question", Severity.HIGH)]


def test_an_overdose_is_high_by_default():
    assert findings(overdose=True) == [("overdose", Severity.HIGH)]


@pytest.mark.parametrize(
    ("craving", "expected"),
    [(7, []), (8, [("craving", Severity.MODERATE)]), (10, [("craving", Severity.MODERATE)])],
)
def test_a_craving_of_eight_or_more_is_moderate(craving, expected):
    assert findings(craving=craving) == expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (None, []),  # no recovery start date: nothing to compare with
        (29, []),
        (30, [("used_after_stretch", Severity.MODERATE)]),
        (400, [("used_after_stretch", Severity.MODERATE)]),
    ],
)
def test_use_after_a_long_stretch_is_moderate_by_default(days, expected):
    assert findings(used_since_last=True, days_in_recovery=days) == expected


def test_several_findings_come_most_severe_first():
    assert findings(craving=9, safety_concern=True) == [
        ("safety_question", Severity.HIGH),
        ("craving", Severity.MODERATE),
    ]


def test_a_program_can_tune_the_thresholds_and_severities():
    config = rules_config(
        {
            "risk_rules": {
                "craving_moderate_at": 6,
                "used_after_days": 7,
                "used_after_severity": "high",
                "overdose_severity": "moderate",
            }
        }
    )
    assert findings(config, craving=6) == [("craving", Severity.MODERATE)]
    assert findings(config, used_since_last=True, days_in_recovery=7) == [
        ("used_after_stretch", Severity.HIGH)
    ]
    assert findings(config, overdose=True) == [("overdose", Severity.MODERATE)]


@pytest.mark.parametrize(
    "bad",
    [
        {"craving_moderate_at": "eight"},
        {"craving_moderate_at": -1},
        {"craving_moderate_at": True},
        {"used_after_severity": "low"},
        {"overdose_severity": "none"},
        "not a dict",
    ],
)
def test_invalid_program_settings_fall_back_to_the_defaults(bad):
    assert rules_config({"risk_rules": bad}) == DEFAULTS


@pytest.mark.parametrize(
    ("item9", "expected"), [(None, []), (0, []), (1, ["phq9_item9"]), (3, ["phq9_item9"])]
)
def test_phq9_item_9_above_zero_is_high(item9, expected):
    result = evaluate_phq9_item9(item9)
    assert [f.rule for f in result] == expected
    assert all(f.severity == Severity.HIGH for f in result)
