"""Changes to a group (not to anyone's record) are written to the organization's audit chain:
who created it, cancelled or restored a session, moved the schedule, or changed who runs it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.groups.models import Group, Session
from alongside.groups.tests.conftest import make_session
from alongside.groups.tests.test_groups import new_group
from alongside.testing.personas import login

pytestmark = pytest.mark.django_db

GROUP_TYPES = ["group", "group_session", "group_schedule", "group_facilitator"]


def group_events() -> list[tuple[str, str, str, str]]:
    """(who, action, object type, object id) of every audit row about a group, oldest first."""
    return [
        (e.user_email, e.action, e.object_type, e.object_public_id)
        for e in AccessEvent.objects.filter(object_type__in=GROUP_TYPES).order_by("pk")
    ]


def test_creating_a_group_is_audited(client, cast):
    login(client, cast.ana)

    client.post(reverse("groups:new"), new_group(cast))

    group = Group.objects.get()
    assert group_events() == [(cast.ana.email, Action.CREATE, "group", str(group.public_id))]


def test_cancelling_and_restoring_a_session_are_audited(client, cast, group):
    future = make_session(group, starts_in=timedelta(days=2))
    login(client, cast.ana)

    client.post(reverse("groups:cancel", args=[future.public_id]), {"confirm": "on"})
    client.post(reverse("groups:restore", args=[future.public_id]))

    row = (cast.ana.email, Action.UPDATE, "group_session", str(future.public_id))
    assert group_events() == [row, row]


def test_cancelling_a_cancelled_session_again_writes_nothing(client, cast, group):
    future = make_session(group, starts_in=timedelta(days=2))
    Session.objects.filter(pk=future.pk).update(cancelled=True)
    login(client, cast.ana)

    client.post(reverse("groups:cancel", args=[future.public_id]), {"confirm": "on"})

    assert group_events() == []


def test_changing_the_schedule_is_audited_with_the_role(client, cast, group):
    login(client, cast.ana)

    client.post(
        reverse("groups:schedule", args=[group.public_id]),
        {"weekdays": ["3"], "start_time": "17:30", "minutes": "90", "exceptions": ""},
    )

    assert group_events() == [
        (cast.ana.email, Action.UPDATE, "group_schedule", str(group.public_id))
    ]
    assert AccessEvent.objects.get(object_type="group_schedule").role == "pra"


def test_adding_and_removing_a_facilitator_are_audited(client, cast, group):
    url = reverse("groups:facilitators", args=[group.public_id])
    login(client, cast.ana)

    client.post(url, {"action": "add", "user": cast.ben.public_id})
    client.post(url, {"action": "remove", "user": cast.ben.public_id})

    assert group_events() == [
        (cast.ana.email, Action.CREATE, "group_facilitator", str(group.public_id)),
        (cast.ana.email, Action.DELETE, "group_facilitator", str(group.public_id)),
    ]


def test_refused_changes_write_no_audit_rows(client, cast, group):
    past = make_session(group, starts_in=timedelta(days=-2))
    login(client, cast.ana)

    client.post(reverse("groups:cancel", args=[past.public_id]), {"confirm": "on"})
    client.post(reverse("groups:schedule", args=[group.public_id]), {"weekdays": []})
    client.post(
        reverse("groups:facilitators", args=[group.public_id]),
        {"action": "remove", "user": cast.ana.public_id},
    )

    assert group_events() == []
