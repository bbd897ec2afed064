"""The Today queue: who needs the advocate today and why, most urgent first."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alongside.lib.zones import local_date
from alongside.testing.personas import login, make_client, make_encounter
from alongside.testing.querycount import count_queries

URL = "/today/"


def follow_up(client, advocate, *, days_from_today: int):
    encounter = make_encounter(client, advocate)
    # Today is the person's own date, in their zone (not the server's, which may be a day ahead).
    today = local_date(client.time_zone, timezone.now())
    encounter.follow_up_on = today + timedelta(days=days_from_today)
    encounter.save()
    return encounter


def test_advocates_land_on_today(client, cast):
    login(client, cast.ana)
    assert client.get(reverse("home"))["Location"] == URL


def test_an_overdue_follow_up_puts_the_person_on_today_with_the_reason(client, cast):
    follow_up(cast.casey, cast.ana, days_from_today=-2)
    login(client, cast.ana)
    body = client.get(URL).content.decode()
    assert "Casey" in body
    assert "Follow-up due" in body and "Overdue by 2 days" in body


def test_a_follow_up_due_today_is_shown_as_due_today(client, cast):
    follow_up(cast.casey, cast.ana, days_from_today=0)
    login(client, cast.ana)
    assert "Due today" in client.get(URL).content.decode()


def test_a_later_contact_without_a_follow_up_clears_the_reason(client, cast):
    follow_up(cast.casey, cast.ana, days_from_today=-2)
    make_encounter(cast.casey, cast.ana, when=timezone.now())
    login(client, cast.ana)
    assert "Casey" not in client.get(URL).content.decode()


def test_a_future_follow_up_is_not_a_reason_yet(client, cast):
    follow_up(cast.casey, cast.ana, days_from_today=3)
    login(client, cast.ana)
    assert "Nobody needs follow-up right now" in client.get(URL).content.decode()


def test_today_shows_only_the_advocates_own_people(client, cast):
    follow_up(cast.riley, cast.ben, days_from_today=-1)
    login(client, cast.ana)
    assert "Riley" not in client.get(URL).content.decode()


def test_supervisors_see_the_same_queue_for_their_team(client, cast):
    follow_up(cast.riley, cast.ben, days_from_today=-1)
    login(client, cast.sam)
    assert "Riley" in client.get(URL).content.decode()


def test_the_queue_query_count_does_not_grow_with_the_caseload(client, cast):
    login(client, cast.ana)
    for i in range(8):
        person = make_client(cast.residential, f"Small {i}", advocate=cast.ana)
        follow_up(person, cast.ana, days_from_today=-1)
    client.get(URL)  # the first audited request creates the tenant's chain head
    small = count_queries(client, URL)
    for i in range(50):
        person = make_client(cast.residential, f"Large {i:02}", advocate=cast.ana)
        follow_up(person, cast.ana, days_from_today=-1)
    assert count_queries(client, URL) == small


def test_today_needs_sign_in(client, cast):
    assert client.get(URL).status_code == 302


def test_today_is_read_only(client, cast):
    login(client, cast.ana)
    assert client.post(URL).status_code == 405
