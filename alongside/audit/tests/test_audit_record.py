"""What record() and record_many() store, and what the row hash covers."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from alongside.audit.context import current_ip
from alongside.audit.log import Event, record, record_many
from alongside.audit.models import GENESIS_HASH, AccessEvent, Action, ChainHead, Outcome
from alongside.audit.verification import verify_all


@pytest.fixture
def request_from():
    """Set the caller's address, as AuditContextMiddleware does for a request."""
    tokens = []

    def set_ip(ip: str | None) -> None:
        tokens.append(current_ip.set(ip))

    yield set_ip
    for token in reversed(tokens):
        current_ip.reset(token)


def view_of(cast, client=None, **fields) -> Event:
    """Return an event on CLIENT (Casey unless given), with FIELDS overriding the defaults."""
    client = client or cast.casey
    defaults = {
        "action": Action.VIEW,
        "object_type": "client",
        "object_public_id": client.public_id,
        "organization_id": client.organization_id,
        "client_id": client.pk,
        "client_public_id": client.public_id,
    }
    return Event(**(defaults | fields))


def test_record_stores_who_did_what_to_which_client(cast, request_from):
    request_from("192.0.2.44")
    row = record(view_of(cast, user=cast.ana, role="pra", outcome=Outcome.DENIED))
    stored = AccessEvent.objects.get(pk=row.pk)
    assert (
        stored.user_id,
        stored.user_email,
        stored.role,
        stored.organization_id,
        stored.client_id,
        stored.client_public_id,
        stored.action,
        stored.object_type,
        stored.object_public_id,
        stored.outcome,
    ) == (
        cast.ana.pk,
        "ana@hope.test",
        "pra",
        cast.org.pk,
        cast.casey.pk,
        cast.casey.public_id,
        Action.VIEW,
        "client",
        str(cast.casey.public_id),
        Outcome.DENIED,
    )


def test_record_stores_the_address_of_the_current_request(cast, request_from):
    request_from("192.0.2.44")
    assert AccessEvent.objects.get(pk=record(view_of(cast)).pk).ip == "192.0.2.44"


def test_record_outside_a_request_stores_no_address(cast):
    assert AccessEvent.objects.get(pk=record(view_of(cast)).pk).ip is None


def test_record_stores_the_time_of_recording_when_none_is_given(cast):
    before = datetime.now(UTC)
    row = record(view_of(cast))
    assert before <= AccessEvent.objects.get(pk=row.pk).occurred_at <= datetime.now(UTC)


def test_first_event_of_an_organization_starts_its_chain(cast):
    row = record(view_of(cast))
    assert (row.chain, row.sequence, row.prev_hash) == (cast.org.pk, 1, GENESIS_HASH)


def test_each_event_links_to_the_one_before_and_moves_the_head(cast):
    first = record(view_of(cast))
    second = record(view_of(cast, action=Action.UPDATE))
    head = ChainHead.objects.get(chain=cast.org.pk)
    assert (second.sequence, second.prev_hash) == (2, first.hash)
    assert (head.sequence, head.hash) == (2, second.hash)


def test_each_organization_has_its_own_chain(cast):
    record(view_of(cast))
    theirs = record(view_of(cast, client=cast.quinn))
    assert (theirs.chain, theirs.sequence, theirs.prev_hash) == (
        cast.other_org.pk,
        1,
        GENESIS_HASH,
    )


def test_event_outside_any_organization_goes_to_chain_zero(db):
    row = record(Event(Action.EXPORT, "report", None, organization_id=None, role="system"))
    assert (row.chain, row.organization_id) == (0, None)


def test_stored_hash_is_the_hash_of_the_stored_row(cast, request_from):
    request_from("192.0.2.44")
    row = record(view_of(cast, user=cast.ana, role="pra"))
    stored = AccessEvent.objects.get(pk=row.pk)
    assert stored.hash == row.hash == stored.compute_hash()


def test_record_many_appends_events_in_order(cast):
    rows = record_many(view_of(cast, client=client) for client in (cast.casey, cast.riley))
    assert [(r.sequence, r.client_id) for r in rows] == [(1, cast.casey.pk), (2, cast.riley.pk)]
    assert rows[1].prev_hash == rows[0].hash


