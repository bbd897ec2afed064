"""The pathways Alongside ships, as data: ordered stages a client may work through.

Pathway keys are the values of `clients.models.Pathway`, so `Client.pathways` (the list of
pathways a client follows, several allowed) is also the list of pathways whose stages the
client's page shows. Faith-based and harm-reduction pathways have no shipped stages yet:
they stay labels on the client until someone writes stages for them.

Every theme is written in our own words (DESIGN.md §5): never add AA's wording of the Twelve
Steps or any other licensed text. The principles listed with the steps are the ones commonly
associated with each step in 12-step fellowships, not quotations.

Adding a pathway (or a stage) is a data change plus tests (docs/architecture.md, "Adding a
pathway"):

1. Add its key to `clients.models.Pathway` if it is new (a choice, no migration of rows).
2. Define it below: stage keys are stable ("step-1", "point-2"): progress rows store them,
   so never rename or reuse one; add new stages with new keys. Mark text with `_()`.
3. Add it to `PATHWAYS`. The tests in `alongside/pathways/tests/test_catalog.py` check every
   definition (`problems()`) and list the expected pathways.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The client's own pathway: stages they write themselves (models.OwnStage), stored per client.
OWN = "other"


@dataclass(frozen=True)
class Stage:
    """One stage of a pathway. KEY is stable within the pathway; TITLE is short, THEME a
    sentence or two in plain words, PRINCIPLE the value commonly associated with it."""

    key: str
    title: StrOrPromise
    theme: StrOrPromise = ""
    principle: StrOrPromise = ""


@dataclass(frozen=True)
class PathwayDefinition:
    """A pathway and its stages in order. OWN pathways have no shipped stages: each client's
    come from `OwnStage` rows."""

    key: str
    title: StrOrPromise
    summary: StrOrPromise
    stages: tuple[Stage, ...] = ()
    own: bool = False

    def stage(self, key: str) -> Stage | None:
        """Return the shipped stage with KEY; None if there is none."""
        return next((s for s in self.stages if s.key == key), None)


TWELVE_STEP = PathwayDefinition(
    "12-step",
    _("12-step"),
    _("Twelve steps worked one at a time, usually with a sponsor and a home group."),
    (
        Stage(
            "step-1",
            _("Step 1"),
            _("Admitting that substance use has taken more control than I can manage alone."),
            _("Honesty"),
        ),
        Stage(
            "step-2",
            _("Step 2"),
            _("Coming to believe that help beyond my own willpower can restore balance."),
            _("Hope"),
        ),
        Stage(
            "step-3",
            _("Step 3"),
            _("Deciding to let that help guide my choices, as I understand it."),
            _("Faith and trust"),
        ),
        Stage(
            "step-4",
            _("Step 4"),
            _("Taking a thorough, honest look at my patterns, fears and resentments."),
            _("Courage"),
        ),
        Stage(
            "step-5",
            _("Step 5"),
            _("Sharing what I found with myself, my higher power and another trusted person."),
            _("Integrity"),
        ),
        Stage(
            "step-6",
            _("Step 6"),
            _("Becoming ready to let go of the patterns that keep hurting me and others."),
            _("Willingness"),
        ),
        Stage(
            "step-7",
            _("Step 7"),
            _("Asking, with humility, for help in changing those patterns."),
            _("Humility"),
        ),
        Stage(
            "step-8",
            _("Step 8"),
            _("Listing the people I have harmed and becoming willing to make things right."),
            _("Love for others"),
        ),
        Stage(
            "step-9",
            _("Step 9"),
            _("Making amends where I can, unless doing so would cause more harm."),
            _("Justice"),
        ),
        Stage(
            "step-10",
            _("Step 10"),
            _("Checking in with myself each day and owning mistakes promptly."),
            _("Perseverance"),
        ),
        Stage(
            "step-11",
            _("Step 11"),
            _("Growing my spiritual connection through reflection, prayer or meditation."),
            _("Spiritual awareness"),
        ),
        Stage(
            "step-12",
            _("Step 12"),
            _("Carrying hope to others and living these principles every day."),
            _("Service"),
        ),
    ),
)

SMART = PathwayDefinition(
    "smart",
    _("SMART Recovery"),
    _("Four points of self-management, with tools from motivational and cognitive approaches."),
    (
        Stage(
            "point-1",
            _("Building and maintaining motivation"),
            _("Weighing what matters to me and keeping my reasons for change close."),
        ),
        Stage(
            "point-2",
            _("Coping with urges"),
            _("Noticing urges, riding them out, and having a plan for the hard moments."),
        ),
        Stage(
            "point-3",
            _("Managing thoughts, feelings and behaviours"),
            _("Catching unhelpful thinking and choosing responses that serve me."),
        ),
        Stage(
            "point-4",
            _("Living a balanced life"),
            _("Building a life with enough meaning, connection and rest to sustain recovery."),
        ),
    ),
)

MEDICATION = PathwayDefinition(
    "medication",
    _("Medication-supported recovery"),
    _("Milestones on medication for opioid or alcohol use disorder, alongside peer support."),
    (
        Stage(
            "first-dose",
            _("First dose"),
            _("Starting medication (induction) with a prescriber's support."),
        ),
        Stage(
            "stable-dose",
            _("Stable dose"),
            _("Finding the dose that keeps withdrawal and cravings manageable."),
        ),
        Stage(
            "first-follow-up",
            _("First prescriber follow-up"),
            _("Keeping the first follow-up visit and talking honestly about how it is going."),
        ),
        Stage("days-30", _("30 days on medication"), _("A month of steady treatment.")),
        Stage(
            "days-90",
            _("90 days on medication"),
            _("Three months: routines for refills and visits are in place."),
        ),
        Stage(
            "days-180",
            _("180 days on medication"),
            _("Six months of treatment; planning the longer road with the prescriber."),
        ),
        Stage(
            "ongoing-care",
            _("Ongoing care plan"),
            _("Regular prescriber follow-ups and a plan for changes, chosen together."),
        ),
    ),
)

OWN_PATHWAY = PathwayDefinition(
    OWN,
    _("My own pathway"),
    _("Stages the client names themself, in their own words."),
    own=True,
)

PATHWAYS: dict[str, PathwayDefinition] = {
    p.key: p for p in (TWELVE_STEP, SMART, MEDICATION, OWN_PATHWAY)
}


def get_pathway(key: str) -> PathwayDefinition | None:
    """Return the pathway with KEY; None if Alongside ships no stages for it."""
    return PATHWAYS.get(key)


def problems(pathway: PathwayDefinition) -> list[str]:
    """Return what is wrong with PATHWAY's definition (empty when well formed)."""
    found = []
    keys = [s.key for s in pathway.stages]
    if len(keys) != len(set(keys)):
        found.append("stage keys repeat")
    if pathway.own and pathway.stages:
        found.append("an own pathway ships no stages")
    if not pathway.own and not pathway.stages:
        found.append("no stages")
    for stage in pathway.stages:
        if not stage.key or len(stage.key) > 40 or not stage.title:
            found.append(f"stage {stage.key!r} needs a short key and a title")
    return found
