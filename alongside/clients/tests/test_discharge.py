"""Discharging a client from their program (clients:discharge)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action
from alongside.clients.models import Assignment, Episode
from alongside.testing.personas import login, make_member


def url(client: Any) -> str:
    return reverse("clients:discharge", args=[client.public_id])


def local_input(moment: datetime, cast: Any) -> str:
    """Return MOMENT as a datetime-local input value in the organization's zone."""
    return timezone.localtime(moment, zoneinfo.ZoneInfo(cast.org.time_zone)).strftime(
        "%Y-%m-%dT%H:%M"
    )


def care_rows() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    episodes = Episode.objects.order_by("pk").values_list("pk", "discharged_at", "discharge_reason")
    assignments = Assignment.objects.order_by("pk").values_list("pk", "ended_at", "end_reason")
    return list(episodes), list(assignments)


def test_supervisor_sees_the_discharge_form(client, cast):
    login(client, cast.sam)
    response = client.get(url(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Discharge Casey" in body
    assert "From Residential, admitted" in body


def test_supervisor_discharges_a_client(client, cast):
    login(client, cast.sam)
    response = client.post(url(cast.casey), {"reason": "completed"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[cast.casey.public_id])
    episode = cast.casey.episodes.get()
    assert episode.discharged_at is not None
    assert episode.discharge_reason == "completed"


def test_discharge_says_who_was_discharged(client, cast):
    login(client, cast.dana)
    response = client.post(url(cast.casey), {"reason": "left"}, follow=True)
    body = response.content.decode()
    assert "Casey discharged." in body
    assert "(left before completion)" in body


def test_discharge_keeps_the_given_time(client, cast):
    when = timezone.now() - timedelta(days=2)
    login(client, cast.sam)
    client.post(url(cast.casey), {"reason": "completed", "discharged_at": local_input(when, cast)})
    assert abs(cast.casey.episodes.get().discharged_at - when) < timedelta(minutes=1)


def test_discharge_is_audited(client, cast):
    episode = cast.casey.episodes.get()
    login(client, cast.sam)
    client.post(url(cast.casey), {"reason": "completed"})
    event = AccessEvent.objects.get(action=Action.UPDATE, object_public_id=episode.public_id)
    assert event.object_type == "episode"
    assert event.user_id == cast.sam.pk
    assert event.client_id == cast.casey.pk


def test_advocates_stay_assigned_after_discharge_for_aftercare(client, cast):
    login(client, cast.sam)
    client.post(url(cast.casey), {"reason": "completed"})
    assert cast.casey.assignments.current().get().advocate == cast.ana
    login(client, cast.ana)
    assert "Casey" in client.get(reverse("workspace:caseload")).content.decode()


def test_discharge_can_also_end_the_assignments(client, cast):
    login(client, cast.sam)
    client.post(url(cast.casey), {"reason": "completed", "end_assignments": "on"})
    assignment = cast.casey.assignments.get()
    assert assignment.ended_at is not None
    assert assignment.end_reason == Assignment.EndReason.DISCHARGED
    assert AccessEvent.objects.filter(
        action=Action.UPDATE, object_public_id=assignment.public_id
    ).exists()


def test_supervisor_discharges_a_client_shared_with_another_team(client, cast):
    lee = make_member(cast.org, "lee@hope.test", "Lee Lead", "supervisor")
    val = make_member(cast.org, "val@hope.test", "Val Advocate", "pra", supervisor=lee)
    ana_started = cast.casey.assignments.get().started_at
    Assignment.objects.create(
        organization=cast.org,
        client=cast.casey,
        advocate=val,
        started_at=ana_started - timedelta(days=1),
    )
    login(client, cast.sam)
    response = client.post(url(cast.casey), {"reason": "completed", "end_assignments": "on"})
    assert response.status_code == 302
    assert not cast.casey.assignments.current().exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_discharge_refuses_other_methods(client, cast, method):
    login(client, cast.sam)
    before = care_rows()
    response = getattr(client, method)(url(cast.casey))
    assert response.status_code == 405
    assert care_rows() == before


def test_advocate_of_another_organization_gets_not_found(client, cast):
    login(client, cast.oscar)
    before = care_rows()
    assert client.post(url(cast.casey), {"reason": "completed"}).status_code == 404
    assert care_rows() == before


def test_supervisor_of_another_team_gets_not_found(client, cast):
    lee = make_member(cast.org, "lee@hope.test", "Lee Lead", "supervisor")
    login(client, lee)
    before = care_rows()
    assert client.post(url(cast.casey), {"reason": "completed"}).status_code == 404
    assert care_rows() == before


def test_clinician_gets_not_found_for_a_client_outside_their_program(client, cast):
    login(client, cast.cleo)
    before = care_rows()
    assert client.post(url(cast.jordan), {"reason": "completed"}).status_code == 404
    assert care_rows() == before


@pytest.mark.parametrize("persona", ["ana", "cleo"])
def test_roles_that_see_the_client_but_do_not_manage_are_refused(client, cast, persona):
    login(client, getattr(cast, persona))
    before = care_rows()
    assert client.get(url(cast.casey)).status_code == 403
    assert client.post(url(cast.casey), {"reason": "completed"}).status_code == 403
    assert care_rows() == before


def test_client_without_an_open_episode_cannot_be_discharged_again(client, cast):
    login(client, cast.sam)
    client.post(url(cast.casey), {"reason": "completed"})
    before = care_rows()
    response = client.post(url(cast.casey), {"reason": "left"})
    assert response.status_code == 422
    assert "Casey has no open episode." in response.content.decode()
    assert care_rows() == before


# (the form, given the cast; the message the page must show)
BAD_DISCHARGES = [
    pytest.param(lambda cast: {"reason": ""}, "This field is required.", id="no-reason"),
    pytest.param(
        lambda cast: {"reason": "vanished"},
        "Select a valid choice. vanished is not one of the available choices.",
        id="unknown-reason",
    ),
    pytest.param(
        lambda cast: {
            "reason": "completed",
            "discharged_at": local_input(timezone.now() - timedelta(days=30), cast),
        },
        "The discharge cannot be before the admission.",
        id="before-admission",
    ),
    pytest.param(
        lambda cast: {
            "reason": "completed",
            "discharged_at": local_input(timezone.now() + timedelta(days=1), cast),
        },
        "The discharge cannot be in the future.",
        id="in-the-future",
    ),
    pytest.param(
        lambda cast: {"reason": "completed", "discharged_at": "yesterday-ish"},
        "Enter a valid date/time.",
        id="not-a-time",
    ),
]


@pytest.mark.parametrize(("form", "message"), BAD_DISCHARGES)
def test_bad_discharge_is_shown_with_its_error_and_changes_nothing(client, cast, form, message):
    login(client, cast.sam)
    before = care_rows()
    response = client.post(url(cast.casey), {**form(cast), "end_assignments": "on"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert message in body
    assert care_rows() == before
