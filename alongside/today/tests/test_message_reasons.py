"""Today's "unread messages" reason."""

from __future__ import annotations

from django.utils import timezone

from alongside.messaging.services import mark_read, send_message
from alongside.testing.personas import give_portal_account
from alongside.today.queries import today_queue


def row_for(user, client):
    rows = {row.client.pk: row for row in today_queue(user, timezone.now())}
    return rows.get(client.pk)


def test_an_unread_message_puts_the_person_on_today(cast):
    give_portal_account(cast.casey, "casey@example.test")
    send_message(cast.casey.user, cast.casey, "Can we talk?")
    send_message(cast.casey.user, cast.casey, "Tonight if possible")
    row = row_for(cast.ana, cast.casey)
    assert "unread_messages" in row.codes
    [flag] = [f for f in row.flags if f.reason.code == "unread_messages"]
    assert flag.detail.startswith("2 unread messages since ")


def test_reading_the_messages_clears_the_reason(cast):
    give_portal_account(cast.casey, "casey@example.test")
    send_message(cast.casey.user, cast.casey, "Can we talk?")
    mark_read(cast.ana, cast.casey)
    row = row_for(cast.ana, cast.casey)
    assert row is None or "unread_messages" not in row.codes


def test_the_supervisor_sees_the_team_unread_messages(cast):
    give_portal_account(cast.casey, "casey@example.test")
    send_message(cast.casey.user, cast.casey, "Can we talk?")
    assert "unread_messages" in row_for(cast.sam, cast.casey).codes


def test_the_advocate_own_messages_are_not_unread_messages(cast):
    send_message(cast.ana, cast.jordan, "Checking in on you")
    row = row_for(cast.ana, cast.jordan)
    assert row is None or "unread_messages" not in row.codes


def test_a_director_does_not_see_that_a_conversation_has_unread_messages(cast):
    give_portal_account(cast.casey, "casey@example.test")
    send_message(cast.casey.user, cast.casey, "Can we talk?")
    row = row_for(cast.dana, cast.casey)
    assert row is None or "unread_messages" not in row.codes
