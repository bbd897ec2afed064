"""Taking attendance: one screen, one group Encounter per person present or late."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.groups.models import Attendance
from alongside.groups.tests.conftest import enrol, make_clients, make_group, make_session
from alongside.support.models import Encounter, EncounterKind
from alongside.testing.personas import login
from alongside.testing.querycount import count_queries

pytestmark = pytest.mark.django_db


def url(session: Any) -> str:
    return reverse("groups:attendance", args=[session.public_id])


def marks(clients: list[Any], status: str = "present", **extra: str) -> dict[str, str]:
    data = {f"status-{c.public_id}": status for c in clients}
    data.update(extra)
    return data


@pytest.fixture
def twelve(cast, group):
    clients = make_clients(cast, 12)
    enrol(group, *clients)
    return clients


def test_attendance_for_twelve_clients_creates_twelve_group_encounters(client, cast, group, twelve):
    session = make_session(group)
    group.roster.filter(client=cast.casey).delete()
    login(client, cast.ana)

    response = client.post(url(session), marks(twelve, note="We read chapter 5."))

    assert response.status_code == 302
    encounters = Encounter.objects.filter(client__in=twelve)
    assert encounters.count() == 12
    assert set(encounters.values_list("kind", flat=True)) == {EncounterKind.GROUP}
    assert all("We read chapter 5." in e.note for e in encounters)


def test_saving_attendance_twice_creates_no_duplicates(client, cast, group, twelve):
    session = make_session(group)
    group.roster.filter(client=cast.casey).delete()
    login(client, cast.ana)
    client.post(url(session), marks(twelve, note="First draft."))

    client.post(url(session), marks(twelve, note="Final note."))

    encounters = Encounter.objects.filter(client__in=twelve)
    assert encounters.count() == 12
    assert all("Final note." in e.note and "First draft." not in e.note for e in encounters)
    assert Attendance.objects.filter(session=session).count() == 12


def test_late_counts_as_attended_and_excused_does_not(client, cast, group):
    jordan_like = make_clients(cast, 1)[0]
    enrol(group, jordan_like)
    session = make_session(group)
    login(client, cast.ana)

    client.post(url(session), marks([cast.casey], "late") | marks([jordan_like], "excused"))

    assert Encounter.objects.filter(client=cast.casey, kind="group").count() == 1
    assert not Encounter.objects.filter(client=jordan_like).exists()


def test_changing_present_to_absent_removes_the_encounter(client, cast, session):
    login(client, cast.ana)
    client.post(url(session), marks([cast.casey], "present"))

    client.post(url(session), marks([cast.casey], "absent"))

    row = Attendance.objects.get(session=session, client=cast.casey)
    assert row.status == "absent"
    assert row.encounter is None
    assert not Encounter.objects.filter(client=cast.casey, kind="group").exists()
    assert AccessEvent.objects.filter(action=Action.DELETE, object_type="encounter").count() == 1


def test_person_note_goes_to_that_persons_encounter_only(client, cast, group):
    other = make_clients(cast, 1)[0]
    enrol(group, other)
    session = make_session(group)
    login(client, cast.ana)

    data = marks([cast.casey, other])
    data[f"note-{cast.casey.public_id}"] = "Shared about work."
    client.post(url(session), data)

    assert "Shared about work." in Encounter.objects.get(client=cast.casey).note
    assert "Shared about work." not in Encounter.objects.get(client=other).note


def test_each_encounter_is_audited_as_created(client, cast, session):
    login(client, cast.ana)

    client.post(url(session), marks([cast.casey]))

    encounter = Encounter.objects.get(client=cast.casey)
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_public_id=encounter.public_id, client_id=cast.casey.pk
    ).exists()


def test_unknown_status_is_refused_and_nothing_saved(client, cast, session):
    login(client, cast.ana)

    response = client.post(url(session), marks([cast.casey], "asleep"))

    assert response.status_code == 422
    assert b"Nothing was saved" in response.content
    assert not Attendance.objects.exists()
    assert not Encounter.objects.filter(kind="group").exists()


def test_missing_status_is_refused_and_nothing_saved(client, cast, group):
    other = make_clients(cast, 1)[0]
    enrol(group, other)
    session = make_session(group)
    login(client, cast.ana)

    response = client.post(url(session), marks([cast.casey]))

    assert response.status_code == 422
    assert b"Choose a status." in response.content
    assert not Attendance.objects.exists()


def test_overlong_person_note_is_refused_and_nothing_saved(client, cast, session):
    login(client, cast.ana)
    data = marks([cast.casey])
    data[f"note-{cast.casey.public_id}"] = "x" * 201

    response = client.post(url(session), data)

    assert response.status_code == 422
    assert not Encounter.objects.filter(kind="group").exists()


def test_attendance_cannot_be_taken_before_the_session_starts(client, cast, group):
    session = make_session(group, starts_in=timedelta(days=2))
    login(client, cast.ana)

    response = client.post(url(session), marks([cast.casey]))

    assert response.status_code == 422
    assert not Attendance.objects.exists()


def test_advocate_of_another_org_gets_404(client, cast, session):
    login(client, cast.oscar)

    assert client.get(url(session)).status_code == 404
    assert client.post(url(session), marks([cast.casey])).status_code == 404
    assert not Attendance.objects.exists()


def test_advocate_who_does_not_facilitate_gets_404(client, cast, session):
    login(client, cast.ben)

    assert client.get(url(session)).status_code == 404


def test_supervisor_who_does_not_facilitate_may_look_but_not_record(client, cast, session):
    login(client, cast.sam)

    assert client.post(url(session), marks([cast.casey])).status_code == 403
    assert not Attendance.objects.exists()


def test_roster_members_of_another_caseload_are_not_shown(client, cast, group):
    enrol(group, cast.riley)  # Ben's client
    session = make_session(group)
    login(client, cast.ana)

    response = client.get(url(session))

    assert b"Casey" in response.content
    assert b"Riley" not in response.content
    assert b"1 more on the roster" in response.content


def test_wrong_method_is_refused(client, cast, session):
    login(client, cast.ana)

    assert client.put(url(session)).status_code == 405


def test_attendance_page_query_count_is_constant_across_roster_sizes(client, cast):
    small, large = make_group(cast), make_group(cast)
    enrol(small, *make_clients(cast, 2, prefix="Small"))
    enrol(large, *make_clients(cast, 12, prefix="Large"))
    small_session, large_session = make_session(small), make_session(large)
    login(client, cast.ana)
    count_queries(client, url(small_session))  # creates the audit chain head

    assert count_queries(client, url(small_session)) == count_queries(client, url(large_session))


def test_saving_attendance_query_count_is_constant_across_roster_sizes(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = make_group(cast), make_group(cast)
    small_clients = make_clients(cast, 2, prefix="Small")
    large_clients = make_clients(cast, 12, prefix="Large")
    enrol(small, *small_clients)
    enrol(large, *large_clients)
    small_session, large_session = make_session(small), make_session(large)
    login(client, cast.ana)
    client.get(url(small_session))
    counts = []
    for session, clients in ((small_session, small_clients), (large_session, large_clients)):
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url(session), marks(clients)).status_code == 302
        counts.append(len(queries))

    assert counts[0] == counts[1]
