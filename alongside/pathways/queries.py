"""Reads: each client's pathways with every stage's current state (a fixed number of queries
whatever the history's size), and an advocate's own lived-experience notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alongside.clients.models import Client
from alongside.pathways.catalog import PATHWAYS, PathwayDefinition, Stage
from alongside.pathways.models import TRANSITIONS, LivedExperienceNote, OwnStage, StageMove, State

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class StageProgress:
    """One stage as a client stands on it: its current state, the moves so far (oldest
    first) and the latest guidance note; `lived_note` is filled only for its viewer."""

    pathway: str
    key: str
    title: StrOrPromise
    theme: StrOrPromise = ""
    principle: StrOrPromise = ""
    moves: list[StageMove] = field(default_factory=list)
    lived_note: LivedExperienceNote | None = None

    @property
    def state(self) -> str:
        return self.moves[-1].to_state if self.moves else State.NOT_STARTED

    @property
    def state_label(self) -> str:
        return str(State(self.state).label)

    @property
    def next_states(self) -> list[tuple[str, str]]:
        return [(s, str(State(s).label)) for s in State.values if s in TRANSITIONS[self.state]]

    @property
    def guidance(self) -> str:
        return next((m.note for m in reversed(self.moves) if m.note), "")


@dataclass
class PathwayProgress:
    definition: PathwayDefinition
    stages: list[StageProgress]


def followed_pathways(client: Client) -> list[PathwayDefinition]:
    """Return the pathways CLIENT follows that have stages to work, in the catalog's order."""
    chosen = set(client.pathways or [])
    return [p for key, p in PATHWAYS.items() if key in chosen]


def _stages(definition: PathwayDefinition, own: list[OwnStage]) -> list[StageProgress]:
    if definition.own:
        return [StageProgress(definition.key, s.key, s.title) for s in own]
    return [_from_catalog(definition.key, s) for s in definition.stages]


def _from_catalog(pathway: str, stage: Stage) -> StageProgress:
    return StageProgress(pathway, stage.key, stage.title, stage.theme, stage.principle)


def progress_for(client: Client, *, author: Any = None) -> list[PathwayProgress]:
    """Return CLIENT's followed pathways with each stage's state and history.

    With AUTHOR, each stage carries AUTHOR's own lived-experience note for it (in the
    client's organization), and nobody else's. Three or four queries in all.
    """
    own = list(OwnStage.objects.filter(client=client))
    moves = StageMove.objects.filter(client=client).select_related("moved_by")
    by_stage: dict[tuple[str, str], list[StageMove]] = {}
    for move in moves:
        by_stage.setdefault((move.pathway, move.stage), []).append(move)
    notes: dict[tuple[str, str], LivedExperienceNote] = {}
    if author is not None:
        notes = {(n.pathway, n.stage): n for n in own_notes(author, client.organization_id)}
    result = []
    for definition in followed_pathways(client):
        stages = _stages(definition, own)
        for stage in stages:
            stage.moves = by_stage.get((definition.key, stage.key), [])
            stage.lived_note = notes.get((definition.key, stage.key))
        result.append(PathwayProgress(definition, stages))
    return result


def own_notes(user: Any, organization_id: int) -> Any:
    """Return USER's own lived-experience notes in the organization (never anyone else's)."""
    return LivedExperienceNote.objects.filter(user_id=user.pk, organization_id=organization_id)
