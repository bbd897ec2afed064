"""/api/v1/clients/{id}/messages and /api/v1/messages/unread: the secure conversation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from alongside.accounts.models import ApiToken
from alongside.api.tests.payloads import integers_in
from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.clients.models import Assignment
from alongside.messaging.models import BODY_LENGTH, Message, WorkingDay
from alongside.notifications.delivery import deliver_due
from alongside.notifications.models import Delivery, Kind
from alongside.testing.personas import give_portal_account, login, make_checkin
from alongside.testing.querycount import count_queries

UNREAD = "/messages/unread"
SECRET = "Court is on Thursday and I am scared"

# The cast's organization is in Chicago. Saturday March 7, 2026 is the weekend before the
# spring clock change: noon there is 18:00 UTC (CST), Monday 9:00 is 14:00 UTC (CDT).
SATURDAY_NOON = datetime(2026, 3, 7, 18, 0, tzinfo=UTC)
MONDAY_9AM_AFTER_THE_CHANGE = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)
WEDNESDAY_10AM = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)


def conversation(client: Any) -> str:
    return f"/clients/{client.public_id}/messages"


def at(moment: datetime) -> Any:
    return mock.patch("django.utils.timezone.now", return_value=moment)


def make_message(
    client: Any, sender: Any, body: str = "Hello", *, hours_ago: float = 1, read: bool = False
) -> Message:
    """Write a message directly (no service, no audit row, no notice)."""
    sent_at = timezone.now() - timedelta(hours=hours_ago)
    from_client = sender.pk == client.user_id
    return Message.objects.create(
        organization_id=client.organization_id,
        client=client,
        sender=sender,
        from_client=from_client,
        body=body,
        sent_at=sent_at,
        read_at=sent_at + timedelta(minutes=5) if read else None,
    )


@pytest.fixture
def casey_user(cast):
    """Casey's own portal account, with an e-mail address their notices go to."""
    user = give_portal_account(cast.casey, "casey@portal.test")
    cast.casey.email = "casey@portal.test"
    cast.casey.save(update_fields=["email"])
    return user


@pytest.fixture
def casey_api(cast, casey_user, bearer):
    """Casey, calling with a token of their own portal account."""
    _, raw = ApiToken.issue(casey_user)
    return bearer(raw)


# --- Reading ---------------------------------------------------------------------------------


def test_advocate_reads_the_conversation_newest_first(cast, casey_user, api_as):
    older = make_message(cast.casey, casey_user, "Can we talk tomorrow?", hours_ago=3)
    newer = make_message(cast.casey, cast.ana, "Yes, 10:00 works.", hours_ago=2, read=True)
    make_message(cast.jordan, cast.ana, "Not Casey's.")
    response = api_as(cast.ana).get(conversation(cast.casey))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [m["id"] for m in body["items"]] == [str(newer.public_id), str(older.public_id)]
    assert body["items"][1] == {
        "id": str(older.public_id),
        "from_client": True,
        "sender": {"id": str(casey_user.public_id), "name": "Casey"},
        "body": "Can we talk tomorrow?",
        "sent_at": body["items"][1]["sent_at"],
        "read_at": None,
    }
    assert body["items"][0]["from_client"] is False
    assert body["items"][0]["sender"] == {"id": str(cast.ana.public_id), "name": "Ana Advocate"}
    assert body["items"][0]["read_at"] is not None
    assert integers_in(body) == [2]


def test_conversation_pages_like_every_list(cast, casey_user, api_as):
    for n in range(1, 6):
        make_message(cast.casey, casey_user, f"Message {n}", hours_ago=n)
    body = api_as(cast.ana).get(conversation(cast.casey), limit=2, offset=2).json()
    assert [m["body"] for m in body["items"]] == ["Message 3", "Message 4"]
    assert body["count"] == 5


