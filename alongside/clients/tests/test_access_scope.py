"""Who sees which clients: the scope of each role (DESIGN.md §4.1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from alongside.clients.access import Capability, get_client_for, visible_to, visible_with
from alongside.clients.services import end_assignment
from alongside.testing.personas import make_client


def names(user) -> set[str]:
    return set(visible_to(user).values_list("preferred_name", flat=True))


def test_advocate_sees_exactly_their_current_caseload(cast):
    assert names(cast.ana) == {"Casey", "Jordan"}


def test_advocate_stops_seeing_a_client_once_the_assignment_ends(cast):
    assignment = cast.casey.assignments.get()
    end_assignment(cast.sam, assignment)
    assert names(cast.ana) == {"Jordan"}


def test_supervisor_sees_their_team_and_clients_waiting_for_an_advocate(cast):
    assert names(cast.sam) == {"Casey", "Jordan", "Riley", "Newcomer"}


def test_supervisor_does_not_see_clients_of_other_teams(cast):
    from alongside.testing.personas import make_member

    other_lead = make_member(cast.org, "lee@hope.test", "Lee", "supervisor")
    other_advocate = make_member(cast.org, "val@hope.test", "Val", "pra", supervisor=other_lead)
    make_client(cast.residential, "Morgan", advocate=other_advocate)
    assert "Morgan" not in names(cast.sam)


def test_clinician_sees_open_episodes_in_their_program_only(cast):
    assert names(cast.cleo) == {"Casey", "Riley", "Newcomer"}


def test_clinician_stops_seeing_a_discharged_client(cast):
    make_client(cast.residential, "Former", discharged=True)
    assert "Former" not in names(cast.cleo)


def test_director_sees_the_whole_organization_and_nothing_else(cast):
    assert names(cast.dana) == {"Casey", "Jordan", "Riley", "Newcomer"}


def test_administrator_sees_no_clients(cast):
    assert names(cast.alex) == set()


def test_advocate_of_another_organization_sees_only_their_own(cast):
    assert names(cast.oscar) == {"Quinn"}


def test_out_of_scope_and_missing_client_are_the_same_404(cast):
    import uuid

    with pytest.raises(Http404) as outside:
        get_client_for(cast.ana, cast.riley.public_id)
    with pytest.raises(Http404) as missing:
        get_client_for(cast.ana, uuid.uuid4())
    assert str(outside.value) == str(missing.value)


def test_clinician_can_view_but_not_record(cast):
    assert get_client_for(cast.cleo, cast.casey.public_id) == cast.casey
    with pytest.raises(PermissionDenied):
        get_client_for(cast.cleo, cast.casey.public_id, need=Capability.RECORD)


def test_advocate_cannot_manage_assignments(cast):
    with pytest.raises(PermissionDenied):
        get_client_for(cast.ana, cast.casey.public_id, need=Capability.MANAGE)


def flags(user, *needs) -> dict[str, tuple[bool, ...]]:
    rows = visible_with(user, needs)
    return {c.preferred_name: tuple(getattr(c, f"can_{n}") for n in needs) for c in rows}


def test_visible_with_says_per_client_what_else_each_role_may_do(cast):
    needs = (Capability.RECORD, Capability.READ_MESSAGES)
    assert flags(cast.ana, *needs) == {"Casey": (True, True), "Jordan": (True, True)}
    clinician = flags(cast.cleo, *needs)
    assert clinician and set(clinician.values()) == {(False, False)}
    director = flags(cast.dana, *needs)
    assert set(director) == names(cast.dana) and set(director.values()) == {(False, False)}


def test_visible_with_agrees_with_visible_to_for_every_need(cast):
    for user in (cast.ana, cast.sam, cast.cleo, cast.dana):
        for need in Capability:
            shown = {name for name, (can,) in flags(user, need).items() if can}
            assert shown == set(
                visible_to(user, need=need).values_list("preferred_name", flat=True)
            )


def test_visible_with_gives_break_glass_reading_only(cast):
    from alongside.privacy.tests.conftest import open_glass

    open_glass(cast.alex, cast.riley)
    assert flags(cast.alex, Capability.READ_NOTES, Capability.RECORD) == {"Riley": (True, False)}
