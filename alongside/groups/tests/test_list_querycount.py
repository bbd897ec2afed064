"""The groups list costs the same number of queries however many groups it shows (issue 8)."""

from __future__ import annotations

from django.urls import reverse

from alongside.groups.tests.conftest import enrol, make_clients, make_group
from alongside.testing.personas import login
from alongside.testing.querycount import count_queries

URL = reverse("groups:list")


def test_groups_list_query_count_does_not_grow_with_the_groups(client, cast):
    enrol(make_group(cast), *make_clients(cast, 2))
    login(client, cast.ana)
    count_queries(client, URL)  # warm-up
    small = count_queries(client, URL)
    for number in range(6):
        group = make_group(cast, facilitator=cast.ana if number % 2 else cast.ben)
        enrol(group, *make_clients(cast, 3, prefix=f"Group {number} member"))
    assert count_queries(client, URL) == small
