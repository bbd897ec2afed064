from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from alongside.audit.context import current_ip
from alongside.audit.log import Event, record, record_many
from alongside.audit.models import AccessEvent, Action
from alongside.testing.personas import Cast

ADDRESSES = ["192.0.2.10", "2001:db8::7", None, "198.51.100.23"]


@pytest.fixture
def chains(cast: Cast) -> dict[int, list[AccessEvent]]:
    """Forty events in the chains of Hope Valley and Riverbend, by chain id, in sequence order.

    The two chains are written interleaved, one event at a time and in batches, by several
    people from several addresses (and none), so each tampering has neighbours of both kinds.
    """
    start = timezone.now() - timedelta(days=3)
    hope = [(cast.ana, cast.casey), (cast.ben, cast.riley), (cast.sam, cast.jordan)]
    for i in range(10):
        token = current_ip.set(ADDRESSES[i % len(ADDRESSES)])
        try:
            user, client = hope[i % len(hope)]
            record(
                Event(
                    action=list(Action)[i % len(Action)],
                    object_type="client",
                    object_public_id=client.public_id,
                    organization_id=cast.org.pk,
                    client_id=client.pk,
                    client_public_id=client.public_id,
                    user=user,
                    role="pra",
                    occurred_at=start + timedelta(minutes=7 * i, microseconds=i),
                )
            )
            record_many(
                Event(
                    action=Action.VIEW,
                    object_type="encounter",
                    object_public_id=uuid.uuid4(),
                    organization_id=cast.other_org.pk,
                    client_id=cast.quinn.pk,
                    client_public_id=cast.quinn.public_id,
                    user=cast.oscar,
                    role="pra",
                )
                for _ in range(2)
            )
            record(Event(Action.EXPORT, "report", None, cast.org.pk, role="system"))
        finally:
            current_ip.reset(token)
    return {
        chain: list(AccessEvent.objects.filter(chain=chain).order_by("sequence"))
        for chain in (cast.org.pk, cast.other_org.pk)
    }


@pytest.fixture
def lifted_triggers(db) -> None:
    """Let this test change and delete audit rows, as someone with database rights could.

    DDL is transactional on both databases, so the triggers return when the test's
    transaction is rolled back.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_accessevent_no_update")
            cursor.execute("DROP TRIGGER audit_accessevent_no_delete")
