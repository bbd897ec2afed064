"""Ending an advocate's work with a client (clients:end_assignment). History is kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.clients.models import Assignment
from alongside.testing.personas import login, make_member


def url(client: Any, assignment: Assignment) -> str:
    return reverse("clients:end_assignment", args=[client.public_id, assignment.public_id])


def caseys_assignment(cast: Any) -> Assignment:
    return cast.casey.assignments.current().get(advocate=cast.ana)


def assignment_rows() -> list[tuple[Any, ...]]:
    return list(
        Assignment.objects.order_by("pk").values_list("pk", "advocate_id", "ended_at", "end_reason")
    )


def test_supervisor_is_asked_to_confirm(client, cast):
    login(client, cast.sam)
    response = client.get(url(cast.casey, caseys_assignment(cast)))
    assert response.status_code == 200
    assert "End Ana Advocate's work with Casey?" in response.content.decode()


def test_supervisor_ends_an_assignment(client, cast):
    assignment = caseys_assignment(cast)
    login(client, cast.sam)
    response = client.post(url(cast.casey, assignment), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[cast.casey.public_id])
    assignment.refresh_from_db()
    assert assignment.ended_at is not None
    assert assignment.end_reason == Assignment.EndReason.ENDED


def test_ended_assignment_stays_in_the_history(client, cast):
    login(client, cast.sam)
    response = client.post(url(cast.casey, caseys_assignment(cast)), {"confirm": "on"}, follow=True)
    body = response.content.decode()
    assert "Ana Advocate no longer assigned." in body
    assert "Earlier advocates (1)" in body
    assert "Waiting for an advocate" in body
    assert cast.casey.assignments.count() == 1


def test_ending_an_assignment_is_audited(client, cast):
    assignment = caseys_assignment(cast)
    login(client, cast.sam)
    client.post(url(cast.casey, assignment), {"confirm": "on"})
    event = AccessEvent.objects.get(action=Action.UPDATE, object_public_id=assignment.public_id)
    assert event.object_type == "assignment"
    assert event.user_id == cast.sam.pk
    assert event.client_id == cast.casey.pk


def test_advocate_no_longer_sees_a_client_once_the_assignment_ends(client, cast):
    login(client, cast.sam)
    client.post(url(cast.casey, caseys_assignment(cast)), {"confirm": "on"})
    login(client, cast.ana)
    assert client.get(reverse("workspace:client", args=[cast.casey.public_id])).status_code == 404


@pytest.mark.parametrize("method", ["put", "delete"])
def test_end_assignment_refuses_other_methods(client, cast, method):
    login(client, cast.sam)
    before = assignment_rows()
    response = getattr(client, method)(url(cast.casey, caseys_assignment(cast)))
    assert response.status_code == 405
    assert assignment_rows() == before


def test_advocate_of_another_organization_gets_not_found(client, cast):
    login(client, cast.oscar)
    before = assignment_rows()
    response = client.post(url(cast.casey, caseys_assignment(cast)), {"confirm": "on"})
    assert response.status_code == 404
    assert assignment_rows() == before


def test_supervisor_of_another_team_gets_not_found(client, cast):
    lee = make_member(cast.org, "lee@hope.test", "Lee Lead", "supervisor")
    login(client, lee)
    before = assignment_rows()
    response = client.post(url(cast.casey, caseys_assignment(cast)), {"confirm": "on"})
    assert response.status_code == 404
    assert assignment_rows() == before


def test_assignment_of_another_client_gets_not_found(client, cast):
    rileys = cast.riley.assignments.current().get()
    login(client, cast.sam)
    before = assignment_rows()
    assert client.post(url(cast.casey, rileys), {"confirm": "on"}).status_code == 404
    assert assignment_rows() == before


def test_already_ended_assignment_gets_not_found(client, cast):
    assignment = caseys_assignment(cast)
    login(client, cast.sam)
    client.post(url(cast.casey, assignment), {"confirm": "on"})
    before = assignment_rows()
    assert client.post(url(cast.casey, assignment), {"confirm": "on"}).status_code == 404
    assert assignment_rows() == before


@pytest.mark.parametrize("persona", ["ana", "cleo"])
def test_roles_that_see_the_client_but_do_not_manage_are_refused(client, cast, persona):
    login(client, getattr(cast, persona))
    before = assignment_rows()
    target = url(cast.casey, caseys_assignment(cast))
    assert client.get(target).status_code == 403
    assert client.post(target, {"confirm": "on"}).status_code == 403
    assert assignment_rows() == before


def test_ending_without_ticking_confirm_changes_nothing(client, cast):
    login(client, cast.sam)
    before = assignment_rows()
    response = client.post(url(cast.casey, caseys_assignment(cast)), {})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert "This field is required." in body
    assert assignment_rows() == before
