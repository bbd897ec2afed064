"""The audit review's questions are answered from their indexes, not by reading the table.

Timings on a million rows are in bench/audit_review.py (not a unit test). Here the planner is
asked how it would run each query: SQLite's EXPLAIN QUERY PLAN and PostgreSQL's EXPLAIN must
name the index. On PostgreSQL sequential scans are discouraged for the test (a table of a few
hundred rows is cheaper to read whole), so the plan shows which index it then prefers.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from alongside.audit.log import Event, record_many
from alongside.audit.models import AccessEvent, Action, BreakGlassGrant
from alongside.audit.queries import AuditFilter, events_for_review, events_under_grant

PEOPLE = 4
CLIENTS = 25


@pytest.fixture
def log(cast):
    """A few hundred rows by several people about many clients, with fresh statistics."""
    clients = [uuid.uuid4() for _ in range(CLIENTS)]
    people = [cast.ana, cast.ben, cast.sam, cast.cleo][:PEOPLE]
    start = timezone.now() - timedelta(days=30)
    record_many(
        Event(
            action=Action.VIEW,
            object_type="client",
            object_public_id=clients[i % CLIENTS],
            organization_id=cast.org.pk,
            client_public_id=clients[i % CLIENTS],
            user=people[i % PEOPLE],
            role="pra",
            occurred_at=start + timedelta(minutes=7 * i),
        )
        for i in range(400)
    )
    BreakGlassGrant.objects.bulk_create(
        BreakGlassGrant(
            organization_id=cast.org.pk,
            user_id=1000 + i % 20,
            user_email="someone@hope.test",
            client_id=2000 + i,
            reason="covering",
            explanation="Covering for a colleague.",
            started_at=start + timedelta(hours=i),
            ends_at=start + timedelta(hours=i + 1),
        )
        for i in range(200)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
    return {"clients": clients, "start": start}


def plan(queryset) -> str:
    return queryset.explain()


def test_who_accessed_this_client_uses_its_index(cast, log):
    wanted = AuditFilter(client_public_id=log["clients"][3])
    assert "audit_client_time" in plan(events_for_review([cast.org.pk], wanted)[:25])


def test_what_a_person_accessed_between_two_times_uses_its_index(cast, log):
    wanted = AuditFilter(
        user_id=cast.ben.pk, since=log["start"], until=log["start"] + timedelta(days=3)
    )
    assert "audit_user_time" in plan(events_for_review([cast.org.pk], wanted)[:25])


def test_the_newest_page_of_the_whole_log_uses_the_time_index(cast, log):
    assert "audit_chain_time" in plan(events_for_review([cast.org.pk], AuditFilter())[:25])


def test_a_grants_accesses_use_the_flag_index(cast, log):
    grant = BreakGlassGrant(public_id=uuid.uuid4(), organization_id=cast.org.pk)
    assert "audit_grant" in plan(events_under_grant(grant))


def test_the_access_layers_grant_lookup_uses_its_index(cast, log):
    lookup = BreakGlassGrant.objects.in_force(timezone.now()).filter(
        user_id=cast.ana.pk, client_id=cast.casey.pk
    )
    assert "breakglass_in_force" in plan(lookup.order_by().values("client_id"))


def test_the_review_indexes_exist(db):
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, AccessEvent._meta.db_table))
    assert {"audit_client_time", "audit_user_time", "audit_chain_time", "audit_grant"} <= names
