"""The audit log review costs the same number of queries however long the log is (issue 8)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.urls import reverse

from alongside.audit.log import Event, record_many
from alongside.audit.models import Action
from alongside.testing.personas import login, make_client
from alongside.testing.querycount import count_queries

URL = reverse("privacy:audit")
T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def _views(cast, count: int, offset: int) -> None:
    people = [make_client(cast.residential, f"Person {i:02}", advocate=cast.ana) for i in range(4)]
    record_many(
        Event(
            action=Action.VIEW,
            object_type="client",
            object_public_id=people[i % 4].public_id,
            organization_id=cast.org.pk,
            client_id=people[i % 4].pk,
            client_public_id=people[i % 4].public_id,
            user=(cast.ana, cast.ben)[i % 2],
            role="pra",
            occurred_at=T0 + timedelta(minutes=offset + i),
        )
        for i in range(count)
    )


def test_audit_review_query_count_does_not_grow_with_the_log(client, cast):
    _views(cast, 3, 0)
    login(client, cast.pat)
    count_queries(client, URL)  # warm-up
    small = count_queries(client, URL)
    _views(cast, 80, 100)
    assert count_queries(client, URL) == small
    assert count_queries(client, URL + "?page=2") == small
