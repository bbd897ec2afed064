"""A client's messages with their advocates in the portal: reading the conversation, writing,
read receipts, and — outside working hours — when to expect a reply and where to get help
before sending."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from alongside.audit.models import AccessEvent, Action
from alongside.clients.models import Assignment
from alongside.messaging.hours import ReplyExpectation
from alongside.messaging.models import BODY_LENGTH, Message, WorkingDay
from alongside.messaging.services import mark_read, send_message
from alongside.portal.conversation import PAGE_SIZE, expect_reply_sentence
from alongside.testing.personas import give_portal_account, login

MESSAGES = "/me/messages/"
HOME = "/me/"
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")  # Hope Valley's zone, and Casey's
MONDAY, TUESDAY, WEDNESDAY, SATURDAY = 0, 1, 2, 5
ON_CALL = {"label": "Hope Valley on call", "phone": "555-0100", "hours": "Nights and weekends"}


def next_local(weekday: int, hour: int, minute: int = 0) -> datetime:
    """The next WEEKDAY at HOUR:MINUTE in Chicago after the real clock (sessions stay valid)."""
    today = datetime.now(CHICAGO).date()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return datetime.combine(day, time(hour, minute), tzinfo=CHICAGO)


@contextmanager
def frozen(moment: datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def notice_of(body: str) -> str:
    """The out-of-hours notice of a messages page ("" if there is none)."""
    start = body.find('class="after-hours')
    if start < 0:
        return ""
    ends = [i for i in (body.find("<form", start), body.find("</section>", start)) if i >= 0]
    return body[start : min(ends)]


def text_of(body: str) -> str:
    """BODY without tags and with whitespace collapsed, to read sentences split by markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


@pytest.fixture
def on_call(cast):
    cast.residential.settings = {"on_call": ON_CALL}
    cast.residential.save(update_fields=["settings"])


@pytest.fixture
def signed_in(client, casey_account, settings):
    # Tests move the clock up to a week ahead: the session must outlive that, idle or not.
    settings.SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
    settings.ALONGSIDE_IDLE_MINUTES_CLIENT = 14 * 24 * 60
    login(client, casey_account)
    return client


# --- Reading the conversation ----------------------------------------------------------------


def test_messages_live_under_me():
    assert reverse("portal:messages") == MESSAGES


def test_the_client_sees_their_conversation_newest_at_the_bottom(signed_in, cast, casey_account):
    send_message(cast.ana, cast.casey, "Good morning, Casey. How was the meeting?")
    send_message(casey_account, cast.casey, "It went well, thank you.")
    send_message(cast.ana, cast.casey, "So glad to hear it.")
    response = signed_in.get(MESSAGES)
    body = response.content.decode()
    assert response.status_code == 200
    first, second, third = (
        body.index("Good morning, Casey."),
        body.index("It went well, thank you."),
        body.index("So glad to hear it."),
    )
    assert first < second < third
    lines = re.findall(r'<li class="line (mine|theirs)".*?<strong>([^<]+)</strong>', body, re.S)
    assert lines == [("theirs", "Ana Advocate"), ("mine", "You"), ("theirs", "Ana Advocate")]
    assert "Private messages between you and your advocate, Ana Advocate." in body
    assert "<title>Messages · Alongside</title>" in body  # nothing about the person
    assert "no-store" in response["Cache-Control"]


def test_what_people_write_is_shown_as_text(signed_in, cast, casey_account):
    send_message(casey_account, cast.casey, "<script>alert('hi')</script> & <b>bold</b>")
    body = signed_in.get(MESSAGES).content.decode()
    escaped = "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    assert escaped in body
    assert "<script>" not in body


def test_the_conversation_shows_only_the_clients_own_messages(signed_in, cast):
    send_message(cast.ana, cast.jordan, "A note for Jordan only")
    send_message(cast.ben, cast.riley, "A note for Riley only")
    body = signed_in.get(MESSAGES).content.decode()
    assert "Jordan" not in body and "Riley" not in body
    assert "No messages yet. Write the first one below." in body


