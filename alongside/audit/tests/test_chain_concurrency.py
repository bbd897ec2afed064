"""Writers in one organization extending its chain at the same time.

Only PostgreSQL can show this: the in-memory SQLite test database shares one cache between
threads, where a second writer gets "database table is locked" at once instead of waiting.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection

from alongside.audit.log import Event, record
from alongside.audit.models import AccessEvent, Action
from alongside.audit.verification import verify_all

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 4
EVENTS_PER_THREAD = 25


def test_concurrent_writers_extend_one_unbroken_chain():
    organization_id = 4242
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            # All threads race to create the chain head, then to lock it.
            start.wait()
            for _ in range(EVENTS_PER_THREAD):
                record(Event(Action.VIEW, "client", uuid.uuid4(), organization_id))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    total = THREADS * EVENTS_PER_THREAD
    assert list(verify_all()) == [(organization_id, total, None)]
    sequences = AccessEvent.objects.filter(chain=organization_id).values_list("sequence", flat=True)
    assert sorted(sequences) == list(range(1, total + 1))