def test_record_many_of_no_events_writes_nothing(db):
    assert record_many([]) == []
    assert not ChainHead.objects.exists()


def test_record_many_refuses_events_of_two_organizations(cast):
    with pytest.raises(ValueError, match="single organization"):
        record_many([view_of(cast), view_of(cast, client=cast.quinn)])
    assert not AccessEvent.objects.exists()
    assert not ChainHead.objects.exists()


def test_unknown_action_is_refused(cast):
    with pytest.raises(ValueError):
        record(view_of(cast, action="peek"))
    assert not AccessEvent.objects.exists()


def test_event_timed_in_a_local_zone_is_stored_in_utc_and_verifies(cast):
    local = datetime(2026, 3, 8, 1, 59, 59, 999999, tzinfo=ZoneInfo("America/Chicago"))
    row = record(view_of(cast, occurred_at=local))
    stored = AccessEvent.objects.get(pk=row.pk)
    assert stored.occurred_at == local
    assert list(verify_all()) == [(cast.org.pk, 1, None)]


def test_event_with_a_naive_time_is_refused(cast):
    with pytest.raises(ValueError, match="timezone-aware"):
        record(view_of(cast, occurred_at=datetime(2026, 3, 8, 2, 30)))


def test_ipv6_address_in_any_spelling_verifies(cast, request_from):
    request_from("2001:DB8:0000:0:0::0001")
    row = record(view_of(cast))
    assert AccessEvent.objects.get(pk=row.pk).ip == "2001:db8::1"
    assert list(verify_all()) == [(cast.org.pk, 1, None)]


def test_client_public_id_given_as_text_verifies(cast):
    row = record(view_of(cast, client_public_id=str(cast.casey.public_id).upper()))
    assert AccessEvent.objects.get(pk=row.pk).client_public_id == cast.casey.public_id
    assert list(verify_all()) == [(cast.org.pk, 1, None)]


def unsaved_row() -> AccessEvent:
    """A row written under a break-glass grant: every field set."""
    return AccessEvent(
        chain=7,
        sequence=3,
        occurred_at=datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
        user_id=11,
        user_email="ana@hope.test",
        role="pra",
        organization_id=7,
        client_id=21,
        client_public_id=uuid.UUID(int=1),
        action=Action.VIEW,
        object_type="client",
        object_public_id=str(uuid.UUID(int=2)),
        ip="192.0.2.44",
        outcome=Outcome.SUCCESS,
        grant_public_id=uuid.UUID(int=5),
        prev_hash="a" * 64,
    )


CHANGES = {
    "chain": 8,
    "sequence": 4,
    "occurred_at": datetime(2026, 1, 2, 3, 4, 5, 7, tzinfo=UTC),
    "user_id": 12,
    "user_email": "Ana@hope.test",
    "role": "supervisor",
    "organization_id": 8,
    "client_id": None,
    "client_public_id": uuid.UUID(int=3),
    "action": Action.EXPORT,
    "object_type": "encounter",
    "object_public_id": str(uuid.UUID(int=4)),
    "ip": "192.0.2.45",
    "outcome": Outcome.DENIED,
    "grant_public_id": uuid.UUID(int=6),
    "prev_hash": "b" + "a" * 63,
}


def test_hash_covers_every_field_but_the_id_and_the_hash_itself():
    fields = {f.attname for f in AccessEvent._meta.concrete_fields} - {"id", "hash"}
    assert set(json.loads(unsaved_row().canonical())) == fields == set(CHANGES)


def test_an_unflagged_row_hashes_as_rows_did_before_the_break_glass_flag():
    """Rows written before `grant_public_id` existed have none: leaving a null out keeps
    their canonical bytes, and so their stored hashes, exactly as they were."""
    row = unsaved_row()
    row.grant_public_id = None
    assert "grant_public_id" not in json.loads(row.canonical())


def test_removing_the_break_glass_flag_changes_the_hash():
    row = unsaved_row()
    original = row.compute_hash()
    row.grant_public_id = None
    assert row.compute_hash() != original


@pytest.mark.parametrize("field", sorted(CHANGES))
def test_changing_a_field_changes_the_hash(field):
    row = unsaved_row()
    original = row.compute_hash()
    setattr(row, field, CHANGES[field])
    assert row.compute_hash() != original