def test_each_message_says_when_it_was_sent_in_the_clients_zone(signed_in, cast):
    sent = next_local(TUESDAY, 15, 5)
    with frozen(sent):
        send_message(cast.ana, cast.casey, "Checking in on you.")
        body = signed_in.get(MESSAGES).content.decode()
    # 20:05 UTC, shown as Chicago's afternoon
    assert "<strong>Ana Advocate</strong> <time" in body
    assert "Today, 3:05 PM" in body


def test_opening_the_conversation_writes_one_audit_event(signed_in, cast, casey_account):
    send_message(cast.ana, cast.casey, "Hello")
    before = AccessEvent.objects.count()
    signed_in.get(MESSAGES)
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.latest("id")
    assert (event.action, event.object_type, event.role) == (Action.VIEW, "conversation", "client")
    assert (event.user_id, event.client_id) == (casey_account.pk, cast.casey.pk)


def test_earlier_messages_are_one_link_away(signed_in, cast):
    base = timezone.now() - timedelta(days=3)
    for number in range(PAGE_SIZE + 5):
        Message.objects.create(
            organization=cast.org,
            client=cast.casey,
            sender=cast.ana,
            from_client=False,
            body=f"Note number {number:02d}.",
            sent_at=base + timedelta(minutes=number),
        )
    body = signed_in.get(MESSAGES).content.decode()
    assert "Note number 54." in body and "Note number 05." in body
    assert "Note number 04." not in body
    # Bodies are encrypted, so the database cannot look one up by its text.
    [oldest_shown] = [m for m in Message.objects.all() if m.body == "Note number 05."]
    link = f"{MESSAGES}?before={oldest_shown.public_id}"
    assert f'href="{link}"' in body
    earlier = signed_in.get(link).content.decode()
    assert [f"Note number 0{n}." in earlier for n in range(6)] == [True] * 5 + [False]
    assert "Show earlier messages" not in earlier
    assert "Back to the latest messages" in earlier


def test_earlier_messages_of_another_client_are_not_found(signed_in, cast):
    theirs = send_message(cast.ana, cast.jordan, "For Jordan")
    assert signed_in.get(f"{MESSAGES}?before={theirs.public_id}").status_code == 404
    assert signed_in.get(f"{MESSAGES}?before=not-a-uuid").status_code == 404


def test_the_page_costs_the_same_queries_for_a_long_conversation(signed_in, cast, casey_account):
    send_message(cast.ana, cast.casey, "One")
    send_message(casey_account, cast.casey, "Two")
    signed_in.get(MESSAGES)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(MESSAGES).status_code == 200
        return len(captured)

    short = queries()
    for number in range(20):
        sender = cast.ana if number % 2 else casey_account
        send_message(sender, cast.casey, f"Message {number}")
    mark_read(cast.ana, cast.casey)
    assert queries() == short


# --- Writing ---------------------------------------------------------------------------------


def test_sending_saves_the_message_audits_it_and_comes_back_to_the_conversation(
    signed_in, cast, casey_account
):
    with frozen(next_local(TUESDAY, 10)):
        response = signed_in.post(MESSAGES, {"body": "  Can we talk about the job interview?  "})
    assert response.status_code == 302
    assert response["Location"] == f"{MESSAGES}#latest"
    message = Message.objects.get(client=cast.casey)
    assert message.body == "Can we talk about the job interview?"
    assert message.from_client and message.sender_id == casey_account.pk
    assert AccessEvent.objects.filter(
        user_id=casey_account.pk, action=Action.CREATE, object_type="message"
    ).exists()
    with frozen(next_local(TUESDAY, 10)):
        body = signed_in.get(response["Location"]).content.decode()
    assert "Your message was sent." in body
    assert "not working right now" not in body
    assert "Can we talk about the job interview?" in body


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Write a message before sending."),
        ("   \n  ", "Write a message before sending."),
        (
            "x" * (BODY_LENGTH + 1),
            f"Your message is too long: keep it to {BODY_LENGTH} characters (it has 2001).",
        ),
    ],
)
def test_an_empty_or_too_long_message_is_refused_and_nothing_is_saved(signed_in, cast, text, error):
    before = AccessEvent.objects.filter(action=Action.CREATE).count()
    response = signed_in.post(MESSAGES, {"body": text})
    body = response.content.decode()
    assert response.status_code == 422
    assert error in body
    assert "Please correct the problem below. Nothing was saved." in body
    assert 'aria-describedby="id_body_helptext id_body_error"' in body
    assert not Message.objects.exists()
    assert AccessEvent.objects.filter(action=Action.CREATE).count() == before
    if text.strip():
        assert text in body  # what they wrote is not lost


