"""Handing a client over from one advocate to another (clients:transfer)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.clients.models import Assignment
from alongside.clients.services import discharge
from alongside.testing.personas import login, make_member


def url(client: Any, assignment: Assignment) -> str:
    return reverse("clients:transfer", args=[client.public_id, assignment.public_id])


def caseys_assignment(cast: Any) -> Assignment:
    return cast.casey.assignments.current().get(advocate=cast.ana)


def assignment_rows() -> list[tuple[Any, ...]]:
    return list(
        Assignment.objects.order_by("pk").values_list("pk", "advocate_id", "ended_at", "end_reason")
    )


def test_supervisor_sees_the_transfer_form(client, cast):
    login(client, cast.sam)
    response = client.get(url(cast.casey, caseys_assignment(cast)))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Transfer Casey" in body
    assert "From <strong>Ana Advocate</strong>" in body


def test_supervisor_transfers_a_client_to_another_advocate(client, cast):
    assignment = caseys_assignment(cast)
    login(client, cast.sam)
    response = client.post(url(cast.casey, assignment), {"advocate": str(cast.ben.public_id)})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[cast.casey.public_id])
    assert cast.casey.assignments.current().get().advocate == cast.ben
    assignment.refresh_from_db()
    assert assignment.ended_at is not None
    assert assignment.end_reason == Assignment.EndReason.TRANSFERRED


def test_transfer_says_who_took_over(client, cast):
    login(client, cast.sam)
    response = client.post(
        url(cast.casey, caseys_assignment(cast)), {"advocate": str(cast.ben.public_id)}, follow=True
    )
    body = response.content.decode()
    assert "Transferred to Ben Advocate." in body
    assert "Earlier advocates (1)" in body


def test_transfer_is_audited_as_an_ended_and_a_new_assignment(client, cast):
    old = caseys_assignment(cast)
    login(client, cast.sam)
    client.post(url(cast.casey, old), {"advocate": str(cast.ben.public_id)})
    new = cast.casey.assignments.current().get()
    events = AccessEvent.objects.filter(client_id=cast.casey.pk, user_id=cast.sam.pk)
    assert events.filter(action=Action.UPDATE, object_public_id=old.public_id).exists()
    assert events.filter(action=Action.CREATE, object_public_id=new.public_id).exists()


def test_transferred_client_moves_between_caseloads(client, cast):
    login(client, cast.sam)
    client.post(url(cast.casey, caseys_assignment(cast)), {"advocate": str(cast.ben.public_id)})
    login(client, cast.ben)
    assert "Casey" in client.get(reverse("workspace:caseload")).content.decode()
    login(client, cast.ana)
    assert "Casey" not in client.get(reverse("workspace:caseload")).content.decode()


def test_supervisor_transfers_a_client_in_aftercare(client, cast):
    discharge(cast.sam, cast.casey.episodes.get(), reason="completed")
    login(client, cast.sam)
    response = client.post(
        url(cast.casey, caseys_assignment(cast)), {"advocate": str(cast.ben.public_id)}
    )
    assert response.status_code == 302
    assert cast.casey.assignments.current().get().advocate == cast.ben


@pytest.mark.parametrize("method", ["put", "delete"])
def test_transfer_refuses_other_methods(client, cast, method):
    login(client, cast.sam)
    before = assignment_rows()
    response = getattr(client, method)(url(cast.casey, caseys_assignment(cast)))
    assert response.status_code == 405
    assert assignment_rows() == before


def test_advocate_of_another_organization_gets_not_found(client, cast):
    login(client, cast.oscar)
    before = assignment_rows()
    response = client.post(
        url(cast.casey, caseys_assignment(cast)), {"advocate": str(cast.oscar.public_id)}
    )
    assert response.status_code == 404
    assert assignment_rows() == before


def test_supervisor_of_another_team_gets_not_found(client, cast):
    lee = make_member(cast.org, "lee@hope.test", "Lee Lead", "supervisor")
    login(client, lee)
    before = assignment_rows()
    response = client.post(
        url(cast.casey, caseys_assignment(cast)), {"advocate": str(cast.ben.public_id)}
    )
    assert response.status_code == 404
    assert assignment_rows() == before


def test_assignment_of_another_client_gets_not_found(client, cast):
    rileys = cast.riley.assignments.current().get()
    login(client, cast.sam)
    before = assignment_rows()
    assert client.get(url(cast.casey, rileys)).status_code == 404
    response = client.post(url(cast.casey, rileys), {"advocate": str(cast.ana.public_id)})
    assert response.status_code == 404
    assert assignment_rows() == before


def test_ended_assignment_cannot_be_transferred_again(client, cast):
    old = caseys_assignment(cast)
    login(client, cast.sam)
    client.post(url(cast.casey, old), {"advocate": str(cast.ben.public_id)})
    before = assignment_rows()
    response = client.post(url(cast.casey, old), {"advocate": str(cast.ana.public_id)})
    assert response.status_code == 404
    assert assignment_rows() == before


@pytest.mark.parametrize("persona", ["ana", "cleo"])
def test_roles_that_see_the_client_but_do_not_manage_are_refused(client, cast, persona):
    login(client, getattr(cast, persona))
    before = assignment_rows()
    target = url(cast.casey, caseys_assignment(cast))
    assert client.get(target).status_code == 403
    assert client.post(target, {"advocate": str(cast.ben.public_id)}).status_code == 403
    assert assignment_rows() == before


def assert_refused_with(response: Any, message: str) -> None:
    assert response.status_code == 422
    body = response.content.decode()
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert message in body


def test_transfer_to_the_same_advocate_is_refused(client, cast):
    login(client, cast.sam)
    before = assignment_rows()
    response = client.post(
        url(cast.casey, caseys_assignment(cast)), {"advocate": str(cast.ana.public_id)}
    )
    assert_refused_with(response, "Choose a different advocate to transfer to.")
    assert assignment_rows() == before


def test_transfer_to_an_advocate_already_working_with_them_changes_nothing(client, cast):
    login(client, cast.sam)
    client.post(
        reverse("clients:assign", args=[cast.casey.public_id]), {"advocate": cast.ben.public_id}
    )
    before = assignment_rows()
    response = client.post(
        url(cast.casey, caseys_assignment(cast)), {"advocate": str(cast.ben.public_id)}
    )
    assert_refused_with(response, "This advocate is already working with them.")
    assert assignment_rows() == before


def test_supervisor_cannot_transfer_to_an_advocate_from_another_team(client, cast):
    lee = make_member(cast.org, "lee@hope.test", "Lee Lead", "supervisor")
    val = make_member(cast.org, "val@hope.test", "Val Advocate", "pra", supervisor=lee)
    login(client, cast.sam)
    before = assignment_rows()
    response = client.post(
        url(cast.casey, caseys_assignment(cast)), {"advocate": str(val.public_id)}
    )
    assert_refused_with(
        response, "Select a valid choice. That choice is not one of the available choices."
    )
    assert assignment_rows() == before


def test_transfer_without_choosing_an_advocate_is_refused(client, cast):
    login(client, cast.sam)
    before = assignment_rows()
    response = client.post(url(cast.casey, caseys_assignment(cast)), {"advocate": ""})
    assert_refused_with(response, "This field is required.")
    assert assignment_rows() == before
