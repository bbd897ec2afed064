"""Groups for the cast: Ana facilitates "Tuesday step study" in Residential."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from alongside.clients.models import Client
from alongside.groups.models import Group, RosterMember, Schedule, Session, Topic
from alongside.testing.personas import Cast, make_client


def make_group(cast: Cast, *, facilitator: Any = None, program: Any = None) -> Group:
    group = Group.objects.create(
        organization=cast.org,
        program=program or cast.residential,
        name="Evening step study",
        topic=Topic.STEP_STUDY,
        capacity=20,
        location="Room 2",
    )
    group.facilitators.add(facilitator or cast.ana)
    Schedule.objects.create(
        group=group,
        weekdays=[1],
        start_time=time(18, 0),
        minutes=60,
        starts_on=timezone.localdate(),
    )
    return group


def make_session(group: Group, *, starts_in: timedelta = timedelta(minutes=-30)) -> Session:
    return Session.objects.create(
        organization_id=group.organization_id, group=group, starts_at=timezone.now() + starts_in
    )


def enrol(group: Group, *clients: Client) -> None:
    for client in clients:
        RosterMember.objects.create(
            organization_id=group.organization_id, group=group, client=client
        )


def make_clients(cast: Cast, count: int, *, prefix: str = "Member") -> list[Client]:
    """COUNT residential clients on Ana's caseload."""
    return [make_client(cast.residential, f"{prefix} {n}", advocate=cast.ana) for n in range(count)]


@pytest.fixture
def group(cast: Cast) -> Group:
    group = make_group(cast)
    enrol(group, cast.casey)
    return group


@pytest.fixture
def session(group: Group) -> Session:
    return make_session(group)
