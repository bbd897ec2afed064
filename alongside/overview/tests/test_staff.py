"""The administrator's staff view: who works here, in which role, team and programs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.organizations.models import Membership, Program
from alongside.overview.tests.tables import table_rows
from alongside.testing.personas import login, make_member
from alongside.testing.querycount import count_queries

URL = reverse("overview:staff")
# Columns after the name: e-mail, role, team / programs, status.


def test_administrator_sees_everyone_on_the_staff(client, cast):
    login(client, cast.alex)
    response = client.get(URL)
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    assert set(rows) == {
        "Ana Advocate",
        "Ben Advocate",
        "Sam Supervisor",
        "Cleo Clinician",
        "Dana Director",
        "Alex Admin",
        "Pat Privacy",
    }


def test_staff_view_shows_email_and_role(client, cast):
    login(client, cast.alex)
    rows = table_rows(client.get(URL).content.decode())
    assert rows["Dana Director"][:2] == ["dana@hope.test", "Program director"]


def test_staff_view_shows_each_advocates_supervisor(client, cast):
    login(client, cast.alex)
    rows = table_rows(client.get(URL).content.decode())
    assert rows["Ana Advocate"][2] == "Supervised by Sam Supervisor"


def test_staff_view_shows_each_clinicians_programs(client, cast):
    login(client, cast.alex)
    rows = table_rows(client.get(URL).content.decode())
    assert rows["Cleo Clinician"][2] == "Residential"


def test_staff_view_marks_inactive_memberships(client, cast):
    Membership.objects.filter(user=cast.ben).update(is_active=False)
    login(client, cast.alex)
    rows = table_rows(client.get(URL).content.decode())
    assert rows["Ben Advocate"][3] == "Inactive"
    assert rows["Ana Advocate"][3] == "Active"


def test_staff_view_lists_the_programs(client, cast):
    Program.objects.create(organization=cast.org, name="Old program", is_active=False)
    login(client, cast.alex)
    body = client.get(URL).content.decode()
    assert "<li>Residential" in body and "<li>Outpatient" in body
    assert "Old program" in body and "(inactive)" in body


def test_staff_view_leaves_out_other_organizations(client, cast):
    login(client, cast.alex)
    body = client.get(URL).content.decode()
    assert "Oscar" not in body
    assert "riverbend" not in body.lower()


def test_staff_view_shows_no_client_names(client, cast):
    login(client, cast.alex)
    body = client.get(URL).content.decode()
    for name in ("Casey", "Jordan", "Riley", "Newcomer", "Quinn"):
        assert name not in body


@pytest.mark.parametrize("persona", ["ana", "sam", "cleo", "dana", "oscar"])
def test_staff_view_is_only_for_administrators(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(URL).status_code == 403


def test_administrator_of_another_organization_sees_only_their_own_staff(client, cast):
    riverbend_admin = make_member(cast.other_org, "ria@riverbend.test", "Ria Admin", "admin")
    login(client, riverbend_admin)
    rows = table_rows(client.get(URL).content.decode())
    assert set(rows) == {"Oscar Outsider", "Ria Admin"}


def test_staff_view_is_read_only(client, cast):
    login(client, cast.alex)
    assert client.post(URL).status_code == 405


def test_staff_view_query_count_does_not_grow_with_the_staff(client, cast):
    login(client, cast.alex)
    client.get(URL)  # warm-up, as for every audited page
    small = count_queries(client, URL)
    for i in range(9):
        make_member(cast.org, f"pra{i}@hope.test", f"Advocate {i:02}", "pra", supervisor=cast.sam)
        make_member(
            cast.org,
            f"clinician{i}@hope.test",
            f"Clinician {i:02}",
            "clinician",
            programs=[cast.residential, cast.outpatient],
        )
    large = count_queries(client, URL)
    assert len(table_rows(client.get(URL).content.decode())) == 25
    assert small == large
