"""The private iCalendar feed: groups and follow-ups, no client names, revocable."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from alongside.groups.models import CalendarToken, Schedule
from alongside.groups.services import hash_token, issue_calendar_token, materialize_sessions
from alongside.groups.tests.conftest import enrol, make_group
from alongside.testing.personas import login, make_encounter

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


def feed(client, token: str):
    return client.get(reverse("groups:feed", args=[token]))


def events(response) -> list:
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


@time_machine.travel(datetime(2026, 10, 20, 12, 0, tzinfo=CHICAGO), tick=False)
def test_feed_holds_sessions_at_local_time_across_the_daylight_saving_change(client, cast):
    group = make_group(cast)
    Schedule.objects.filter(group=group).update(weekdays=[3], starts_on=date(2026, 10, 20))
    materialize_sessions(group)
    token = issue_calendar_token(cast.ana)

    response = feed(client, token)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    starts = sorted(e.decoded("dtstart") for e in events(response))
    local = [s.astimezone(CHICAGO) for s in starts]
    assert date(2026, 10, 29) in [s.date() for s in local]
    assert date(2026, 11, 5) in [s.date() for s in local]
    assert {s.time() for s in local} == {time(18, 0)}


def test_feed_has_no_client_names(client, cast):
    group = make_group(cast)
    enrol(group, cast.casey, cast.jordan)
    materialize_sessions(group)
    encounter = make_encounter(cast.casey, cast.ana)
    encounter.follow_up_on = timezone.localdate() + timedelta(days=2)
    encounter.save()
    token = issue_calendar_token(cast.ana)

    response = feed(client, token)

    assert b"Casey" not in response.content and b"Jordan" not in response.content
    summaries = {str(e["summary"]) for e in events(response)}
    assert "Follow-up due" in summaries
    assert any(s.startswith("Group: Step study") for s in summaries)


def test_follow_up_is_an_all_day_event(client, cast):
    encounter = make_encounter(cast.casey, cast.ana)
    encounter.follow_up_on = timezone.localdate() + timedelta(days=3)
    encounter.save()
    token = issue_calendar_token(cast.ana)

    (event,) = events(feed(client, token))

    assert event.decoded("dtstart") == encounter.follow_up_on
    assert str(cast.casey.public_id) in str(event["url"])


def test_only_the_tokens_hash_is_stored(cast):
    token = issue_calendar_token(cast.ana)

    row = CalendarToken.objects.get(user=cast.ana)
    assert row.token_hash == hash_token(token)
    assert token not in row.token_hash


def test_unknown_token_gets_404(client, cast):
    issue_calendar_token(cast.ana)

    assert feed(client, "not-a-token").status_code == 404


def test_revoked_link_stops_working(client, cast):
    token = issue_calendar_token(cast.ana)
    login(client, cast.ana)

    client.post(reverse("groups:calendar"), {"action": "revoke"})

    client.logout()
    assert feed(client, token).status_code == 404


def test_a_new_link_replaces_the_old_one(client, cast):
    old = issue_calendar_token(cast.ana)
    login(client, cast.ana)

    response = client.post(reverse("groups:calendar"), {"action": "issue"})

    assert b"/calendar/" in response.content
    client.logout()
    assert feed(client, old).status_code == 404
    assert CalendarToken.objects.filter(user=cast.ana).count() == 1


def test_unknown_calendar_action_is_refused_and_changes_nothing(client, cast):
    token = issue_calendar_token(cast.ana)
    login(client, cast.ana)

    response = client.post(reverse("groups:calendar"), {"action": "explode"})

    assert response.status_code == 400
    assert CalendarToken.objects.get(user=cast.ana).token_hash == hash_token(token)


def test_calendar_page_is_for_staff_who_run_groups(client, cast):
    login(client, cast.cleo)

    assert client.get(reverse("groups:calendar")).status_code == 403
