"""The database itself refuses to change or remove audit rows (migration 0002's triggers)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from alongside.audit.log import Event, record
from alongside.audit.models import AccessEvent, Action


@pytest.fixture
def event(cast) -> AccessEvent:
    return record(
        Event(Action.VIEW, "client", cast.casey.public_id, cast.org.pk, user=cast.ana, role="pra")
    )


def stored(event: AccessEvent) -> AccessEvent:
    return AccessEvent.objects.get(pk=event.pk)


def test_queryset_update_of_an_audit_row_is_refused(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(role="director")
    assert stored(event).role == "pra"


def test_saving_a_changed_audit_row_is_refused(event):
    event.user_email = "someone@else.test"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    assert stored(event).user_email == "ana@hope.test"


def test_queryset_delete_of_audit_rows_is_refused(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.all().delete()
    assert AccessEvent.objects.filter(pk=event.pk).exists()


def test_deleting_an_audit_row_instance_is_refused(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        event.delete()
    assert AccessEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_truncating_the_audit_table_is_refused(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_accessevent")
    assert AccessEvent.objects.filter(pk=event.pk).exists()


def test_appending_after_a_refused_change_still_works(event, cast):
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(role="director")
    following = record(Event(Action.VIEW, "client", cast.casey.public_id, cast.org.pk))
    assert following.prev_hash == event.hash
