"""Today reasons that come from check-ins: asked for contact, used, cravings, no check-in."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.testing.personas import login, make_checkin, make_encounter, make_user
from alongside.today.queries import today_queue


def codes_for(user, client) -> list[str]:
    rows = {row.client.pk: row for row in today_queue(user, timezone.now())}
    return rows[client.pk].codes if client.pk in rows else []


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def test_asking_for_contact_puts_the_person_on_today(cast):
    make_checkin(cast.casey, occurred_at=ago(hours=2), wants_contact=True)
    assert "wants_contact" in codes_for(cast.ana, cast.casey)


def test_logging_a_contact_after_the_request_clears_it(cast):
    make_checkin(cast.casey, occurred_at=ago(hours=2), wants_contact=True)
    make_encounter(cast.casey, cast.ana, when=ago(hours=1))
    assert "wants_contact" not in codes_for(cast.ana, cast.casey)


def test_use_since_the_last_check_in_is_a_reason_until_someone_reaches_out(cast):
    make_checkin(cast.casey, occurred_at=ago(hours=3), used_since_last=True)
    assert "used" in codes_for(cast.ana, cast.casey)
    make_encounter(cast.casey, cast.ana, when=ago(hours=1))
    assert "used" not in codes_for(cast.ana, cast.casey)


def test_a_craving_of_eight_or_more_is_a_reason(cast):
    make_checkin(cast.casey, occurred_at=ago(hours=3), craving=8)
    assert "craving_high" in codes_for(cast.ana, cast.casey)


def test_cravings_rising_three_check_ins_in_a_row_is_a_reason(cast):
    for days, craving in ((3, 2), (2, 4), (1, 6)):
        make_checkin(cast.casey, occurred_at=ago(days=days), craving=craving)
    assert "craving_high" in codes_for(cast.ana, cast.casey)


def test_cravings_that_go_up_and_down_are_not_a_reason(cast):
    for days, craving in ((3, 2), (2, 6), (1, 4)):
        make_checkin(cast.casey, occurred_at=ago(days=days), craving=craving)
    assert "craving_high" not in codes_for(cast.ana, cast.casey)


def test_no_check_in_for_three_days_is_a_reason(cast):
    make_checkin(cast.casey, occurred_at=ago(days=4))
    assert "no_checkin" in codes_for(cast.ana, cast.casey)


def test_a_recent_check_in_is_not_missed(cast):
    make_checkin(cast.casey, occurred_at=ago(hours=5))
    assert "no_checkin" not in codes_for(cast.ana, cast.casey)


def test_the_program_can_allow_more_days_without_a_check_in(cast):
    cast.residential.settings = {"no_checkin_days": 7}
    cast.residential.save()
    make_checkin(cast.casey, occurred_at=ago(days=4))
    assert "no_checkin" not in codes_for(cast.ana, cast.casey)


def test_people_who_do_not_use_check_ins_are_not_flagged_for_missing_them(cast):
    assert "no_checkin" not in codes_for(cast.ana, cast.casey)


def test_a_portal_user_who_never_checked_in_is_flagged(cast):
    cast.casey.user = make_user("casey@people.test", "Casey")
    cast.casey.save()
    assert "no_checkin" in codes_for(cast.ana, cast.casey)


def test_the_most_urgent_reason_comes_first(cast):
    make_checkin(cast.jordan, occurred_at=ago(days=5))
    make_checkin(cast.casey, occurred_at=ago(hours=1), wants_contact=True)
    rows = today_queue(cast.ana, timezone.now())
    assert [row.client.preferred_name for row in rows] == ["Casey", "Jordan"]


def test_the_page_shows_each_reason_in_words(client, cast):
    make_checkin(cast.casey, occurred_at=ago(hours=2), wants_contact=True, craving=9)
    login(client, cast.ana)
    body = client.get("/today/").content.decode()
    assert "Asked you to reach out" in body
    assert "Craving 9 of 10 in the latest check-in" in body
