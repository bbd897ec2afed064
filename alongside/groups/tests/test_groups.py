"""Creating groups, their page and their roster."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.groups.models import Group, RosterMember, Schedule, Session
from alongside.groups.tests.conftest import make_session
from alongside.testing.personas import login

pytestmark = pytest.mark.django_db


def new_group(cast, **changes) -> dict:
    data = {
        "name": "Thursday life skills",
        "program": str(cast.residential.public_id),
        "topic": "life-skills",
        "capacity": "12",
        "weekdays": ["3"],
        "start_time": "18:00",
        "minutes": "60",
        "location": "Room 2",
        "video_link": "",
        "exceptions": "2026-12-24",
    }
    data.update(changes)
    return data


def detail(group) -> str:
    return reverse("groups:detail", args=[group.public_id])


def test_advocate_creates_a_group_with_its_schedule_and_sessions(client, cast):
    login(client, cast.ana)

    response = client.post(reverse("groups:new"), new_group(cast))

    group = Group.objects.get()
    assert response.status_code == 302
    assert list(group.facilitators.all()) == [cast.ana]
    assert Schedule.objects.get(group=group).exceptions == ["2026-12-24"]
    assert Session.objects.filter(group=group).exists()


def test_group_without_days_is_refused_and_nothing_saved(client, cast):
    login(client, cast.ana)

    response = client.post(reverse("groups:new"), new_group(cast, weekdays=[]))

    assert response.status_code == 422
    assert not Group.objects.exists()


def test_bad_skipped_date_is_refused_and_nothing_saved(client, cast):
    login(client, cast.ana)

    response = client.post(reverse("groups:new"), new_group(cast, exceptions="Christmas"))

    assert response.status_code == 422
    assert "is not a date" in response.text
    assert not Group.objects.exists()


def test_program_of_another_org_is_refused(client, cast):
    login(client, cast.ana)

    response = client.post(
        reverse("groups:new"), new_group(cast, program=str(cast.other_program.public_id))
    )

    assert response.status_code == 422
    assert not Group.objects.exists()


def test_clinician_cannot_create_groups(client, cast):
    login(client, cast.cleo)

    assert client.get(reverse("groups:new")).status_code == 403


def test_my_groups_lists_the_group(client, cast, group):
    login(client, cast.ana)

    assert "Evening step study" in client.get(reverse("groups:list")).text


def test_group_page_shows_the_roster_and_audits_the_view(client, cast, group):
    login(client, cast.ana)

    response = client.get(detail(group))

    assert "Casey" in response.text
    assert AccessEvent.objects.filter(action=Action.VIEW, client_id=cast.casey.pk).exists()


def test_group_page_lists_upcoming_sessions_first_then_recent_ones(client, cast, group):
    past = make_session(group, starts_in=timedelta(days=-6))
    future = make_session(group, starts_in=timedelta(days=1))
    login(client, cast.ana)

    text = client.get(detail(group)).text

    at = {what: text.index(what) for what in ("Upcoming", "Recent")}
    shown = {s: text.index(f"{s.public_id}/") for s in (past, future)}
    assert at["Upcoming"] < shown[future] < at["Recent"] < shown[past]


def test_group_without_past_sessions_has_no_recent_heading(client, cast, group):
    login(client, cast.ana)

    text = client.get(detail(group)).text

    assert "No upcoming sessions." in text
    assert "Recent" not in text


def test_advocate_of_another_org_gets_404(client, cast, group):
    login(client, cast.oscar)

    assert client.get(detail(group)).status_code == 404


def test_supervisor_sees_the_group_but_cannot_change_the_roster(client, cast, group):
    login(client, cast.sam)

    assert client.get(detail(group)).status_code == 200
    assert client.post(detail(group), {"client": cast.jordan.public_id}).status_code == 403


def test_facilitator_adds_a_client_of_the_program(client, cast, group):
    from alongside.testing.personas import make_client

    other = make_client(cast.residential, "Morgan", advocate=cast.ana)
    login(client, cast.ana)

    response = client.post(detail(group), {"client": other.public_id})

    assert response.status_code == 302
    assert RosterMember.objects.filter(group=group, client=other).exists()


def test_client_of_another_program_cannot_be_added(client, cast, group):
    login(client, cast.ana)

    response = client.post(detail(group), {"client": cast.jordan.public_id})  # outpatient

    assert response.status_code == 422
    assert not RosterMember.objects.filter(client=cast.jordan).exists()


def test_client_of_another_caseload_cannot_be_added(client, cast, group):
    login(client, cast.ana)

    response = client.post(detail(group), {"client": cast.riley.public_id})

    assert response.status_code == 422
    assert not RosterMember.objects.filter(client=cast.riley).exists()


def test_full_group_refuses_another_member(client, cast, group):
    from alongside.testing.personas import make_client

    Group.objects.filter(pk=group.pk).update(capacity=1)
    other = make_client(cast.residential, "Morgan", advocate=cast.ana)
    login(client, cast.ana)

    response = client.post(detail(group), {"client": other.public_id})

    assert response.status_code == 422
    assert "The group is full." in response.text
    assert not RosterMember.objects.filter(client=other).exists()
