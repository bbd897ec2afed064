"""Every instrument shipped is well formed, matches its published rules, and may be shipped."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from alongside.assessments import catalog
from alongside.assessments.catalog import AUDIT_C, BARC10, INSTRUMENTS, PHQ2, PHQ9, get_instrument
from alongside.assessments.instruments import (
    FEMALE,
    MALE,
    SAFETY,
    Band,
    Instrument,
    Item,
    ItemRule,
    Option,
    problems,
)

# --- The published rules, written out by hand -----------------------------------------------

EXPECTED = {
    # key: (scored items, answer range, total range, default bands as (key, low, high))
    "barc10": (10, (1, 6), (10, 60), [("building", 10, 46), ("strong", 47, 60)]),
    "phq9": (
        9,
        (0, 3),
        (0, 27),
        [
            ("minimal", 0, 4),
            ("mild", 5, 9),
            ("moderate", 10, 14),
            ("moderately_severe", 15, 19),
            ("severe", 20, 27),
        ],
    ),
    "phq2": (2, (0, 3), (0, 6), [("negative", 0, 2), ("positive", 3, 6)]),
    "gad7": (
        7,
        (0, 3),
        (0, 21),
        [("minimal", 0, 4), ("mild", 5, 9), ("moderate", 10, 14), ("severe", 15, 21)],
    ),
    # Sex unknown or other: the lower cut-off, 3.
    "auditc": (3, (0, 4), (0, 12), [("negative", 0, 2), ("positive", 3, 12)]),
}

SEX_BANDS = {
    ("auditc", MALE): [("negative", 0, 3), ("positive", 4, 12)],
    ("auditc", FEMALE): [("negative", 0, 2), ("positive", 3, 12)],
}


def edges(bands):
    return [(band.key, band.low, band.high) for band in bands]


def test_every_instrument_shipped_has_its_published_rules_written_out_here():
    assert sorted(i.key for i in INSTRUMENTS) == sorted(EXPECTED)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=str)
def test_instrument_matches_its_published_rules(instrument):
    scored, (low, high), (lowest_total, highest_total), bands = EXPECTED[instrument.key]
    assert len(instrument.scored_items) == scored
    for item in instrument.scored_items:
        assert item.values == tuple(range(low, high + 1)), item.key
    assert (instrument.lowest_total, instrument.highest_total) == (lowest_total, highest_total)
    assert edges(instrument.bands) == bands


@pytest.mark.parametrize(("key", "sex"), sorted(SEX_BANDS))
def test_sex_specific_bands_match_the_published_cut_offs(key, sex):
    assert edges(get_instrument(key).bands_for(sex)) == SEX_BANDS[(key, sex)]


def test_only_audit_c_has_sex_specific_bands():
    assert {i.key for i in INSTRUMENTS if i.bands_by_sex} == {"auditc"}


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=str)
def test_definition_has_no_problems(instrument):
    assert problems(instrument) == []


def test_phq9_raises_the_safety_flag_from_item_9_above_0():
    assert [(r.flag, r.item, r.at_least) for r in PHQ9.item_rules] == [(SAFETY, "q9", 1)]


def test_no_other_instrument_has_item_rules():
    assert {i.key for i in INSTRUMENTS if i.item_rules} == {"phq9"}


def test_phq2_is_the_first_two_phq9_items():
    assert PHQ2.items == PHQ9.items[:2]


def test_phq9_closing_difficulty_question_is_recorded_but_never_scored():
    difficulty = PHQ9.item("difficulty")
    assert difficulty is not None
    assert (difficulty.scored, difficulty.required) == (False, False)


def test_barc10_reports_strengths_from_somewhat_agree():
    assert BARC10.strengths_from == 4
    assert [str(o.label) for o in BARC10.items[0].options if o.value == 4] == ["Somewhat agree"]


# --- The checks catch broken definitions (so the test above can fail) ------------------------


def rebanded(instrument: Instrument, *bands: tuple[str, int, int]) -> Instrument:
    return replace(instrument, bands=tuple(Band(k, lo, hi, k, k) for k, lo, hi in bands))


BROKEN = [
    (
        "a gap between bands",
        rebanded(PHQ2, ("negative", 0, 1), ("positive", 3, 6)),
        "totals 2-2 are in no band",
    ),
    (
        "overlapping bands",
        rebanded(PHQ2, ("negative", 0, 3), ("positive", 3, 6)),
        "band positive overlaps",
    ),
    (
        "bands starting above the lowest total",
        rebanded(PHQ2, ("negative", 1, 2), ("positive", 3, 6)),
        "totals 0-0 are in no band",
    ),
    (
        "bands stopping short of the highest total",
        rebanded(PHQ2, ("negative", 0, 2), ("positive", 3, 5)),
        "the last band ends at 5, the highest total is 6",
    ),
    (
        "a band running backwards",
        rebanded(PHQ2, ("negative", 0, 2), ("positive", 6, 3)),
        "band positive runs backwards",
    ),
    ("no bands", rebanded(PHQ2), "default: no bands"),
    ("repeated band keys", rebanded(PHQ2, ("a", 0, 2), ("a", 3, 6)), "band keys repeat"),
    ("repeated item keys", replace(PHQ2, items=(PHQ9.items[0], PHQ9.items[0])), "keys repeat"),
    (
        "a scored item that may be left blank",
        replace(PHQ2, items=(PHQ9.items[0], replace(PHQ9.items[1], required=False))),
        "item q2: a scored item must be required",
    ),
    (
        "answers out of order",
        replace(
            PHQ2,
            items=(PHQ9.items[0], replace(PHQ9.items[1], options=(Option(1, "b"), Option(0, "a")))),
        ),
        "item q2: answer values are not ascending",
    ),
    (
        "a single answer",
        replace(PHQ2, items=(PHQ9.items[0], replace(PHQ9.items[1], options=(Option(0, "a"),)))),
        "item q2: fewer than two answers",
    ),
    (
        "an item rule on an item that does not exist",
        replace(PHQ2, item_rules=(ItemRule(SAFETY, "q9", 1, "x"),)),
        "rule safety: no item q9",
    ),
    (
        "an item rule that always fires",
        replace(PHQ9, item_rules=(ItemRule(SAFETY, "q9", 0, "x"),)),
        "rule safety: 0 is always or never reached",
    ),
    (
        "an item rule that never fires",
        replace(PHQ9, item_rules=(ItemRule(SAFETY, "q9", 4, "x"),)),
        "rule safety: 4 is always or never reached",
    ),
    (
        "unknown sex flagged later than a known sex (the higher cut-off as default)",
        replace(AUDIT_C, bands=dict(AUDIT_C.bands_by_sex)[MALE]),
        "bands for female: flag total 3, the default does not",
    ),
    (
        "bands for a sex that is never matched",
        replace(AUDIT_C, bands_by_sex=(("other", AUDIT_C.bands),)),
        "bands for 'other'",
    ),
    (
        "strongest areas without an area",
        replace(BARC10, items=(replace(BARC10.items[0], area=""), *BARC10.items[1:])),
        "item q1: no area",
    ),
    (
        "strengths from an answer the items do not have",
        replace(BARC10, strengths_from=7),
        "strengths_from is not one of its answers",
    ),
    ("no version", replace(PHQ2, version=0), "a version of 1 or more"),
    (
        "no scored items",
        replace(PHQ2, items=(Item("x", "x", PHQ9.items[0].options, scored=False),)),
        "no scored items",
    ),
]


@pytest.mark.parametrize(
    ("broken", "expected"), [row[1:] for row in BROKEN], ids=[row[0] for row in BROKEN]
)
def test_problems_finds_a_broken_definition(broken, expected):
    found = problems(broken)
    assert [p for p in found if expected in p], found


# --- LOINC codes ----------------------------------------------------------------------------

LOINC = re.compile(r"^(\d{1,7})-(\d)$")


def loinc_check_digit(number: str) -> int:
    """LOINC's mod 10 check digit (the Luhn algorithm over the digits before the dash)."""
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def codes(instrument):
    found = [("panel", instrument.loinc_panel), ("total", instrument.loinc_total)]
    found += [(item.key, item.loinc) for item in instrument.items]
    return [(where, code) for where, code in found if code]