def test_conversation_rejects_a_bad_limit(cast, api_as):
    response = api_as(cast.ana).get(conversation(cast.casey), limit=0)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_client_reads_their_own_conversation(cast, casey_user, casey_api):
    make_message(cast.casey, cast.ana, "How did the interview go?")
    response = casey_api.get(conversation(cast.casey))
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["body"] == "How did the interview go?"
    event = AccessEvent.objects.get()
    assert (event.user_id, event.role, event.object_type) == (
        casey_user.pk,
        "client",
        "conversation",
    )


def test_client_cannot_read_someone_elses_conversation(cast, casey_api):
    make_message(cast.jordan, cast.ana, "For Jordan only.")
    other = casey_api.get(conversation(cast.jordan))
    unknown = casey_api.get(f"/clients/{uuid.uuid4()}/messages")
    assert other.status_code == 404
    assert (unknown.status_code, unknown.json()) == (other.status_code, other.json())
    assert b"Jordan" not in other.content
    assert not AccessEvent.objects.exists()


def test_supervisor_reads_along_and_leaves_the_messages_unread(cast, casey_user, api_as):
    message = make_message(cast.casey, casey_user, "Are you there?")
    response = api_as(cast.sam).get(conversation(cast.casey))
    assert response.status_code == 200
    assert [m["body"] for m in response.json()["items"]] == ["Are you there?"]
    message.refresh_from_db()
    assert message.read_at is None
    event = AccessEvent.objects.get()
    assert (event.user_id, event.action, event.object_type) == (
        cast.sam.pk,
        Action.VIEW,
        "conversation",
    )


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_staff_without_read_messages_are_refused_and_see_no_text(cast, casey_user, api_as, persona):
    message = make_message(cast.casey, casey_user, SECRET)
    response = api_as(getattr(cast, persona)).get(conversation(cast.casey))
    assert response.status_code == 403
    assert response.json() == {"detail": "Not allowed."}
    assert SECRET.encode() not in response.content
    event = AccessEvent.objects.get()
    assert event.outcome == Outcome.DENIED
    message.refresh_from_db()
    assert message.read_at is None


@pytest.mark.parametrize("persona", ["ben", "oscar", "alex"])
def test_conversation_outside_the_callers_scope_is_404(cast, casey_user, api_as, persona):
    make_message(cast.casey, casey_user, SECRET)
    response = api_as(getattr(cast, persona)).get(conversation(cast.casey))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not AccessEvent.objects.exists()


def test_conversation_of_an_unknown_client_is_404(cast, api_as):
    assert api_as(cast.ana).get(f"/clients/{uuid.uuid4()}/messages").status_code == 404


def test_reading_needs_credentials(cast, anonymous):
    response = anonymous.get(conversation(cast.casey))
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}


def test_reading_audits_one_view_of_the_conversation(cast, casey_user, api_as):
    for n in range(3):
        make_message(cast.casey, casey_user, f"Message {n}", hours_ago=n + 1)
    api_as(cast.ana).get(conversation(cast.casey))
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type, event.outcome) == (
        Action.VIEW,
        "conversation",
        Outcome.SUCCESS,
    )
    assert event.client_public_id == cast.casey.public_id
    assert event.user_id == cast.ana.pk


def test_advocate_opening_the_conversation_marks_the_clients_messages_read(
    cast, casey_user, api_as
):
    theirs = make_message(cast.casey, casey_user, "Call me?", hours_ago=2)
    mine = make_message(cast.casey, cast.ana, "Sure.", hours_ago=1)
    api = api_as(cast.ana)
    first = api.get(conversation(cast.casey)).json()
    # The page shows what was new when it was opened ...
    assert [m["read_at"] for m in first["items"]] == [None, None]
    theirs.refresh_from_db()
    mine.refresh_from_db()
    # ... and opening it set the receipt on the client's message, not on the advocate's own.
    assert theirs.read_at is not None and theirs.read_by_id == cast.ana.pk
    assert mine.read_at is None
    second = api.get(conversation(cast.casey)).json()
    assert second["items"][1]["read_at"] is not None
    assert second["items"][0]["read_at"] is None


