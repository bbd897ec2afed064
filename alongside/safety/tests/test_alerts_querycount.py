"""The alerts list costs the same number of queries however many alerts it shows (issue 8)."""

from __future__ import annotations

from alongside.safety.tests.factories import make_alert
from alongside.testing.personas import login, make_client
from alongside.testing.querycount import count_queries

URL = "/alerts/"


def test_alerts_list_query_count_does_not_grow_with_the_alerts(client, cast):
    make_alert(cast.casey)
    login(client, cast.ana)
    count_queries(client, URL)  # warm-up: the audit chain's head row
    small = count_queries(client, URL)
    for i in range(8):
        person = make_client(cast.residential, f"Person {i:02}", advocate=cast.ana)
        assert make_alert(person) is not None
    response = client.get(URL)
    assert response.text.count("Person 0") == 8  # the new alerts are on the page
    assert count_queries(client, URL) == small
