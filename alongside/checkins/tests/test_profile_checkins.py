"""The "Recent check-ins" section of the client profile (workspace:client)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from django.urls import reverse

from alongside.checkins.models import Source
from alongside.testing.personas import login, make_checkin, noon_days_ago
from alongside.testing.querycount import count_queries

HTMX = {"HX-Request": "true"}


def url(client) -> str:
    return reverse("workspace:client", args=[client.public_id])


def add_checkins(client, count: int, *, first_day_ago: int = 1) -> None:
    """Give CLIENT COUNT check-ins on consecutive days, the newest FIRST_DAY_AGO days ago
    (craving 0, 1, 2... newest first, so each row can be told apart)."""
    for i in range(count):
        make_checkin(client, occurred_at=noon_days_ago(first_day_ago + i), craving=i % 11, mood=3)


def section(body: str) -> str:
    start = body.index('<h2 id="checkins-heading">')
    return body[start : body.index("</section>", start)]


def test_profile_shows_recent_check_ins_newest_first(client, cast):
    add_checkins(cast.casey, 3)
    login(client, cast.ana)
    body = section(client.get(url(cast.casey)).content.decode())
    assert "Mood: okay" in body
    assert body.index("Craving 0/10") < body.index("Craving 1/10") < body.index("Craving 2/10")


def test_profile_shows_the_last_seven_check_ins(client, cast):
    add_checkins(cast.casey, 10)
    login(client, cast.ana)
    body = section(client.get(url(cast.casey)).content.decode())
    assert body.count("<li>") == 7
    assert "Craving 6/10" in body
    assert "Craving 7/10" not in body


def test_check_in_shows_sleep_and_flags(client, cast):
    make_checkin(
        cast.casey,
        mood=2,
        craving=8,
        sleep_hours=Decimal("5.0"),
        sleep_quality="poor",
        used_since_last=True,
        wants_contact=True,
    )
    login(client, cast.ana)
    body = section(client.get(url(cast.casey)).content.decode())
    assert "Mood: low" in body
    assert "Craving 8/10" in body
    assert "Sleep: 5 h (poor)" in body
    assert "Used since last check-in" in body
    assert "Asked for a call" in body


def test_check_in_without_flags_shows_none(client, cast):
    make_checkin(cast.casey)
    login(client, cast.ana)
    body = section(client.get(url(cast.casey)).content.decode())
    assert "Used since last check-in" not in body
    assert "Asked for a call" not in body
    assert "Sleep:" not in body


def test_check_in_recorded_by_staff_says_who(client, cast):
    make_checkin(cast.casey, source=Source.STAFF, recorded_by=cast.ben)
    login(client, cast.ana)
    assert "recorded by Ben Advocate" in section(client.get(url(cast.casey)).content.decode())


def test_dates_are_the_clients_own_days(client, cast):
    cast.casey.time_zone = "Pacific/Kiritimati"
    cast.casey.save(update_fields=["time_zone"])
    # 10:30 UTC on Jan 1, 2025: still Jan 1 in Chicago, already Thursday Jan 2 in Kiritimati.
    make_checkin(cast.casey, occurred_at=datetime(2025, 1, 1, 10, 30, tzinfo=UTC))
    login(client, cast.ana)
    body = section(client.get(url(cast.casey)).content.decode())
    assert "Thu Jan 2" in body
    assert "Days are Casey's own (Pacific/Kiritimati)." in body


def test_zone_note_is_left_out_when_the_client_shares_the_viewers_zone(client, cast):
    make_checkin(cast.casey)
    login(client, cast.ana)
    assert "Days are Casey" not in section(client.get(url(cast.casey)).content.decode())


def test_advocate_reads_what_went_well_and_the_substance(client, cast):
    make_checkin(cast.casey, went_well="Made it to work.", used_since_last=True, substance="pills")
    login(client, cast.ana)
    body = section(client.get(url(cast.casey)).content.decode())
    assert "Went well: Made it to work." in body
    assert "Used since last check-in: pills" in body


def test_clinician_sees_scores_and_flags_but_not_the_free_text(client, cast):
    make_checkin(
        cast.casey,
        craving=4,
        went_well="Made it to work.",
        used_since_last=True,
        substance="pills",
    )
    login(client, cast.cleo)
    response = client.get(url(cast.casey))
    body = section(response.content.decode())
    assert "Craving 4/10" in body
    assert "Used since last check-in" in body
    assert b"Made it to work." not in response.content
    assert b"pills" not in response.content


def test_profile_without_check_ins_says_so_and_offers_to_record_one(client, cast):
    login(client, cast.ana)
    body = section(client.get(url(cast.casey)).content.decode())
    assert "No check-ins yet." in body
    assert reverse("checkins:record", args=[cast.casey.public_id]) in body


def test_clinician_is_not_offered_to_record_a_check_in(client, cast):
    login(client, cast.cleo)
    body = client.get(url(cast.casey)).content.decode()
    assert reverse("checkins:record", args=[cast.casey.public_id]) not in body


def test_check_ins_of_other_clients_are_not_shown(client, cast):
    make_checkin(cast.jordan, craving=9)
    login(client, cast.ana)
    assert "Craving 9/10" not in client.get(url(cast.casey)).content.decode()


def test_timeline_fragment_does_not_carry_the_check_ins(client, cast):
    add_checkins(cast.casey, 2)
    login(client, cast.ana)
    body = client.get(url(cast.casey), {"page": 1}, headers=HTMX).content.decode()
    assert "Recent check-ins" not in body


def test_profile_query_count_does_not_grow_with_the_number_of_check_ins(client, cast):
    login(client, cast.ana)
    client.get(url(cast.casey))  # the first audited request creates the tenant's chain head
    add_checkins(cast.casey, 2)
    few = count_queries(client, url(cast.casey))
    add_checkins(cast.casey, 28, first_day_ago=3)
    many = count_queries(client, url(cast.casey))
    assert few == many


def test_timeline_fragment_costs_no_check_in_query(client, cast):
    login(client, cast.ana)
    client.get(url(cast.casey))
    without = count_queries(client, url(cast.casey) + "?page=1", headers=HTMX)
    add_checkins(cast.casey, 5)
    with_checkins = count_queries(client, url(cast.casey) + "?page=1", headers=HTMX)
    full = count_queries(client, url(cast.casey))
    assert with_checkins == without
    assert full > with_checkins