def test_client_opening_the_conversation_marks_the_advocates_messages_read(
    cast, casey_user, casey_api
):
    reply = make_message(cast.casey, cast.ana, "Proud of you.")
    own = make_message(cast.casey, casey_user, "Thanks!", hours_ago=0.5)
    casey_api.get(conversation(cast.casey))
    reply.refresh_from_db()
    own.refresh_from_db()
    assert reply.read_at is not None and reply.read_by_id == casey_user.pk
    assert own.read_at is None


def test_conversation_query_count_does_not_grow_with_history(cast, casey_user, client):
    login(client, cast.ana)
    url = "/api/v1" + conversation(cast.casey)
    make_message(cast.casey, casey_user, "First")
    client.get(url)  # the first audit write creates the chain head
    small = count_queries(client, url)
    for n in range(2, 60):
        make_message(cast.casey, casey_user if n % 2 else cast.ana, f"Message {n}", hours_ago=n)
    assert count_queries(client, url) == small


# --- Sending -----------------------------------------------------------------------------------


def test_advocate_sends_a_message(cast, casey_user, api_as):
    response = api_as(cast.ana).post(conversation(cast.casey), {"body": "  See you at 10.  "})
    assert response.status_code == 201
    body = response.json()
    message = Message.objects.get()
    assert (message.client, message.sender, message.from_client) == (cast.casey, cast.ana, False)
    assert message.body == "See you at 10."
    assert body == {
        "id": str(message.public_id),
        "from_client": False,
        "sender": {"id": str(cast.ana.public_id), "name": "Ana Advocate"},
        "body": "See you at 10.",
        "sent_at": body["sent_at"],
        "read_at": None,
        "reply_expected": None,
    }
    assert integers_in(body) == []
    assert Delivery.objects.get().kind == Kind.MESSAGE_FOR_CLIENT


def test_sending_writes_a_create_audit_row(cast, api_as):
    body = api_as(cast.ana).post(conversation(cast.casey), {"body": "Checking in."}).json()
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type, event.user_id) == (
        Action.CREATE,
        "message",
        cast.ana.pk,
    )
    assert event.object_public_id == body["id"]


def test_client_sends_in_working_hours_and_an_advocate_is_available(cast, casey_api):
    with at(WEDNESDAY_10AM):
        response = casey_api.post(conversation(cast.casey), {"body": "Got the job!"})
    assert response.status_code == 201
    body = response.json()
    assert body["from_client"] is True
    assert body["reply_expected"] == {"available_now": True, "next_reply_at": None}
    message = Message.objects.get()
    assert (message.from_client, message.sent_at) == (True, WEDNESDAY_10AM)
    assert Delivery.objects.get().kind == Kind.MESSAGE_FOR_STAFF


def test_client_writing_out_of_hours_is_told_when_a_reply_is_likely(cast, casey_api):
    with at(SATURDAY_NOON):
        body = casey_api.post(conversation(cast.casey), {"body": "Rough night."}).json()
    assert body["reply_expected"]["available_now"] is False
    # Monday 9:00 in Chicago, after the clocks went forward: 14:00 UTC, not 15:00.
    assert body["reply_expected"]["next_reply_at"] == "2026-03-09T14:00:00Z"
    # The advocate's notice waits for the same moment.
    assert Delivery.objects.get().next_attempt_at == MONDAY_9AM_AFTER_THE_CHANGE


