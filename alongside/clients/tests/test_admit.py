"""Admitting a client through the web form (clients:admit)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action
from alongside.clients.models import Assignment, Client, Episode
from alongside.testing.personas import login, make_member

URL = reverse("clients:admit")


def form_data(cast: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "preferred_name": "Morgan",
        "program": str(cast.residential.public_id),
        "level_of_care": "residential",
        "language": "en",
    }
    data.update(changes)
    return data


def local_input(moment: datetime, cast: Any) -> str:
    """Return MOMENT as a datetime-local input value in the organization's zone."""
    return timezone.localtime(moment, zoneinfo.ZoneInfo(cast.org.time_zone)).strftime(
        "%Y-%m-%dT%H:%M"
    )


def saved_rows() -> tuple[int, int, int]:
    return Client.objects.count(), Episode.objects.count(), Assignment.objects.count()


def test_supervisor_sees_the_admission_form(client, cast):
    login(client, cast.sam)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Admit a client" in response.content.decode()


def test_supervisor_admits_a_client_into_a_program(client, cast):
    login(client, cast.sam)
    response = client.post(URL, form_data(cast))
    morgan = Client.objects.get(preferred_name="Morgan")
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[morgan.public_id])
    episode = morgan.episodes.get()
    assert episode.program == cast.residential
    assert episode.is_open
    assert morgan.organization == cast.org
    assert morgan.created_by == cast.sam


def test_admission_says_who_was_admitted(client, cast):
    login(client, cast.sam)
    response = client.post(URL, form_data(cast), follow=True)
    assert "Morgan admitted." in response.content.decode()


def test_admission_is_audited_for_the_client_and_the_episode(client, cast):
    login(client, cast.dana)
    client.post(URL, form_data(cast))
    morgan = Client.objects.get(preferred_name="Morgan")
    created = AccessEvent.objects.filter(
        client_id=morgan.pk, user_id=cast.dana.pk, action=Action.CREATE
    )
    assert sorted(created.values_list("object_type", flat=True)) == ["client", "episode"]


def test_admission_with_an_advocate_assigns_them(client, cast):
    login(client, cast.sam)
    client.post(URL, form_data(cast, advocate=str(cast.ana.public_id)))
    morgan = Client.objects.get(preferred_name="Morgan")
    assignment = morgan.assignments.current().get()
    assert assignment.advocate == cast.ana
    assert assignment.assigned_by == cast.sam
    assert AccessEvent.objects.filter(
        client_id=morgan.pk, action=Action.CREATE, object_type="assignment"
    ).exists()


def test_client_admitted_with_an_advocate_appears_on_their_caseload(client, cast):
    login(client, cast.sam)
    client.post(URL, form_data(cast, advocate=str(cast.ana.public_id)))
    login(client, cast.ana)
    assert "Morgan" in client.get(reverse("workspace:caseload")).content.decode()


def test_client_admitted_without_an_advocate_is_waiting_for_one(client, cast):
    login(client, cast.sam)
    response = client.post(URL, form_data(cast), follow=True)
    assert "Waiting for an advocate" in response.content.decode()
    assert not Client.objects.get(preferred_name="Morgan").assignments.exists()


def test_admission_keeps_the_optional_details(client, cast):
    login(client, cast.dana)
    admitted = timezone.now() - timedelta(days=2)
    client.post(
        URL,
        form_data(
            cast,
            admitted_at=local_input(admitted, cast),
            date_of_birth="1990-04-01",
            email="morgan@example.org",
            pathways=["smart", "medication"],
            time_zone="America/Denver",
        ),
    )
    morgan = Client.objects.get(preferred_name="Morgan")
    assert str(morgan.date_of_birth) == "1990-04-01"
    assert morgan.email == "morgan@example.org"
    assert morgan.pathways == ["smart", "medication"]
    assert morgan.time_zone == "America/Denver"
    assert abs(morgan.episodes.get().admitted_at - admitted) < timedelta(minutes=1)


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_admit_refuses_other_methods(client, cast, method):
    login(client, cast.sam)
    before = saved_rows()
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert saved_rows() == before