def test_a_message_without_any_body_field_is_refused(signed_in, cast):
    assert signed_in.post(MESSAGES, {}).status_code == 422
    assert not Message.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_messages_take_only_get_and_post(signed_in, method):
    assert getattr(signed_in, method)(MESSAGES).status_code == 405


def test_messages_require_sign_in(client, cast):
    for response in (client.get(MESSAGES), client.post(MESSAGES, {"body": "Hello"})):
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert not Message.objects.exists()


@pytest.mark.parametrize("persona", ["ana", "sam", "alex", "oscar"])
def test_staff_have_no_portal_messages(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(MESSAGES).status_code == 404
    assert client.post(MESSAGES, {"body": "Hello"}).status_code == 404
    assert not Message.objects.exists()


# --- Outside working hours -------------------------------------------------------------------


def test_out_of_hours_the_client_is_told_when_to_expect_a_reply_and_where_to_get_help(
    signed_in, cast, on_call
):
    with frozen(next_local(SATURDAY, 12)):
        body = signed_in.get(MESSAGES).content.decode()
    notice = notice_of(body)
    assert "Your advocate is not working right now. Expect a reply from Monday at 9:00 AM." in (
        text_of(notice)
    )
    assert 'href="tel:988"' in notice and 'href="sms:988"' in notice
    assert 'href="tel:911"' in notice
    assert 'href="tel:5550100"' in notice and "Hope Valley on call" in notice
    # Before the client starts writing: the notice comes first, then the box.
    assert body.index('class="after-hours"') < body.index("<textarea")


def test_out_of_hours_the_confirmation_repeats_when_to_expect_a_reply(signed_in, cast):
    with frozen(next_local(SATURDAY, 12)):
        response = signed_in.post(MESSAGES, {"body": "Rough day."}, follow=True)
    assert (
        "Your message was sent. Your advocate is not working right now. Expect a reply "
        "from Monday at 9:00 AM."
    ) in response.content.decode()
    assert Message.objects.get().body == "Rough day."


def test_in_working_hours_there_is_no_after_hours_notice(signed_in, cast, on_call):
    with frozen(next_local(TUESDAY, 10)):
        body = signed_in.get(MESSAGES).content.decode()
    assert 'class="after-hours' not in body
    assert "not working right now" not in body and "Expect a reply" not in body
    assert 'href="sms:988"' not in body and 'href="tel:911"' not in body
    assert "555-0100" not in body
    assert "<textarea" in body


def test_the_advocates_own_hours_decide_the_expected_reply(signed_in, cast):
    WorkingDay.objects.create(
        organization=cast.org, user=cast.ana, weekday=WEDNESDAY, starts=time(13), ends=time(15)
    )
    with frozen(next_local(TUESDAY, 10)):  # a default working time, but not Ana's
        body = text_of(signed_in.get(MESSAGES).content.decode())
    assert "Expect a reply from tomorrow at 1:00 PM." in body
    with frozen(next_local(WEDNESDAY, 14)):
        assert "not working right now" not in signed_in.get(MESSAGES).content.decode()


def test_one_advocate_at_work_is_enough(signed_in, cast):
    Assignment.objects.create(
        organization=cast.org, client=cast.casey, advocate=cast.ben, started_at=timezone.now()
    )
    WorkingDay.objects.create(
        organization=cast.org, user=cast.ana, weekday=MONDAY, starts=time(9), ends=time(12)
    )
    with frozen(next_local(TUESDAY, 10)):  # Ben works his default week; Ana only Mondays
        body = signed_in.get(MESSAGES).content.decode()
    assert "not working right now" not in body
    assert "Private messages between you and your advocates, Ana Advocate, Ben Advocate." in body
    with frozen(next_local(SATURDAY, 12)):
        body = text_of(signed_in.get(MESSAGES).content.decode())
    assert "Your advocates are not working right now. Expect a reply from Monday at 9:00 AM." in (
        body
    )


@pytest.mark.parametrize(
    ("now", "starts", "expected"),
    [
        ((TUESDAY, 7), (TUESDAY, 9), "Expect a reply from today at 9:00 AM."),
        ((TUESDAY, 18), (WEDNESDAY, 9, 30), "Expect a reply from tomorrow at 9:30 AM."),
        ((SATURDAY, 12), (MONDAY, 9), "Expect a reply from Monday at 9:00 AM."),
    ],
)
def test_the_expected_reply_is_said_plainly(now, starts, expected):
    at = next_local(*now)
    next_start = next_local(*starts)
    with timezone.override(CHICAGO), translation.override("en"):
        assert expect_reply_sentence(ReplyExpectation(False, next_start, 1), at) == expected


def test_a_reply_more_than_a_week_away_gives_the_date():
    at = datetime(2026, 3, 6, 12, tzinfo=CHICAGO)
    later = datetime(2026, 3, 16, 9, tzinfo=CHICAGO)
    with timezone.override(CHICAGO), translation.override("es"):
        assert expect_reply_sentence(ReplyExpectation(False, later, 1), at) == (
            "Espera una respuesta a partir del 16 de marzo de 2026 a las 09:00."
        )


def test_the_expected_reply_is_in_the_clients_own_zone(signed_in, cast, casey_account):
    cast.casey.time_zone = "America/New_York"
    cast.casey.save(update_fields=["time_zone"])
    with frozen(next_local(SATURDAY, 12)):
        body = text_of(signed_in.get(MESSAGES).content.decode())
    assert "Expect a reply from Monday at 10:00 AM." in body  # Ana's 9:00 in Chicago


# --- Without an advocate ---------------------------------------------------------------------


def test_a_client_without_an_advocate_gets_no_message_box_but_crisis_help(client, cast):
    cast.residential.settings = {"on_call": ON_CALL}
    cast.residential.save(update_fields=["settings"])
    login(client, give_portal_account(cast.newcomer, "newcomer@portal.test"))
    response = client.get(MESSAGES)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<textarea" not in body and 'name="body"' not in body
    assert "You don't have an advocate to write to right now" in body
    notice = notice_of(body)
    assert 'href="tel:988"' in notice and 'href="sms:988"' in notice
    assert 'href="tel:911"' in notice and 'href="tel:5550100"' in notice


def test_a_client_without_an_advocate_cannot_send(client, cast):
    login(client, give_portal_account(cast.newcomer, "newcomer@portal.test"))
    response = client.post(MESSAGES, {"body": "Is anyone there?"})
    assert response.status_code == 422
    assert "You have no advocate to write to right now." in response.content.decode()
    assert not Message.objects.exists()


# --- Read receipts ---------------------------------------------------------------------------


def test_opening_the_conversation_marks_the_advocates_messages_read(signed_in, cast, casey_account):
    message = send_message(cast.ana, cast.casey, "Here is the meeting list.")
    first = signed_in.get(MESSAGES).content.decode()
    message.refresh_from_db()
    assert message.read_at is not None and message.read_by_id == casey_account.pk
    assert '<span class="badge new">New</span>' in first
    assert '<span class="badge new">New</span>' not in signed_in.get(MESSAGES).content.decode()


def test_the_client_sees_read_once_an_advocate_opened_their_message(signed_in, cast, casey_account):
    sent_at = next_local(TUESDAY, 10)
    with frozen(sent_at):
        send_message(casey_account, cast.casey, "Are we still on for Thursday?")
        body = signed_in.get(MESSAGES).content.decode()
    assert re.search(r'<p class="receipt">.*?Sent</p>', body)
    assert "Read ·" not in body
    with frozen(sent_at + timedelta(minutes=20)):
        mark_read(cast.ana, cast.casey)
        body = signed_in.get(MESSAGES).content.decode()
    assert re.search(r'<p class="receipt">.*?Read · Today, 10:20 AM</p>', body)
    assert not re.search(r"Sent</p>", body)


# --- Spanish ---------------------------------------------------------------------------------


def test_the_messages_page_is_in_spanish_for_a_spanish_speaking_client(signed_in, cast):
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    with frozen(next_local(SATURDAY, 12)):
        send_message(cast.ana, cast.casey, "¿Cómo estás?")
        body = signed_in.get(MESSAGES).content.decode()
    text = text_of(body)
    assert "<title>Mensajes · Alongside</title>" in body
    assert "Tu acompañante no está trabajando en este momento." in text
    assert "Espera una respuesta a partir del lunes a las 09:00." in text
    assert "Escríbele a tu acompañante" in text and "Tu mensaje" in text
    assert "Llamar al 988" in text and "Escribir al 988" in text and "Llamar al 911" in text
    assert "Hoy, 12:00" in text
    for english in ("Expect a reply", "Your message", "Write to your advocate", "Send<"):
        assert english not in body


def test_a_spanish_speaking_client_gets_errors_in_spanish(signed_in, cast):
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    response = signed_in.post(MESSAGES, {"body": ""})
    assert response.status_code == 422
    assert "Escribe un mensaje antes de enviarlo." in response.content.decode()


# --- The home page ---------------------------------------------------------------------------


def test_home_counts_the_advocates_unread_messages_and_offers_to_write(signed_in, cast):
    send_message(cast.ana, cast.casey, "Hi!")
    send_message(cast.ana, cast.casey, "Call me when you can.")
    body = signed_in.get(HOME).content.decode()
    assert "2 new messages from your advocate" in body
    assert f'href="{MESSAGES}#latest">Write to my advocate</a>' in body
    assert body.index("checkin-heading") < body.index("messages-heading")
    signed_in.get(MESSAGES)
    assert "new message" not in signed_in.get(HOME).content.decode()


def test_home_says_one_new_message_in_spanish(signed_in, cast):
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    send_message(cast.ana, cast.casey, "Hola")
    body = signed_in.get(HOME).content.decode()
    assert "1 mensaje nuevo de tu acompañante" in body
    assert "Escribirle a mi acompañante" in body


def test_the_portal_navigation_links_to_messages(signed_in):
    body = signed_in.get(HOME).content.decode()
    assert f'<a href="{MESSAGES}#latest" >Messages</a>' in body
    assert f'<a href="{MESSAGES}#latest" aria-current="page">Messages</a>' in (
        signed_in.get(MESSAGES).content.decode()
    )


def test_home_costs_the_same_queries_with_many_unread_messages(signed_in, cast):
    send_message(cast.ana, cast.casey, "One")
    signed_in.get(HOME)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(HOME).status_code == 200
        return len(captured)

    few = queries()
    for number in range(15):
        send_message(cast.ana, cast.casey, f"Note {number}")
    assert "16 new messages from your advocate" in signed_in.get(HOME).content.decode()
    assert queries() == few


def test_home_has_no_message_box_without_an_advocate_or_anything_to_read(client, cast):
    login(client, give_portal_account(cast.newcomer, "newcomer@portal.test"))
    body = client.get(HOME).content.decode()
    assert "messages-heading" not in body and "Write to my advocate" not in body


def test_the_help_page_points_clients_to_their_messages_for_what_can_wait(signed_in, client, db):
    sentence = "For anything that can wait, you can write to your advocate."
    assert sentence in signed_in.get("/me/help/").content.decode()
    signed_in.logout()
    assert sentence not in signed_in.get("/me/help/").content.decode()