def test_reply_expected_follows_the_earliest_of_the_advocates_own_hours(cast, casey_api):
    Assignment.objects.create(
        organization=cast.org, client=cast.casey, advocate=cast.ben, started_at=timezone.now()
    )
    # Ana works Mondays only; Ben works Sunday mornings.
    WorkingDay.objects.create(
        organization=cast.org, user=cast.ana, weekday=0, starts=time(9), ends=time(17)
    )
    WorkingDay.objects.create(
        organization=cast.org, user=cast.ben, weekday=6, starts=time(8), ends=time(12)
    )
    with at(SATURDAY_NOON):
        body = casey_api.post(conversation(cast.casey), {"body": "Rough night."}).json()
    # Sunday March 8 is the change day itself: 8:00 is already daylight time (UTC-5).
    assert body["reply_expected"] == {
        "available_now": False,
        "next_reply_at": "2026-03-08T13:00:00Z",
    }


def test_reply_expected_leaves_out_an_advocate_whose_account_is_closed(cast, casey_api):
    Assignment.objects.create(
        organization=cast.org, client=cast.casey, advocate=cast.ben, started_at=timezone.now()
    )
    WorkingDay.objects.create(
        organization=cast.org, user=cast.ben, weekday=6, starts=time(8), ends=time(12)
    )
    cast.ana.is_active = False
    cast.ana.save(update_fields=["is_active"])
    with at(WEDNESDAY_10AM):
        body = casey_api.post(conversation(cast.casey), {"body": "Hello?"}).json()
    assert body["reply_expected"] == {
        "available_now": False,
        "next_reply_at": "2026-03-15T13:00:00Z",
    }


def test_supervisor_cannot_send_and_nothing_is_saved(cast, casey_user, api_as):
    response = api_as(cast.sam).post(conversation(cast.casey), {"body": "From the supervisor."})
    assert response.status_code == 403
    assert response.json() == {"detail": "Not allowed."}
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()
    event = AccessEvent.objects.get()
    assert (event.action, event.object_type, event.outcome) == (
        Action.CREATE,
        "message",
        Outcome.DENIED,
    )


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_staff_without_read_messages_cannot_send(cast, casey_user, api_as, persona):
    response = api_as(getattr(cast, persona)).post(conversation(cast.casey), {"body": "Hello."})
    assert response.status_code == 403
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()
    assert AccessEvent.objects.get().outcome == Outcome.DENIED


@pytest.mark.parametrize("persona", ["ben", "oscar", "alex"])
def test_sending_outside_the_callers_scope_is_404_and_saves_nothing(cast, api_as, persona):
    response = api_as(getattr(cast, persona)).post(conversation(cast.casey), {"body": "Hi."})
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not Message.objects.exists()
    assert not AccessEvent.objects.exists()


def test_client_cannot_write_in_someone_elses_conversation(cast, casey_api):
    other = casey_api.post(conversation(cast.jordan), {"body": "Hi Jordan."})
    unknown = casey_api.post(f"/clients/{uuid.uuid4()}/messages", {"body": "Hi Jordan."})
    assert other.status_code == 404
    assert (unknown.status_code, unknown.json()) == (other.status_code, other.json())
    assert not Message.objects.exists()


def test_sending_needs_credentials(cast, anonymous):
    response = anonymous.post(conversation(cast.casey), {"body": "Hi."})
    assert response.status_code == 401
    assert not Message.objects.exists()


def test_conversation_takes_no_other_method(cast, api_as):
    api = api_as(cast.ana)
    response = api.client.put(
        "/api/v1" + conversation(cast.casey), {"body": "Hi."}, content_type="application/json"
    )
    assert response.status_code == 405
    assert not Message.objects.exists()


BAD_MESSAGES = {
    "empty": {"body": ""},
    "only_spaces": {"body": "   \n "},
    "too_long": {"body": "x" * (BODY_LENGTH + 1)},
    "null_character": {"body": "Hi\x00there"},
    "null": {"body": None},
    "a_number": {"body": 5},
    "missing": {},
}


@pytest.mark.parametrize("payload", BAD_MESSAGES.values(), ids=BAD_MESSAGES.keys())
def test_bad_message_is_422_on_the_body_and_saves_nothing(cast, casey_user, api_as, payload):
    response = api_as(cast.ana).post(conversation(cast.casey), payload)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "body"]]
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()
    assert not AccessEvent.objects.exists()


