"""Days engaged in recovery activities: days with a check-in or a contact, in the client's
zone, each counted once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alongside.recovery.queries import days_engaged
from alongside.testing.personas import make_checkin, make_encounter

TODAY = date(2026, 11, 26)


def at(*args):
    return datetime(*args, tzinfo=UTC)


def test_nobody_starts_with_engaged_days(cast):
    assert days_engaged(cast.casey, TODAY) == 0


def test_check_ins_and_contacts_on_different_days_all_count(cast):
    make_checkin(cast.casey, occurred_at=at(2026, 11, 20, 15))
    make_checkin(cast.casey, occurred_at=at(2026, 11, 21, 15))
    make_encounter(cast.casey, cast.ana, when=at(2026, 11, 23, 15))
    assert days_engaged(cast.casey, TODAY) == 3


def test_a_check_in_and_a_contact_on_the_same_day_count_once(cast):
    make_checkin(cast.casey, occurred_at=at(2026, 11, 20, 15))
    make_encounter(cast.casey, cast.ana, when=at(2026, 11, 20, 18))
    make_encounter(cast.casey, cast.ana, when=at(2026, 11, 20, 20))
    assert days_engaged(cast.casey, TODAY) == 1


def test_a_late_evening_contact_counts_on_the_client_own_date(cast):
    # 11 PM on Nov 20 in Chicago is 05:00 UTC on Nov 21: the same day as the check-in.
    make_checkin(cast.casey, occurred_at=at(2026, 11, 20, 15))
    make_encounter(cast.casey, cast.ana, when=at(2026, 11, 21, 5))
    assert days_engaged(cast.casey, TODAY) == 1


def test_only_the_client_own_activity_counts(cast):
    make_checkin(cast.jordan, occurred_at=at(2026, 11, 20, 15))
    make_encounter(cast.riley, cast.ben, when=at(2026, 11, 20, 15))
    assert days_engaged(cast.casey, TODAY) == 0


def test_the_profile_shows_days_engaged(client, cast):
    from alongside.testing.personas import login

    make_checkin(cast.casey, occurred_at=at(2026, 11, 20, 15))
    make_encounter(cast.casey, cast.ana, when=at(2026, 11, 22, 15))
    login(client, cast.ana)
    page = client.get(f"/clients/{cast.casey.public_id}/").text
    expected = "Days engaged in recovery activities (check-ins and contacts): <strong>2</strong>"
    assert expected in page