@pytest.mark.parametrize(
    ("code", "check"), [("44261-6", True), ("44261-5", False), ("75626-2", True)]
)
def test_loinc_check_digit_is_computed_as_loinc_does(code, check):
    number, digit = code.split("-")
    assert (loinc_check_digit(number) == int(digit)) is check


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=str)
def test_every_loinc_code_is_well_formed_with_a_valid_check_digit(instrument):
    for where, code in codes(instrument):
        match = LOINC.match(code)
        assert match, (where, code)
        assert loinc_check_digit(match[1]) == int(match[2]), (where, code)


@pytest.mark.parametrize(
    ("key", "total_code"),
    [("phq9", "44261-6"), ("phq2", "55758-7"), ("gad7", "70274-6"), ("auditc", "75626-2")],
)
def test_total_scores_carry_their_loinc_codes(key, total_code):
    assert get_instrument(key).loinc_total == total_code


def test_barc10_has_no_loinc_codes_rather_than_guessed_ones():
    assert codes(BARC10) == []


def test_phq9_item_9_carries_its_loinc_code():
    assert PHQ9.items[8].loinc == "44260-8"


# --- The registry ---------------------------------------------------------------------------


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=str)
def test_instrument_is_found_by_key_and_by_version(instrument):
    assert get_instrument(instrument.key, instrument.version) is instrument


