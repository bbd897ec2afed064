"""Assigning an advocate to a client (clients:assign)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.clients.models import Assignment
from alongside.testing.personas import login, make_member


def url(client: Any) -> str:
    return reverse("clients:assign", args=[client.public_id])


def current_pairs() -> set[tuple[int, int]]:
    return set(Assignment.objects.current().values_list("client_id", "advocate_id"))


def test_supervisor_sees_the_advocates_they_can_assign(client, cast):
    login(client, cast.sam)
    response = client.get(url(cast.newcomer))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Assign an advocate to Newcomer" in body
    assert "Ana Advocate" in body and "Ben Advocate" in body
    assert "Oscar" not in body


def test_supervisor_assigns_an_advocate_to_a_client_waiting_for_one(client, cast):
    login(client, cast.sam)
    response = client.post(url(cast.newcomer), {"advocate": str(cast.ben.public_id)})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[cast.newcomer.public_id])
    assignment = cast.newcomer.assignments.current().get()
    assert assignment.advocate == cast.ben
    assert assignment.assigned_by == cast.sam


def test_assignment_says_who_was_assigned(client, cast):
    login(client, cast.sam)
    response = client.post(url(cast.newcomer), {"advocate": str(cast.ben.public_id)}, follow=True)
    assert "Ben Advocate assigned." in response.content.decode()


def test_assignment_is_audited(client, cast):
    login(client, cast.sam)
    client.post(url(cast.newcomer), {"advocate": str(cast.ben.public_id)})
    assignment = cast.newcomer.assignments.get()
    event = AccessEvent.objects.get(action=Action.CREATE, object_public_id=assignment.public_id)
    assert event.object_type == "assignment"
    assert event.client_id == cast.newcomer.pk
    assert event.user_id == cast.sam.pk
    assert event.role == "supervisor"


def test_assigned_client_appears_on_the_advocates_caseload(client, cast):
    login(client, cast.sam)
    client.post(url(cast.newcomer), {"advocate": str(cast.ben.public_id)})
    login(client, cast.ben)
    assert "Newcomer" in client.get(reverse("workspace:caseload")).content.decode()


def test_a_second_advocate_can_join_a_client(client, cast):
    login(client, cast.sam)
    client.post(url(cast.casey), {"advocate": str(cast.ben.public_id)})
    advocates = set(cast.casey.assignments.current().values_list("advocate__email", flat=True))
    assert advocates == {"ana@hope.test", "ben@hope.test"}


def test_director_may_assign_an_advocate_from_any_team(client, cast):
    lee = make_member(cast.org, "lee@hope.test", "Lee Lead", "supervisor")
    val = make_member(cast.org, "val@hope.test", "Val Advocate", "pra", supervisor=lee)
    login(client, cast.dana)
    response = client.post(url(cast.newcomer), {"advocate": str(val.public_id)})
    assert response.status_code == 302
    assert cast.newcomer.assignments.current().get().advocate == val


@pytest.mark.parametrize("method", ["put", "delete"])
def test_assign_refuses_other_methods(client, cast, method):
    login(client, cast.sam)
    before = current_pairs()
    response = getattr(client, method)(url(cast.newcomer))
    assert response.status_code == 405
    assert current_pairs() == before


def test_advocate_of_another_organization_gets_not_found(client, cast):
    login(client, cast.oscar)
    before = current_pairs()
    response = client.post(url(cast.newcomer), {"advocate": str(cast.oscar.public_id)})
    assert response.status_code == 404
    assert current_pairs() == before


def test_supervisor_of_another_team_gets_not_found(client, cast):
    lee = make_member(cast.org, "lee@hope.test", "Lee Lead", "supervisor")
    login(client, lee)
    before = current_pairs()
    assert client.get(url(cast.casey)).status_code == 404
    assert client.post(url(cast.casey), {"advocate": str(cast.ben.public_id)}).status_code == 404
    assert current_pairs() == before


def test_advocate_gets_not_found_for_a_client_who_is_not_theirs(client, cast):
    login(client, cast.ben)
    before = current_pairs()
    response = client.post(url(cast.casey), {"advocate": str(cast.ben.public_id)})
    assert response.status_code == 404
    assert current_pairs() == before


@pytest.mark.parametrize("persona", ["ana", "cleo"])
def test_roles_that_see_the_client_but_do_not_manage_are_refused(client, cast, persona):
    login(client, getattr(cast, persona))
    before = current_pairs()
    assert client.get(url(cast.casey)).status_code == 403
    assert client.post(url(cast.casey), {"advocate": str(cast.ben.public_id)}).status_code == 403
    assert current_pairs() == before


def test_refused_assignment_attempt_is_audited_as_denied(client, cast):
    login(client, cast.ana)
    client.post(url(cast.casey), {"advocate": str(cast.ben.public_id)})
    assert AccessEvent.objects.filter(
        user_id=cast.ana.pk, client_id=cast.casey.pk, outcome=Outcome.DENIED
    ).exists()


def assert_refused_with(response: Any, message: str) -> None:
    assert response.status_code == 422
    body = response.content.decode()
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert message in body


def test_assigning_an_advocate_already_assigned_is_refused(client, cast):
    login(client, cast.sam)
    before = current_pairs()
    response = client.post(url(cast.casey), {"advocate": str(cast.ana.public_id)})
    assert_refused_with(response, "This advocate is already working with them.")
    assert current_pairs() == before


def test_supervisor_cannot_assign_an_advocate_from_another_team(client, cast):
    lee = make_member(cast.org, "lee@hope.test", "Lee Lead", "supervisor")
    val = make_member(cast.org, "val@hope.test", "Val Advocate", "pra", supervisor=lee)
    login(client, cast.sam)
    before = current_pairs()
    response = client.post(url(cast.newcomer), {"advocate": str(val.public_id)})
    assert_refused_with(
        response, "Select a valid choice. That choice is not one of the available choices."
    )
    assert current_pairs() == before


@pytest.mark.parametrize(
    "advocate",
    [
        pytest.param("", id="none-chosen"),
        pytest.param("not-a-uuid", id="garbage"),
        pytest.param("00000000-0000-0000-0000-000000000000", id="unknown"),
    ],
)
def test_assign_without_a_valid_advocate_is_refused(client, cast, advocate):
    login(client, cast.sam)
    before = current_pairs()
    response = client.post(url(cast.newcomer), {"advocate": advocate})
    assert response.status_code == 422
    assert "Please correct the 1 problem below." in response.content.decode()
    assert current_pairs() == before


def test_advocate_of_another_organization_cannot_be_assigned(client, cast):
    login(client, cast.dana)
    before = current_pairs()
    response = client.post(url(cast.newcomer), {"advocate": str(cast.oscar.public_id)})
    assert_refused_with(
        response, "Select a valid choice. That choice is not one of the available choices."
    )
    assert current_pairs() == before
