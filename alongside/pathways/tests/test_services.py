"""move_stage and the other pathway writes: validated, audited, history kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alongside.audit.models import AccessEvent, Action
from alongside.pathways.models import OwnStage, StageMove, State
from alongside.pathways.queries import progress_for
from alongside.pathways.services import (
    add_own_stage,
    current_state,
    follow_pathway,
    move_stage,
)


def test_advocate_introduces_a_step_with_a_guidance_note(cast):
    move = move_stage(cast.ana, cast.casey, "12-step", "step-1", "introduced", note="Read it")
    assert (move.from_state, move.to_state, move.moved_by) == (
        "not_started",
        "introduced",
        cast.ana,
    )
    assert StageMove.objects.get().note == "Read it"


def test_every_move_is_kept_as_history(cast):
    for state in ["introduced", "working", "completed", "revisiting", "completed"]:
        move_stage(cast.ana, cast.casey, "12-step", "step-4", state)
    states = list(StageMove.objects.values_list("to_state", flat=True))
    assert states == ["introduced", "working", "completed", "revisiting", "completed"]
    assert current_state(cast.casey, "12-step", "step-4") == State.COMPLETED


def test_a_move_writes_an_audit_row(cast):
    move_stage(cast.ana, cast.casey, "12-step", "step-1", "introduced")
    event = AccessEvent.objects.get(object_type="pathway_progress")
    assert (event.action, event.client_id, event.user_id) == (
        Action.CREATE,
        cast.casey.pk,
        cast.ana.pk,
    )


@pytest.mark.parametrize("to_state", ["working", "completed", "revisiting", "not_started"])
def test_a_stage_not_started_can_only_be_introduced(cast, to_state):
    with pytest.raises(ValidationError) as raised:
        move_stage(cast.ana, cast.casey, "12-step", "step-1", to_state)
    assert "to_state" in raised.value.message_dict
    assert not StageMove.objects.exists()


def test_a_completed_stage_cannot_go_back_to_working(cast):
    for state in ["introduced", "working", "completed"]:
        move_stage(cast.ana, cast.casey, "12-step", "step-2", state)
    with pytest.raises(ValidationError):
        move_stage(cast.ana, cast.casey, "12-step", "step-2", "working")
    assert StageMove.objects.count() == 3


@pytest.mark.parametrize(
    ("pathway", "stage", "to_state", "field"),
    [
        ("smart", "point-1", "introduced", "pathway"),  # Casey follows only the 12 steps
        ("12-step", "step-13", "introduced", "stage"),
        ("12-step", "point-1", "introduced", "stage"),
        ("nonsense", "step-1", "introduced", "pathway"),
        ("12-step", "step-1", "finished", "to_state"),
        (None, None, None, "pathway"),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(cast, pathway, stage, to_state, field):
    with pytest.raises(ValidationError) as raised:
        move_stage(cast.ana, cast.casey, pathway, stage, to_state)
    assert field in raised.value.message_dict
    assert not StageMove.objects.exists()
    assert not AccessEvent.objects.filter(object_type="pathway_progress").exists()


@pytest.mark.parametrize("note", ["x" * 4001, "bad\x00note", 42])
def test_a_bad_guidance_note_is_refused(cast, note):
    with pytest.raises(ValidationError) as raised:
        move_stage(cast.ana, cast.casey, "12-step", "step-1", "introduced", note=note)
    assert "note" in raised.value.message_dict
    assert not StageMove.objects.exists()


@pytest.mark.parametrize("who", ["cleo", "dana", "alex", "ben"])
def test_staff_without_record_on_the_client_cannot_move_a_stage(cast, who):
    with pytest.raises(PermissionDenied):
        move_stage(getattr(cast, who), cast.casey, "12-step", "step-1", "introduced")
    assert not StageMove.objects.exists()


def test_the_supervisor_may_move_a_stage_of_their_teams_client(cast):
    move_stage(cast.sam, cast.casey, "12-step", "step-1", "introduced")
    assert StageMove.objects.get().moved_by == cast.sam


def test_a_client_may_follow_several_pathways(cast):
    follow_pathway(cast.ana, cast.casey, "smart")
    cast.casey.refresh_from_db()
    assert cast.casey.pathways == ["12-step", "smart"]
    move_stage(cast.ana, cast.casey, "smart", "point-2", "introduced")
    keys = [p.definition.key for p in progress_for(cast.casey)]
    assert keys == ["12-step", "smart"]


def test_following_a_pathway_twice_changes_nothing(cast):
    follow_pathway(cast.ana, cast.casey, "12-step")
    cast.casey.refresh_from_db()
    assert cast.casey.pathways == ["12-step"]


def test_following_an_unknown_pathway_is_refused(cast):
    with pytest.raises(ValidationError):
        follow_pathway(cast.ana, cast.casey, "faith")
    cast.casey.refresh_from_db()
    assert cast.casey.pathways == ["12-step"]


def test_own_stages_start_the_clients_own_pathway_and_can_be_moved(cast):
    first = add_own_stage(cast.ana, cast.casey, "Reconnect with my sister")
    second = add_own_stage(cast.ana, cast.casey, "Finish my GED")
    cast.casey.refresh_from_db()
    assert "other" in cast.casey.pathways
    assert [first.position, second.position] == [1, 2]
    move_stage(cast.ana, cast.casey, "other", second.key, "introduced")
    own = next(p for p in progress_for(cast.casey) if p.definition.own)
    assert [(s.title, s.state) for s in own.stages] == [
        ("Reconnect with my sister", "not_started"),
        ("Finish my GED", "introduced"),
    ]


@pytest.mark.parametrize("title", ["", "   ", "x" * 121, "two\nlines"])
def test_a_bad_own_stage_name_is_refused(cast, title):
    with pytest.raises(ValidationError):
        add_own_stage(cast.ana, cast.casey, title)
    assert not OwnStage.objects.exists()


def test_an_own_stage_of_another_client_cannot_be_moved(cast):
    follow_pathway(cast.ana, cast.jordan, "other")
    theirs = add_own_stage(cast.ana, cast.casey, "Mine")
    with pytest.raises(ValidationError):
        move_stage(cast.ana, cast.jordan, "other", theirs.key, "introduced")


def test_history_queries_do_not_grow_with_the_number_of_moves(cast, django_assert_num_queries):
    for step in range(1, 13):
        move_stage(cast.ana, cast.casey, "12-step", f"step-{step}", "introduced")
    with django_assert_num_queries(3):
        progress_for(cast.casey, author=cast.ana)
