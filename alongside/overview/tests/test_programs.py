"""The director's program view: per-program counts of open episodes and recent movements."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.clients.models import Episode
from alongside.organizations.models import Program
from alongside.overview.tests.tables import table_rows
from alongside.testing.personas import login, make_client
from alongside.testing.querycount import count_queries

URL = reverse("overview:program")
# Columns: in the program now, admitted (30 days), discharged (30 days), of those completed.


def test_director_sees_open_episodes_per_program(client, cast):
    login(client, cast.dana)
    response = client.get(URL)
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    assert rows["Residential"][0] == "3"  # Casey, Riley, Newcomer
    assert rows["Outpatient"][0] == "1"  # Jordan


def test_director_sees_admissions_and_discharges_of_the_last_30_days(client, cast):
    make_client(cast.outpatient, "Finished", discharged=True)
    left = make_client(cast.outpatient, "Left early")
    Episode.objects.filter(client=left).update(
        discharged_at=timezone.now(), discharge_reason="left"
    )
    make_client(cast.outpatient, "Long ago", admitted_days_ago=90)
    login(client, cast.dana)
    rows = table_rows(client.get(URL).content.decode())
    assert rows["Outpatient"] == ["2", "3", "2", "1"]


def test_program_without_episodes_shows_zeros(client, cast):
    Program.objects.create(organization=cast.org, name="Recovery housing", kind="residential")
    login(client, cast.dana)
    assert table_rows(client.get(URL).content.decode())["Recovery housing"] == ["0"] * 4


def test_program_view_leaves_out_other_organizations(client, cast):
    Program.objects.create(organization=cast.other_org, name="Riverbend only", kind="outpatient")
    login(client, cast.dana)
    rows = table_rows(client.get(URL).content.decode())
    assert set(rows) == {"Residential", "Outpatient"}
    assert rows["Residential"][0] == "3"  # Quinn, in Riverbend's residential, is not counted


def test_director_sees_how_many_people_wait_for_an_advocate(client, cast):
    login(client, cast.dana)
    assert "1 waiting" in client.get(URL).content.decode()


def test_program_view_shows_counts_and_no_client_names(client, cast):
    login(client, cast.dana)
    body = client.get(URL).content.decode()
    for name in ("Casey", "Jordan", "Riley", "Newcomer", "Quinn"):
        assert name not in body


@pytest.mark.parametrize("persona", ["ana", "sam", "cleo", "alex", "oscar"])
def test_program_view_is_only_for_directors(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(URL).status_code == 403


def test_program_view_is_read_only(client, cast):
    login(client, cast.dana)
    assert client.post(URL).status_code == 405


def test_program_view_query_count_does_not_grow_with_programs_or_clients(client, cast):
    login(client, cast.dana)
    client.get(URL)  # warm-up, as for every audited page
    small = count_queries(client, URL)
    for i in range(18):
        program = Program.objects.create(
            organization=cast.org, name=f"Program {i:02}", kind="outpatient"
        )
        make_client(program, f"Client {i:02}", discharged=i % 2 == 0)
        make_client(program, f"Earlier {i:02}", admitted_days_ago=60 + i)
    large = count_queries(client, URL)
    assert len(table_rows(client.get(URL).content.decode())) == 20
    assert small == large


def test_admitted_counts_only_the_last_30_days(client, cast):
    make_client(cast.outpatient, "Thirty-one days", admitted_days_ago=31)
    make_client(cast.outpatient, "Twenty-nine days", admitted_days_ago=29)
    login(client, cast.dana)
    rows = table_rows(client.get(URL).content.decode())
    assert rows["Outpatient"][:2] == ["3", "2"]


def test_discharge_more_than_30_days_ago_is_not_a_recent_discharge(client, cast):
    old = make_client(cast.outpatient, "Old discharge", admitted_days_ago=90)
    Episode.objects.filter(client=old).update(
        discharged_at=timezone.now() - timedelta(days=40), discharge_reason="completed"
    )
    login(client, cast.dana)
    assert table_rows(client.get(URL).content.decode())["Outpatient"] == ["1", "1", "0", "0"]
