"""The supervisor's team view: each advocate's caseload and contacts this week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.clients.services import end_assignment
from alongside.overview.queries import start_of_week
from alongside.overview.tests.tables import table_rows
from alongside.testing.personas import login, make_client, make_encounter, make_member
from alongside.testing.querycount import count_queries

URL = reverse("overview:team")


def this_week(cast) -> datetime:
    """Return a moment inside the current week of the organization (its first second)."""
    return start_of_week(timezone.now(), cast.org) + timedelta(seconds=1)


def test_supervisor_sees_each_advocates_caseload(client, cast):
    login(client, cast.sam)
    response = client.get(URL)
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    assert rows["Ana Advocate"][0] == "2"
    assert rows["Ben Advocate"][0] == "1"


def test_supervisor_sees_each_advocates_contacts_this_week(client, cast):
    for _ in range(3):
        make_encounter(cast.casey, cast.ana, when=this_week(cast))
    make_encounter(cast.riley, cast.ben, when=this_week(cast))
    login(client, cast.sam)
    rows = table_rows(client.get(URL).content.decode())
    assert rows["Ana Advocate"] == ["2", "3"]
    assert rows["Ben Advocate"] == ["1", "1"]


def test_contacts_before_monday_in_the_organizations_zone_are_not_counted(client, cast):
    make_encounter(cast.casey, cast.ana, when=this_week(cast) - timedelta(minutes=2))
    login(client, cast.sam)
    assert table_rows(client.get(URL).content.decode())["Ana Advocate"] == ["2", "0"]


def test_ended_assignments_do_not_count_towards_the_caseload(client, cast):
    end_assignment(cast.sam, cast.casey.assignments.get())
    login(client, cast.sam)
    assert table_rows(client.get(URL).content.decode())["Ana Advocate"][0] == "1"


def test_supervisor_sees_how_many_people_wait_for_an_advocate(client, cast):
    make_client(cast.outpatient, "Second newcomer", admitted_days_ago=1)
    make_client(cast.outpatient, "Discharged, no advocate", discharged=True)
    login(client, cast.sam)
    body = client.get(URL).content.decode()
    assert "2 waiting" in body
    assert "people are in a program without an advocate" in body


def test_team_view_shows_only_the_supervisors_own_team(client, cast):
    lee = make_member(cast.org, "lee@hope.test", "Lee Lead", "supervisor")
    make_member(cast.org, "val@hope.test", "Val Advocate", "pra", supervisor=lee)
    login(client, cast.sam)
    rows = table_rows(client.get(URL).content.decode())
    assert set(rows) == {"Ana Advocate", "Ben Advocate"}


def test_contacts_in_another_organization_are_not_counted(client, cast):
    # Oscar also works for Hope Valley, on Sam's team; his Riverbend work is not Sam's business.
    make_member(cast.org, cast.oscar.email, "Oscar Outsider", "pra", supervisor=cast.sam)
    make_encounter(cast.quinn, cast.oscar, when=this_week(cast))
    login(client, cast.sam)
    assert table_rows(client.get(URL).content.decode())["Oscar Outsider"] == ["0", "0"]


def test_team_view_shows_counts_and_no_client_names(client, cast):
    login(client, cast.sam)
    body = client.get(URL).content.decode()
    for name in ("Casey", "Jordan", "Riley", "Newcomer", "Quinn"):
        assert name not in body


def test_supervisor_without_a_team_is_told_how_to_get_one(client, cast):
    lee = make_member(cast.org, "lee@hope.test", "Lee Lead", "supervisor")
    login(client, lee)
    assert "No advocates are on your team yet." in client.get(URL).content.decode()


@pytest.mark.parametrize("persona", ["ana", "cleo", "dana", "alex", "oscar"])
def test_team_view_is_only_for_supervisors(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(URL).status_code == 403


def test_team_view_requires_sign_in(client, cast):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_team_view_is_read_only(client, cast):
    login(client, cast.sam)
    assert client.post(URL).status_code == 405


def test_team_view_query_count_does_not_grow_with_the_team(client, cast):
    login(client, cast.sam)
    client.get(URL)  # warm-up, as for every audited page
    small = count_queries(client, URL)
    for i in range(18):
        advocate = make_member(
            cast.org, f"pra{i}@hope.test", f"Advocate {i:02}", "pra", supervisor=cast.sam
        )
        person = make_client(cast.residential, f"Client {i:02}", advocate=advocate)
        make_encounter(person, advocate, when=this_week(cast))
    large = count_queries(client, URL)
    assert len(table_rows(client.get(URL).content.decode())) == 20
    assert small == large


# start_of_week() is a pure function: the week starts Monday 00:00 in the organization's zone.


def test_week_starts_on_monday_midnight_local_time(cast):
    wednesday = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # 12:00 in Chicago (CST)
    assert start_of_week(wednesday, cast.org) == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def test_late_sunday_evening_local_time_is_still_last_week(cast):
    sunday_evening = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)  # Sunday 23:00 in Chicago
    assert start_of_week(sunday_evening, cast.org) == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def test_week_containing_the_spring_clock_change_starts_in_standard_time(cast):
    dst_sunday = datetime(2026, 3, 8, 18, 0, tzinfo=UTC)  # Sunday 13:00 CDT, after the change
    assert start_of_week(dst_sunday, cast.org) == datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def test_week_after_the_spring_clock_change_starts_in_daylight_time(cast):
    monday = datetime(2026, 3, 9, 15, 0, tzinfo=UTC)  # Monday 10:00 CDT
    assert start_of_week(monday, cast.org) == datetime(2026, 3, 9, 5, 0, tzinfo=UTC)