def test_bad_message_from_a_client_saves_nothing(cast, casey_api):
    response = casey_api.post(conversation(cast.casey), {"body": " "})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Write a message before sending."
    assert not Message.objects.exists()


def test_longest_message_is_accepted(cast, api_as):
    response = api_as(cast.ana).post(conversation(cast.casey), {"body": "x" * BODY_LENGTH})
    assert response.status_code == 201


def test_client_without_an_advocate_is_told_so_and_nothing_is_saved(cast, bearer):
    Assignment.objects.filter(client=cast.casey).update(ended_at=timezone.now())
    _, raw = ApiToken.issue(give_portal_account(cast.casey, "casey@portal.test"))
    response = bearer(raw).post(conversation(cast.casey), {"body": "Anyone there?"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body"],
                "msg": "You have no advocate to write to right now.",
                "type": "no_advocate",
            }
        ]
    }
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()


def test_no_message_text_reaches_a_notice(cast, casey_user, casey_api, api_as):
    assert casey_api.post(conversation(cast.casey), {"body": SECRET}).status_code == 201
    reply = "Thursday: I will come with you to court"
    assert api_as(cast.ana).post(conversation(cast.casey), {"body": reply}).status_code == 201
    assert deliver_due(now=timezone.now() + timedelta(days=8)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@hope.test", "casey@portal.test"]
    for email in mail.outbox:
        parts = [email.subject, str(email.body), *(str(c) for c, _ in email.alternatives)]
        for text in (SECRET, reply, "court", "Casey"):
            assert all(text not in part for part in parts), (text, email.subject)
    for row in Delivery.objects.values():
        for text in (SECRET, reply, "court"):
            assert all(text not in str(value) for value in row.values()), row


# --- Unread ------------------------------------------------------------------------------------


def test_advocate_sees_which_clients_wrote_unread_messages(cast, casey_user, api_as):
    make_message(cast.casey, casey_user, "One", hours_ago=5)
    make_message(cast.casey, casey_user, "Two", hours_ago=1)
    make_message(cast.casey, casey_user, "Read already", hours_ago=9, read=True)
    jordan_user = give_portal_account(cast.jordan, "jordan@portal.test")
    make_message(cast.jordan, jordan_user, "Read", read=True)
    make_message(cast.jordan, cast.ana, "Unread by Jordan, not by Ana")
    response = api_as(cast.ana).get(UNREAD)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    # Bodies are encrypted: the database cannot look one up by its text.
    [oldest] = [m for m in Message.objects.all() if m.body == "One"]
    assert item == {
        "client_id": str(cast.casey.public_id),
        "preferred_name": "Casey",
        "unread": 2,
        "since": item["since"],
    }
    # Times go out to the millisecond.
    assert abs(datetime.fromisoformat(item["since"]) - oldest.sent_at) < timedelta(milliseconds=1)


def test_unread_lists_the_longest_waiting_first_and_pages(cast, casey_user, api_as):
    jordan_user = give_portal_account(cast.jordan, "jordan@portal.test")
    make_message(cast.casey, casey_user, "Newer", hours_ago=1)
    make_message(cast.jordan, jordan_user, "Older", hours_ago=4)
    body = api_as(cast.ana).get(UNREAD).json()
    assert [i["preferred_name"] for i in body["items"]] == ["Jordan", "Casey"]
    page = api_as(cast.ana).get(UNREAD, limit=1, offset=1).json()
    assert ([i["preferred_name"] for i in page["items"]], page["count"]) == (["Casey"], 2)


def test_reading_the_conversation_clears_it_from_unread(cast, casey_user, api_as):
    make_message(cast.casey, casey_user, "Hello?")
    api = api_as(cast.ana)
    assert api.get(UNREAD).json()["count"] == 1
    api.get(conversation(cast.casey))
    assert api.get(UNREAD).json() == {"items": [], "count": 0}


def test_supervisor_sees_the_teams_unread_conversations(cast, casey_user, api_as):
    make_message(cast.casey, casey_user, "Hello?")
    riley_user = give_portal_account(cast.riley, "riley@portal.test")
    make_message(cast.riley, riley_user, "Hi Ben")
    body = api_as(cast.sam).get(UNREAD).json()
    assert {i["preferred_name"] for i in body["items"]} == {"Casey", "Riley"}


@pytest.mark.parametrize("persona", ["cleo", "dana", "oscar", "alex", "ben"])
def test_others_do_not_see_that_the_client_wrote(cast, casey_user, api_as, persona):
    make_message(cast.casey, casey_user, "Hello?")
    assert api_as(getattr(cast, persona)).get(UNREAD).json() == {"items": [], "count": 0}


def test_unread_audits_one_view_per_client_listed(cast, casey_user, api_as):
    make_message(cast.casey, casey_user, "Hello?")
    api_as(cast.ana).get(UNREAD)
    [event] = AccessEvent.objects.all()
    assert (event.action, event.client_id, event.user_id) == (
        Action.VIEW,
        cast.casey.pk,
        cast.ana.pk,
    )


def test_client_sees_how_many_advocate_messages_they_have_not_opened(cast, casey_user, casey_api):
    make_message(cast.casey, cast.ana, "One", hours_ago=3)
    make_message(cast.casey, cast.ana, "Two", hours_ago=2)
    make_message(cast.casey, casey_user, "Mine", hours_ago=1)
    body = casey_api.get(UNREAD).json()
    assert body["count"] == 1
    [item] = body["items"]
    assert (item["client_id"], item["unread"]) == (str(cast.casey.public_id), 2)
    assert AccessEvent.objects.get().role == "client"
    casey_api.get(conversation(cast.casey))
    assert casey_api.get(UNREAD).json() == {"items": [], "count": 0}


def test_client_with_nothing_unread_gets_an_empty_list(cast, casey_user, casey_api):
    make_message(cast.casey, cast.ana, "Read", read=True)
    make_message(cast.jordan, cast.ana, "Someone else's")
    assert casey_api.get(UNREAD).json() == {"items": [], "count": 0}
    assert not AccessEvent.objects.exists()


def test_unread_needs_credentials(cast, anonymous):
    assert anonymous.get(UNREAD).status_code == 401


def test_unread_query_count_does_not_grow_with_the_caseload(cast, client):
    login(client, cast.sam)
    url = "/api/v1" + UNREAD
    user = give_portal_account(cast.casey, "casey@portal.test")
    make_message(cast.casey, user, "Hello?")
    client.get(url)
    small = count_queries(client, url)
    for person, email in ((cast.jordan, "jordan@portal.test"), (cast.riley, "riley@portal.test")):
        make_message(person, give_portal_account(person, email), "Hi")
    assert count_queries(client, url) == small


# --- Today -------------------------------------------------------------------------------------


def test_today_shows_unread_messages_until_the_advocate_reads_them(cast, casey_user, api_as):
    make_checkin(cast.casey, occurred_at=timezone.now() - timedelta(hours=3))  # nothing else
    make_message(cast.casey, casey_user, "Hello?", hours_ago=2)
    make_message(cast.casey, casey_user, "Are you there?", hours_ago=1)
    api = api_as(cast.ana)
    [item] = api.get("/today").json()["items"]
    assert item["client_id"] == str(cast.casey.public_id)
    assert item["reasons"] == ["unread_messages"]
    assert item["details"][0]["label"] == "Unread messages"
    assert item["details"][0]["detail"].startswith("2 unread messages since ")
    assert "Hello?" not in str(item)
    api.get(conversation(cast.casey))
    assert api.get("/today").json() == {"items": [], "count": 0}
