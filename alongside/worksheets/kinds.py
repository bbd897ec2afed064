"""The worksheets a client can keep, as data: their sections and the boxes of each row.

Every label and prompt is written in our own plain words (DESIGN.md §5): never add AA's
wording of the steps or of any published worksheet. Field names are stable: rows store
their answers under them (encrypted JSON), so never rename one; add new names instead.

Four worksheets belong to one step of the 12-step pathway; a free reflection may be kept on
any stage of any shipped pathway (`alongside/pathways/catalog.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.pathways.catalog import PATHWAYS, TWELVE_STEP

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SHORT = 300
LONG = 4000


class Kind(models.TextChoices):
    INVENTORY = "inventory", _("Step 4 inventory")
    AMENDS_LIST = "amends_list", _("Step 8 list")
    AMENDS_LOG = "amends_log", _("Step 9 amends log")
    NIGHTLY = "nightly", _("Step 10 nightly review")
    REFLECTION = "reflection", _("Reflection")


@dataclass(frozen=True)
class Box:
    """One box of a row. KIND is "short" or "long" text, "choice" (CHOICES) or "date"."""

    name: str
    label: StrOrPromise
    kind: str = "long"
    choices: tuple[tuple[str, StrOrPromise], ...] = ()
    hint: StrOrPromise = ""

    @property
    def limit(self) -> int:
        return SHORT if self.kind == "short" else LONG


@dataclass(frozen=True)
class Section:
    key: str
    title: StrOrPromise
    boxes: tuple[Box, ...]
    hint: StrOrPromise = ""


@dataclass(frozen=True)
class Sheet:
    """A kind of worksheet: its sections (most have one), the step it belongs to ("" for a
    reflection, which belongs to a stage the client picks), whether sharing is chosen row by
    row, and whether each row is one local day."""

    kind: str
    title: StrOrPromise
    intro: StrOrPromise
    sections: tuple[Section, ...]
    stage: str = ""
    per_row_sharing: bool = False
    daily: bool = False

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


INVENTORY = Sheet(
    Kind.INVENTORY,
    _("Step 4 inventory"),
    _(
        "An honest look at what weighs on you. Write one row at a time, in your own words. "
        "Each row stays private unless you choose to share it."
    ),
    (
        Section(
            "resentments",
            _("Resentments"),
            (
                Box("who", _("Who or what"), "short"),
                Box("what", _("What happened")),
                Box("affected", _("What it affected in me")),
                Box("my_part", _("My part in it")),
            ),
            _("People, places or things I still feel angry or hurt about."),
        ),
        Section(
            "fears",
            _("Fears"),
            (
                Box("fear", _("What I am afraid of"), "short"),
                Box("why", _("Where I think it comes from")),
                Box("affected", _("How it shapes my choices")),
                Box("my_part", _("What I could do about it")),
            ),
            _("Worries that push me around, big or small."),
        ),
        Section(
            "harms",
            _("Harms done"),
            (
                Box("who", _("Who was hurt"), "short"),
                Box("what", _("What I did")),
                Box("affected", _("How it affected them and me")),
                Box("my_part", _("What I would do differently")),
            ),
            _("Times my actions hurt someone, including me."),
        ),
    ),
    stage="step-4",
    per_row_sharing=True,
)

WILLING = (("yes", _("Yes")), ("not_yet", _("Not yet")), ("unsure", _("Not sure")))

AMENDS_LIST = Sheet(
    Kind.AMENDS_LIST,
    _("Step 8 list"),
    _("The people I have harmed, and whether I am ready to make things right with them."),
    (
        Section(
            "people",
            _("People"),
            (
                Box("who", _("Who"), "short"),
                Box("harm", _("What harm I did")),
                Box("willing", _("Am I willing yet?"), "choice", WILLING),
            ),
        ),
    ),
    stage="step-8",
)

AMENDS_STATUS = (
    ("planned", _("Planned")),
    ("made", _("Made")),
    ("not_appropriate", _("Not appropriate")),
)

AMENDS_LOG = Sheet(
    Kind.AMENDS_LOG,
    _("Step 9 amends log"),
    _("Amends I plan and make, and the ones that would do more harm than good."),
    (
        Section(
            "amends",
            _("Amends"),
            (
                Box("who", _("Who"), "short"),
                Box("plan", _("What I plan to do or say")),
                Box("status", _("Where it stands"), "choice", AMENDS_STATUS),
                Box("because", _("Not appropriate because"), hint=_("Only if it would hurt.")),
                Box("on", _("Date"), "date"),
            ),
        ),
    ),
    stage="step-9",
)

NIGHTLY = Sheet(
    Kind.NIGHTLY,
    _("Step 10 nightly review"),
    _("A few minutes at the end of the day. One review for each day."),
    (
        Section(
            "day",
            _("Today"),
            (
                Box("went_well", _("What went well today")),
                Box("better", _("Where I could have done better")),
                Box("make_right", _("Anything I want to make right")),
                Box("grateful", _("What I am grateful for")),
            ),
        ),
    ),
    stage="step-10",
    daily=True,
)

REFLECTION = Sheet(
    Kind.REFLECTION,
    _("Reflection"),
    _("Free writing about this stage: what it means to you, what is hard, what is changing."),
    (Section("notes", _("Reflections"), (Box("text", _("My reflection")),)),),
)

SHEETS: dict[str, Sheet] = {
    s.kind: s for s in (INVENTORY, AMENDS_LIST, AMENDS_LOG, NIGHTLY, REFLECTION)
}
STEP_PATHWAY = TWELVE_STEP.key


def stage_title(pathway: str, stage: str) -> StrOrPromise:
    """Return the shipped stage's title; "" when the pathway or stage is unknown."""
    definition = PATHWAYS.get(pathway)
    found = definition.stage(stage) if definition is not None else None
    return found.title if found is not None else ""


def reflection_stages() -> list[tuple[str, str, StrOrPromise, StrOrPromise]]:
    """Return (pathway, stage, pathway title, stage title) for every shipped stage."""
    return [
        (p.key, s.key, p.title, s.title) for p in PATHWAYS.values() if not p.own for s in p.stages
    ]