@pytest.mark.parametrize("persona", ["ana", "cleo", "alex", "oscar"])
def test_roles_that_do_not_admit_are_refused(client, cast, persona):
    login(client, getattr(cast, persona))
    before = saved_rows()
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(cast)).status_code == 403
    assert saved_rows() == before


def test_supervisor_of_another_organization_cannot_admit_into_ours(client, cast):
    riverbend_lead = make_member(cast.other_org, "rita@riverbend.test", "Rita", "supervisor")
    login(client, riverbend_lead)
    before = saved_rows()
    response = client.post(URL, form_data(cast))
    assert response.status_code == 422
    assert saved_rows() == before


def test_admit_requires_sign_in(client, cast):
    response = client.post(URL, form_data(cast))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Client.objects.filter(preferred_name="Morgan").exists()


def in_days(days: int) -> datetime:
    return timezone.now() + timedelta(days=days)


NOT_A_CHOICE = "Select a valid choice. That choice is not one of the available choices."

# (the change to a valid form, given the cast; the message the page must show)
BAD_ADMISSIONS = [
    pytest.param(lambda cast: {"preferred_name": ""}, "This field is required.", id="no-name"),
    pytest.param(
        lambda cast: {"preferred_name": "   "}, "This field is required.", id="blank-name"
    ),
    pytest.param(lambda cast: {"program": ""}, "This field is required.", id="no-program"),
    pytest.param(
        lambda cast: {"program": str(cast.other_program.public_id)},
        NOT_A_CHOICE,
        id="program-of-another-organization",
    ),
    pytest.param(
        lambda cast: {"level_of_care": ""}, "This field is required.", id="no-level-of-care"
    ),
    pytest.param(
        lambda cast: {"admitted_at": local_input(in_days(2), cast)},
        "The admission cannot be in the future.",
        id="future-admission",
    ),
    pytest.param(
        lambda cast: {"email": "not-an-address"}, "Enter a valid email address.", id="bad-email"
    ),
    pytest.param(
        lambda cast: {"date_of_birth": (timezone.localdate() + timedelta(days=1)).isoformat()},
        "The date of birth must be in the past.",
        id="future-date-of-birth",
    ),
    pytest.param(
        lambda cast: {"time_zone": "Mars/Olympus_Mons"},
        "Select a valid choice. Mars/Olympus_Mons is not one of the available choices.",
        id="unknown-time-zone",
    ),
    pytest.param(
        lambda cast: {"advocate": str(cast.oscar.public_id)},
        NOT_A_CHOICE,
        id="advocate-of-another-organization",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_ADMISSIONS)
def test_bad_admission_is_shown_with_its_error_and_saves_nothing(client, cast, change, message):
    login(client, cast.dana)
    before = saved_rows()
    audit_before = AccessEvent.objects.filter(action=Action.CREATE).count()
    response = client.post(URL, form_data(cast, **change(cast)))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert message in body
    assert saved_rows() == before
    assert AccessEvent.objects.filter(action=Action.CREATE).count() == audit_before


def test_bad_admission_keeps_what_was_typed(client, cast):
    login(client, cast.sam)
    response = client.post(URL, form_data(cast, preferred_name="Morgan", email="nope"))
    assert 'value="Morgan"' in response.content.decode()


def test_supervisor_cannot_admit_with_an_advocate_from_another_team(client, cast):
    lee = make_member(cast.org, "lee@hope.test", "Lee Lead", "supervisor")
    val = make_member(cast.org, "val@hope.test", "Val Advocate", "pra", supervisor=lee)
    login(client, cast.sam)
    before = saved_rows()
    response = client.post(URL, form_data(cast, advocate=str(val.public_id)))
    assert response.status_code == 422
    assert "Select a valid choice." in response.content.decode()
    assert saved_rows() == before
