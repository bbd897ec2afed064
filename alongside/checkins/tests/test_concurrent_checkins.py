"""Check-ins for one client submitted at the same moment (a double tap, or the client and
their advocate at once) still leave one row for the day.

Only PostgreSQL can show this: the in-memory SQLite test database shares one cache between
threads, where a second writer gets "database table is locked" at once instead of waiting.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from alongside.audit.models import AccessEvent, Action
from alongside.checkins.models import CheckIn, Source
from alongside.checkins.services import CheckInAnswers, record_checkin
from alongside.clients.models import Client

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 4


def test_simultaneous_check_ins_of_one_day_leave_one_row_and_lose_no_audit(cast):
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def submit(mood: int) -> None:
        try:
            client = Client.objects.get(pk=cast.casey.pk)
            start.wait()
            record_checkin(
                cast.ana, client, CheckInAnswers(mood=mood, craving=2), source=Source.STAFF
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(mood,)) for mood in range(1, THREADS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    [row] = CheckIn.objects.all()
    actions = list(
        AccessEvent.objects.filter(object_public_id=row.public_id)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [Action.CREATE] + [Action.UPDATE] * (THREADS - 1)
