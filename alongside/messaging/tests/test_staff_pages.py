"""The staff side: the inbox, a client's conversation and the advocate's working hours."""

from __future__ import annotations

from alongside.audit.models import AccessEvent, Action
from alongside.messaging.models import Message, WorkingDay
from alongside.messaging.services import send_message
from alongside.testing.personas import login


def url(client):
    return f"/clients/{client.public_id}/messages/"


def test_the_inbox_lists_conversations_with_unread_counts(client, cast, casey_online):
    send_message(casey_online.user, casey_online, "Hi")
    send_message(casey_online.user, casey_online, "Call me?")
    login(client, cast.ana)
    response = client.get("/messages/")
    assert response.status_code == 200
    assert "Casey" in response.text
    assert "2 unread" in response.text
    assert "Call me?" not in response.text  # the list shows who, not what


def test_an_empty_inbox_says_so(client, cast):
    login(client, cast.ana)
    assert "No conversations yet" in client.get("/messages/").text


def test_the_inbox_shows_only_clients_in_scope(client, cast, casey_online):
    send_message(cast.ben, cast.riley, "Hello Riley")
    login(client, cast.ana)
    assert "Riley" not in client.get("/messages/").text


def test_a_director_inbox_is_empty_whatever_the_organization_writes(client, cast, casey_online):
    send_message(casey_online.user, casey_online, "Hi")
    login(client, cast.dana)
    assert "Casey" not in client.get("/messages/").text


def test_the_advocate_reads_the_conversation_and_it_is_marked_read(client, cast, casey_online):
    send_message(casey_online.user, casey_online, "The meeting helped")
    login(client, cast.ana)
    response = client.get(url(casey_online))
    assert "The meeting helped" in response.text
    assert Message.objects.get().read_by == cast.ana
    assert AccessEvent.objects.filter(
        user_id=cast.ana.pk, client_id=casey_online.pk, action=Action.VIEW
    ).exists()


def test_the_advocate_sends_a_reply(client, cast, casey_online):
    login(client, cast.ana)
    response = client.post(url(casey_online), {"body": "Glad to hear it"}, follow=True)
    assert "Message sent." in response.text
    assert "Glad to hear it" in response.text
    assert "Sent, not read yet" in response.text


def test_the_client_reading_shows_as_a_read_receipt(client, cast, casey_online):
    from alongside.messaging.services import mark_read

    send_message(cast.ana, casey_online, "Glad to hear it")
    mark_read(casey_online.user, casey_online)
    login(client, cast.ana)
    assert "Read " in client.get(url(casey_online)).text


def test_an_empty_reply_is_refused_and_nothing_is_saved(client, cast, casey_online):
    login(client, cast.ana)
    response = client.post(url(casey_online), {"body": "  "})
    assert response.status_code == 422
    assert "Write a message before sending." in response.text
    assert not Message.objects.exists()


def test_a_supervisor_reads_but_cannot_write(client, cast, casey_online):
    send_message(casey_online.user, casey_online, "Hi")
    login(client, cast.sam)
    page = client.get(url(casey_online))
    assert page.status_code == 200
    assert "you can read it" in page.text
    assert 'name="body"' not in page.text
    assert client.post(url(casey_online), {"body": "Hello"}).status_code == 403
    assert Message.objects.count() == 1
    assert Message.objects.get().read_at is None  # still unread for Ana


def test_a_clinician_cannot_open_the_conversation(client, cast, casey_online):
    login(client, cast.cleo)
    assert client.get(url(casey_online)).status_code == 403


def test_earlier_messages_are_a_link_away(client, cast, casey_online, settings):
    for number in range(52):
        send_message(cast.ana, casey_online, f"Note number {number:02d}")
    login(client, cast.ana)
    page = client.get(url(casey_online)).text
    assert "Note number 51" in page
    assert "Note number 01" not in page
    assert "Show earlier messages" in page
    oldest_shown = Message.objects.order_by("sent_at", "id")[2]
    earlier = client.get(url(casey_online), {"before": oldest_shown.public_id}).text
    assert "Note number 01" in earlier


def test_a_bad_before_parameter_shows_the_latest_messages(client, cast, casey_online):
    send_message(cast.ana, casey_online, "Hello")
    login(client, cast.ana)
    assert "Hello" in client.get(url(casey_online), {"before": "not-an-id"}).text


def test_today_offers_a_message_button(client, cast, casey_online):
    send_message(casey_online.user, casey_online, "Hi")
    login(client, cast.ana)
    assert url(casey_online) in client.get("/today/").text


# --- Working hours ------------------------------------------------------------------------


def week(days):
    data = {}
    for day in range(7):
        if day in days:
            data[f"works_{day}"] = "on"
            data[f"starts_{day}"], data[f"ends_{day}"] = days[day]
    return data


def test_an_advocate_sees_the_default_week_until_they_set_theirs(client, cast):
    login(client, cast.ana)
    page = client.get("/messages/hours/").text
    assert "Monday to Friday, 9:00 AM to 5:00 PM is used" in page
    assert "America/Chicago" in page


def test_an_advocate_sets_their_working_week(client, cast):
    login(client, cast.ana)
    response = client.post("/messages/hours/", week({1: ("08:00", "12:00")}), follow=True)
    assert "Working hours saved." in response.text
    row = WorkingDay.objects.get(user=cast.ana)
    assert (row.weekday, row.starts.hour, row.ends.hour) == (1, 8, 12)


def test_a_day_that_ends_before_it_starts_is_refused(client, cast):
    login(client, cast.ana)
    response = client.post("/messages/hours/", week({0: ("17:00", "09:00")}))
    assert response.status_code == 422
    assert "Finish after you start" in response.text
    assert not WorkingDay.objects.exists()


def test_a_week_without_working_days_is_refused(client, cast):
    login(client, cast.ana)
    response = client.post("/messages/hours/", {})
    assert response.status_code == 422
    assert "Choose at least one working day." in response.text
    assert not WorkingDay.objects.exists()


def test_only_advocates_and_supervisors_have_working_hours(client, cast):
    login(client, cast.cleo)
    assert client.get("/messages/hours/").status_code == 404