def test_latest_version_is_returned_when_none_is_asked_for(monkeypatch):
    newer = replace(PHQ9, version=2)
    monkeypatch.setattr(catalog, "_BY_KEY", catalog._index((PHQ9, newer)))
    assert get_instrument("phq9") is newer
    assert get_instrument("phq9", 1) is PHQ9


@pytest.mark.parametrize(
    ("key", "version", "message"),
    [
        ("cssrs", None, "No instrument 'cssrs'"),
        ("PHQ9", None, "No instrument 'PHQ9'"),
        ("phq9", 2, "No version 2 of 'phq9'"),
        ("phq9", 0, "No version 0 of 'phq9'"),
    ],
)
def test_unknown_instrument_or_version_is_a_clear_error(key, version, message):
    with pytest.raises(LookupError, match=message):
        get_instrument(key, version)


def test_a_version_defined_twice_is_refused():
    with pytest.raises(ValueError, match="PHQ-9 v1 is defined twice"):
        catalog._index((PHQ9, PHQ2, PHQ9))


# --- What may be shipped, and how it reads --------------------------------------------------


def every_text(instrument):
    yield instrument.title
    yield instrument.instructions
    for item in instrument.items:
        yield item.text
        yield item.area
        yield from (option.label for option in item.options)
    for band in (*instrument.bands, *(b for _, bands in instrument.bands_by_sex for b in bands)):
        yield band.label
        yield band.explanation
    for rule in instrument.item_rules:
        yield rule.explanation


# Fragments of licensed instruments (DESIGN.md §5) that must never be shipped.
LICENSED = [
    "columbia",
    "c-ssrs",
    "wished you were dead",
    "go to sleep and not wake up",
    "stanley",
    "brown safety plan",
    "rec-cap",
    "recovery capital index",
]


def test_no_licensed_instrument_text_is_shipped():
    shipped = " ".join(str(t).lower() for i in INSTRUMENTS for t in every_text(i))
    assert [fragment for fragment in LICENSED if fragment in shipped] == []
    assert {i.key for i in INSTRUMENTS} == {"barc10", "phq9", "phq2", "gad7", "auditc"}


STIGMATIZING = ["clean", "dirty", "relapse", "addict", "abuse", "alcoholic", "fail"]


def client_texts(instrument):
    for band in (*instrument.bands, *(b for _, bands in instrument.bands_by_sex for b in bands)):
        yield band.label
        yield band.explanation
    for rule in instrument.item_rules:
        yield rule.explanation
    for item in instrument.items:
        yield item.area


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=str)
def test_what_we_write_for_clients_never_stigmatizes(instrument):
    for text in client_texts(instrument):
        assert not [w for w in STIGMATIZING if w in str(text).lower()], text


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=str)
def test_every_question_and_answer_has_words(instrument):
    assert str(instrument.title) and str(instrument.instructions)
    for item in instrument.items:
        assert str(item.text), item.key
        assert all(str(option.label) for option in item.options), item.key
