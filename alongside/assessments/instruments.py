"""Questionnaires as data: the shapes every instrument definition is built from.

An `Instrument` is frozen data (items, the answers each item allows, the bands a total falls
in, the rules that raise a flag from a single answer), so that scoring is one pure function
for every questionnaire (`scoring.score`) and adding one is a data change (`catalog.py`).

Definitions are versioned. Once responses have been recorded against a (key, version), that
definition never changes: new wording, options, bands or cut-offs make a new version, so every
stored response can be read again with the definition it was answered on.

`problems()` states what a well-formed definition is; the catalog's tests run it on every
instrument shipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Flags a result can carry. The keys are stable: later steps store them and route them to
# people, so rename one only with a data migration.
SAFETY = "safety"  # a person should check in: PHQ-9 item 9 answered above 0
POSITIVE_SCREEN = "positive_screen"  # a screening cut-off reached: a fuller look is suggested
REMISSION_LEVEL = "remission_level"  # BARC-10 of 47 or more

# The values of `sex` that pick sex-specific bands. Anything else (None, "other", "unknown",
# a typo) uses an instrument's default bands, which carry the lower, more sensitive cut-off.
MALE = "male"
FEMALE = "female"


@dataclass(frozen=True)
class Option:
    """One answer an item allows: VALUE is stored and summed, LABEL is what people read."""

    value: int
    label: StrOrPromise


@dataclass(frozen=True)
class Item:
    """One question. KEY is stable within the instrument: "q9" is the published item 9.

    A SCORED item counts towards the total; an unscored one (PHQ-9's closing "how difficult"
    question) is recorded but never summed. A REQUIRED item left blank means the result has no
    total. AREA says in plain words what the item is about ("support from friends"), for the
    instruments that tell a person their strongest areas.
    """

    key: str
    text: StrOrPromise
    options: tuple[Option, ...]
    loinc: str = ""
    scored: bool = True
    required: bool = True
    area: StrOrPromise = ""

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(option.value for option in self.options)

    @property
    def lowest(self) -> int:
        return min(self.values)

    @property
    def highest(self) -> int:
        return max(self.values)


@dataclass(frozen=True)
class Band:
    """Totals from LOW to HIGH inclusive. FLAGS are raised for every total in the band.

    LABEL names the band for staff and client alike, in plain words; EXPLANATION tells the
    client what it means: short, person-first and never alarming.
    """

    key: str
    low: int
    high: int
    label: StrOrPromise
    explanation: StrOrPromise
    flags: tuple[str, ...] = ()

    def __contains__(self, total: object) -> bool:
        return isinstance(total, int) and self.low <= total <= self.high


@dataclass(frozen=True)
class ItemRule:
    """Raise FLAG when ITEM is answered AT_LEAST or higher, whatever the total and even when
    other items were skipped: one answer is enough for a person to need to know.

    EXPLANATION is what the client is told when the rule fires.
    """

    flag: str
    item: str
    at_least: int
    explanation: StrOrPromise


@dataclass(frozen=True)
class Instrument:
    """One version of one questionnaire.

    BANDS cover every possible total. BANDS_BY_SEX replaces them for a known sex (AUDIT-C's
    cut-off is 4 for men and 3 for women); every other case uses BANDS. STRENGTHS_FROM, when
    set, is the lowest answer that counts as a strength: the result then names the items
    answered highest (BARC-10's strongest areas). LOINC codes are blank where none exists or
    none could be confirmed; a blank is better than a wrong code in a record sent elsewhere.
    """

    key: str
    version: int
    short_title: str  # "PHQ-9": a name, the same in every language
    title: StrOrPromise
    instructions: StrOrPromise
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    bands_by_sex: tuple[tuple[str, tuple[Band, ...]], ...] = ()
    item_rules: tuple[ItemRule, ...] = ()
    strengths_from: int | None = None
    loinc_panel: str = ""
    loinc_total: str = ""
    source: str = ""  # where the items and scoring come from, and the licence

    def __str__(self) -> str:
        return f"{self.short_title} v{self.version}"

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    @property
    def lowest_total(self) -> int:
        return sum(item.lowest for item in self.scored_items)

    @property
    def highest_total(self) -> int:
        return sum(item.highest for item in self.scored_items)

    def item(self, key: str) -> Item | None:
        """Return the item with KEY; None if this instrument has no such item."""
        return next((item for item in self.items if item.key == key), None)

    def bands_for(self, sex: str | None) -> tuple[Band, ...]:
        """Return the bands for SEX: the sex-specific set if there is one, else the default."""
        return dict(self.bands_by_sex).get(sex or "", self.bands)

    def band_for(self, total: int, sex: str | None = None) -> Band | None:
        """Return the band TOTAL falls in for SEX; None if TOTAL is outside every band."""
        return next((band for band in self.bands_for(sex) if total in band), None)


def _band_problems(instrument: Instrument, name: str, bands: tuple[Band, ...]) -> list[str]:
    if not bands:
        return [f"{name}: no bands"]
    found = []
    if len({band.key for band in bands}) != len(bands):
        found.append(f"{name}: band keys repeat")
    expected_low = instrument.lowest_total
    for band in bands:
        if band.low > band.high:
            found.append(f"{name}: band {band.key} runs backwards ({band.low}-{band.high})")
        if band.low < expected_low:
            found.append(f"{name}: band {band.key} overlaps the band before it")
        elif band.low > expected_low:
            found.append(f"{name}: totals {expected_low}-{band.low - 1} are in no band")
        expected_low = band.high + 1
    if expected_low - 1 != instrument.highest_total:
        found.append(
            f"{name}: the last band ends at {expected_low - 1}, the highest total is "
            f"{instrument.highest_total}"
        )
    return found


def _flags_at(bands: tuple[Band, ...], total: int) -> set[str]:
    return {flag for band in bands if total in band for flag in band.flags}


def problems(instrument: Instrument) -> list[str]:
    """Return what is wrong with INSTRUMENT's definition, in words; [] if nothing is.

    A well-formed definition has unique item keys; at least two answers per item, in
    ascending order without repeats; every scored item required (a total cannot be made
    around a blank); bands in order that cover every possible total exactly once, for the
    default and each sex; default bands that flag at least every total a sex-specific set
    flags (unknown sex gets the lower cut-off); item rules on real items with reachable
    thresholds; and an area for every scored item when strongest areas are reported.
    """
    found: list[str] = []
    if not instrument.key or instrument.version < 1:
        found.append("a key and a version of 1 or more are required")
    if not instrument.scored_items:
        found.append("no scored items")
    keys = [item.key for item in instrument.items]
    if len(set(keys)) != len(keys):
        found.append("item keys repeat")
    for item in instrument.items:
        values = item.values
        if len(values) < 2:
            found.append(f"item {item.key}: fewer than two answers")
        if list(values) != sorted(set(values)):
            found.append(f"item {item.key}: answer values are not ascending and unique")
        if item.scored and not item.required:
            found.append(f"item {item.key}: a scored item must be required")
        if instrument.strengths_from is not None and item.scored and not item.area:
            found.append(f"item {item.key}: no area, but strongest areas are reported")
        if (
            instrument.strengths_from is not None
            and item.scored
            and instrument.strengths_from not in values
        ):
            found.append(f"item {item.key}: strengths_from is not one of its answers")
    if instrument.scored_items:
        found += _band_problems(instrument, "default", instrument.bands)
        for sex, bands in instrument.bands_by_sex:
            if sex not in (MALE, FEMALE):
                found.append(f"bands for {sex!r}: only {MALE!r} and {FEMALE!r} are known")
            found += _band_problems(instrument, sex, bands)
            for total in range(instrument.lowest_total, instrument.highest_total + 1):
                if not _flags_at(bands, total) <= _flags_at(instrument.bands, total):
                    found.append(f"bands for {sex}: flag total {total}, the default does not")
                    break
    for rule in instrument.item_rules:
        rule_item = instrument.item(rule.item)
        if rule_item is None:
            found.append(f"rule {rule.flag}: no item {rule.item}")
        elif not rule_item.lowest < rule.at_least <= rule_item.highest:
            found.append(f"rule {rule.flag}: {rule.at_least} is always or never reached")
    return found
