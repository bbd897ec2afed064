"""/healthz/me, the floor of `make bench`: signed-in only, the caller's roles, nothing else."""

from __future__ import annotations

from django.urls import reverse

from alongside.testing.personas import login
from alongside.testing.querycount import count_queries

URL = reverse("whoami")


def test_it_answers_the_callers_own_roles(client, cast):
    login(client, cast.ana)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"ok": True, "roles": ["pra"]}


def test_a_person_in_recovery_has_no_staff_roles(client, cast):
    from alongside.testing.personas import give_portal_account

    login(client, give_portal_account(cast.casey, "casey@example.test"))
    assert client.get(URL).json() == {"ok": True, "roles": []}


def test_it_needs_a_sign_in(client, cast):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_only_reads(client, cast):
    login(client, cast.ana)
    assert client.post(URL).status_code == 405


def test_it_costs_one_query_of_its_own(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, cast.ana)
    count_queries(client, URL)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    # The view's query selects the role alone; the middleware's read whole rows.
    own = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "organizations_membership"."role" AS "role" FROM')
    ]
    assert len(own) == 1
