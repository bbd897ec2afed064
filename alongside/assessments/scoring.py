"""Scoring: one pure function from an instrument and a person's answers to a result.

The same rules hold for every instrument:

- A blank (None, or no entry at all) on a required item means no total and no band. A blank
  is never counted as 0 or as the midpoint: either would make up a score the person did not
  give, and a made-up low score can hide someone who needs support. The result lists the
  blank items so they can be asked again.
- An answer that is not one of the item's values (out of range, not an integer, True/False),
  or an answer to an item the instrument does not have, raises ValidationError naming each
  such item; nothing is scored.
- Item rules look at the answers given, not at the total: PHQ-9 item 9 answered above 0
  raises the safety flag even when other items are blank.
- SEX picks sex-specific bands (AUDIT-C). Only "male" and "female" are matched; None, "other",
  "unknown" or anything else uses the default bands, which carry the lower cut-off.
- Strongest areas (BARC-10) are the answered items with the highest answer, when that answer
  is at least the instrument's `strengths_from`; tied items are all named, in item order.
  They are given for incomplete results too: what a person did answer is still true.
- Nothing here reads the clock, the database or the active language: labels and the
  explanation are lazy strings, rendered in the language active where they are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alongside.assessments.instruments import SAFETY, Band, Instrument

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SKIPPED = _("Some questions were left blank, so there is no total score this time.")
STRONGEST = _("Your strongest areas right now: {areas}.")


@dataclass(frozen=True)
class Result:
    """The scored answers to one instrument.

    ANSWERS has every item of the instrument, in order, with None where it was left blank.
    TOTAL and BAND are None when any required item is blank (MISSING lists those items).
    FLAGS are stable keys (`instruments.SAFETY`, `POSITIVE_SCREEN`, `REMISSION_LEVEL`) in the
    order raised. STRONGEST holds item keys; empty for instruments that do not report
    strengths. EXPLANATION is a few plain, non-alarming sentences for the client.
    """

    instrument: Instrument
    answers: Mapping[str, int | None]
    total: int | None
    band: Band | None
    flags: tuple[str, ...]
    missing: tuple[str, ...]
    strongest: tuple[str, ...]
    explanation: StrOrPromise

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def safety_flag(self) -> bool:
        """True if any answer means a person should check in (PHQ-9 item 9 above 0)."""
        return SAFETY in self.flags

    @property
    def band_key(self) -> str | None:
        return self.band.key if self.band else None

    @property
    def band_label(self) -> StrOrPromise | None:
        return self.band.label if self.band else None

    @property
    def strongest_areas(self) -> tuple[StrOrPromise, ...]:
        """The plain-language areas of the STRONGEST items, in item order."""
        items = (self.instrument.item(key) for key in self.strongest)
        return tuple(item.area for item in items if item is not None)


def _checked(instrument: Instrument, answers: Mapping[str, int | None]) -> dict[str, int | None]:
    """Return every item's answer (None if blank); raise ValidationError for bad answers."""
    errors: dict[str, ValidationError] = {}
    for key, value in answers.items():
        item = instrument.item(key)
        if item is None:
            errors[str(key)] = ValidationError(
                _("%(instrument)s has no item %(item)s."),
                code="unknown_item",
                params={"instrument": instrument.short_title, "item": key},
            )
        elif value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value not in item.values
        ):
            errors[key] = ValidationError(
                _("%(instrument)s item %(item)s: %(value)r is not one of %(allowed)s."),
                code="invalid_choice",
                params={
                    "instrument": instrument.short_title,
                    "item": key,
                    "value": value,
                    "allowed": ", ".join(str(v) for v in item.values),
                },
            )
    if errors:
        raise ValidationError(errors)
    return {item.key: answers.get(item.key) for item in instrument.items}


def _strongest(instrument: Instrument, answers: Mapping[str, int | None]) -> tuple[str, ...]:
    if instrument.strengths_from is None:
        return ()
    given = {item.key: answers[item.key] for item in instrument.scored_items}
    top = max((value for value in given.values() if value is not None), default=None)
    if top is None or top < instrument.strengths_from:
        return ()
    return tuple(key for key, value in given.items() if value == top)


def _joined(parts: list[StrOrPromise], separator: str = ", ") -> StrOrPromise:
    """Join lazy strings lazily, so they render in the language active when shown."""
    return format_lazy(separator.join("{}" for _part in parts), *parts)


def score(
    instrument: Instrument, answers: Mapping[str, int | None], *, sex: str | None = None
) -> Result:
    """Return the Result of ANSWERS ({item key: value; None or absent when left blank}) on
    INSTRUMENT, with SEX ("male", "female"; anything else is unknown) choosing the bands.

    The total is None when any required item is blank; flags from item rules are raised
    from the answers given either way. Raises ValidationError, keyed by item, when an answer
    is not allowed or an item does not exist.
    """
    values = _checked(instrument, answers)
    # A blank scored item is missing even if a definition forgot to mark it required.
    missing = tuple(
        item.key
        for item in instrument.items
        if (item.required or item.scored) and values[item.key] is None
    )
    total: int | None = None
    band: Band | None = None
    if not missing:
        total = sum(
            value
            for value in (values[item.key] for item in instrument.scored_items)
            if value is not None  # always true here; narrows the type
        )
        band = instrument.band_for(total, sex)

    flags: list[str] = list(band.flags) if band else []
    raised = []
    for rule in instrument.item_rules:
        answer = values[rule.item]
        if answer is not None and answer >= rule.at_least:
            raised.append(rule)
            if rule.flag not in flags:
                flags.append(rule.flag)

    strongest = _strongest(instrument, values)

    # What matters most to the person comes first: a safety message before any score.
    parts: list[StrOrPromise] = [rule.explanation for rule in raised]
    if band is not None:
        parts.append(band.explanation)
    elif missing:
        parts.append(SKIPPED)
    if strongest:
        areas = [item.area for item in instrument.scored_items if item.key in strongest]
        parts.append(format_lazy(STRONGEST, areas=_joined(areas)))

    return Result(
        instrument=instrument,
        answers=values,
        total=total,
        band=band,
        flags=tuple(flags),
        missing=missing,
        strongest=strongest,
        explanation=_joined(parts, " "),
    )
