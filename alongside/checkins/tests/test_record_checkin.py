"""record_checkin(): the one way a check-in enters the system, whoever records it."""

from __future__ import annotations

import zoneinfo
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action
from alongside.checkins.models import CheckIn, Source
from alongside.checkins.services import CheckInAnswers, record_checkin
from alongside.testing.personas import give_portal_account

UTC = zoneinfo.ZoneInfo("UTC")
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def answers(**changes: Any) -> CheckInAnswers:
    return replace(CheckInAnswers(mood=4, craving=2), **changes)


def move_to_zone(client: Any, zone: str) -> None:
    client.time_zone = zone
    client.save(update_fields=["time_zone"])


# --- Recording ------------------------------------------------------------------------------


def test_advocate_records_a_check_in_for_their_client(cast):
    checkin = record_checkin(cast.ana, cast.casey, answers(), source=Source.STAFF)
    checkin.refresh_from_db()
    assert checkin.client == cast.casey
    assert checkin.organization == cast.org
    assert (checkin.mood, checkin.craving) == (4, 2)
    assert checkin.source == Source.STAFF
    assert checkin.recorded_by == cast.ana


def test_client_records_their_own_check_in(cast, casey_account):
    checkin = record_checkin(casey_account, cast.casey, answers(), source=Source.PORTAL)
    assert checkin.recorded_by == casey_account
    assert checkin.source == Source.PORTAL


def test_client_may_record_their_own_through_the_api(cast, casey_account):
    checkin = record_checkin(casey_account, cast.casey, answers(), source=Source.API)
    assert checkin.source == Source.API


def test_supervisor_records_for_a_client_of_their_team(cast):
    checkin = record_checkin(cast.sam, cast.riley, answers(), source=Source.STAFF)
    assert checkin.recorded_by == cast.sam


def test_check_in_without_a_time_happened_now(cast):
    before = timezone.now()
    checkin = record_checkin(cast.ana, cast.casey, answers(), source=Source.STAFF)
    assert before <= checkin.occurred_at <= timezone.now()


def test_check_in_keeps_the_time_it_was_given(cast):
    when = timezone.now() - timedelta(hours=30)
    checkin = record_checkin(cast.ana, cast.casey, answers(), source=Source.STAFF, occurred_at=when)
    assert checkin.occurred_at == when


def test_check_in_a_few_minutes_ahead_is_accepted_for_a_fast_phone_clock(cast):
    ahead = timezone.now() + timedelta(minutes=3)
    record_checkin(cast.ana, cast.casey, answers(), source=Source.STAFF, occurred_at=ahead)
    assert CheckIn.objects.count() == 1


def test_every_optional_answer_is_saved(cast):
    checkin = record_checkin(
        cast.ana,
        cast.casey,
        answers(
            used_since_last=True,
            substance="alcohol",
            sleep_hours=Decimal("6.5"),
            sleep_quality="poor",
            went_well="Called my sister.",
            wants_contact=True,
        ),
        source=Source.STAFF,
    )
    checkin.refresh_from_db()
    assert checkin.used_since_last is True
    assert checkin.substance == "alcohol"
    assert checkin.sleep_hours == Decimal("6.5")
    assert checkin.sleep_quality == "poor"
    assert checkin.went_well == "Called my sister."
    assert checkin.wants_contact is True


def test_text_answers_are_trimmed(cast):
    checkin = record_checkin(
        cast.ana,
        cast.casey,
        answers(used_since_last=True, substance="  alcohol ", went_well="\n Slept well. "),
        source=Source.STAFF,
    )
    assert (checkin.substance, checkin.went_well) == ("alcohol", "Slept well.")


@pytest.mark.parametrize(
    ("given", "kept"),
    [("7.25", "7.3"), ("7.24", "7.2"), ("0", "0.0"), ("24", "24.0"), (8, "8.0")],
)
def test_sleep_hours_are_kept_to_a_tenth_of_an_hour(cast, given, kept):
    checkin = record_checkin(
        cast.ana, cast.casey, answers(sleep_hours=Decimal(given)), source=Source.STAFF
    )
    checkin.refresh_from_db()
    assert checkin.sleep_hours == Decimal(kept)


def test_reporting_use_is_accepted_like_any_other_answer(cast):
    checkin = record_checkin(
        cast.ana, cast.casey, answers(used_since_last=True), source=Source.STAFF
    )
    assert checkin.used_since_last is True


# --- Bad input: a clear error on the field, nothing saved ------------------------------------

BAD_ANSWERS = [
    pytest.param({"mood": None}, "mood", id="no-mood"),
    pytest.param({"mood": 0}, "mood", id="mood-0"),
    pytest.param({"mood": 6}, "mood", id="mood-6"),
    pytest.param({"mood": True}, "mood", id="mood-boolean"),
    pytest.param({"mood": "3"}, "mood", id="mood-text"),
    pytest.param({"craving": None}, "craving", id="no-craving"),
    pytest.param({"craving": -1}, "craving", id="craving-negative"),
    pytest.param({"craving": 11}, "craving", id="craving-11"),
    pytest.param({"craving": 2.5}, "craving", id="craving-fraction"),
    pytest.param({"substance": "alcohol"}, "substance", id="substance-without-use"),
    pytest.param(
        {"used_since_last": True, "substance": "x" * 101}, "substance", id="substance-too-long"
    ),
    pytest.param({"sleep_hours": Decimal("-0.5")}, "sleep_hours", id="sleep-negative"),
    pytest.param({"sleep_hours": Decimal("24.5")}, "sleep_hours", id="sleep-over-a-day"),
    pytest.param({"sleep_hours": Decimal("NaN")}, "sleep_hours", id="sleep-not-a-number"),
    pytest.param({"sleep_hours": Decimal("Infinity")}, "sleep_hours", id="sleep-infinite"),
    pytest.param({"sleep_quality": "great"}, "sleep_quality", id="unknown-sleep-quality"),
    pytest.param({"went_well": "x" * 2001}, "went_well", id="went-well-too-long"),
    pytest.param({"went_well": "a\x00b"}, "went_well", id="went-well-null-character"),
]


@pytest.mark.parametrize(("change", "field"), BAD_ANSWERS)
def test_bad_answer_is_refused_on_its_field_and_saves_nothing(cast, change, field):
    with pytest.raises(ValidationError) as refused:
        record_checkin(cast.ana, cast.casey, answers(**change), source=Source.STAFF)
    assert list(refused.value.message_dict) == [field]
    assert not CheckIn.objects.exists()
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize(
    "occurred_at",
    [
        pytest.param(lambda: timezone.now() + timedelta(minutes=30), id="in-the-future"),
        pytest.param(lambda: datetime(2025, 1, 1, 9, 0), id="without-a-time-zone"),
    ],
)
def test_bad_time_is_refused_and_saves_nothing(cast, occurred_at):
    with pytest.raises(ValidationError) as refused:
        record_checkin(
            cast.ana, cast.casey, answers(), source=Source.STAFF, occurred_at=occurred_at()
        )
    assert list(refused.value.message_dict) == ["occurred_at"]
    assert not CheckIn.objects.exists()


def test_every_problem_is_reported_at_once(cast):
    with pytest.raises(ValidationError) as refused:
        record_checkin(
            cast.ana, cast.casey, answers(mood=9, craving=None, sleep_quality="?"), source="staff"
        )
    assert set(refused.value.message_dict) == {"mood", "craving", "sleep_quality"}


def test_bad_answer_for_a_day_that_has_a_check_in_leaves_it_unchanged(cast):
    first = record_checkin(cast.ana, cast.casey, answers(mood=2), source=Source.STAFF)
    with pytest.raises(ValidationError):
        record_checkin(cast.ana, cast.casey, answers(mood=4, craving=12), source=Source.STAFF)
    first.refresh_from_db()
    assert (first.mood, first.craving) == (2, 2)
    assert AccessEvent.objects.filter(action=Action.UPDATE).count() == 0


# --- Who may record ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_staff_who_see_the_client_but_do_not_record_are_refused(cast, persona):
    with pytest.raises(PermissionDenied):
        record_checkin(getattr(cast, persona), cast.casey, answers(), source=Source.STAFF)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("persona", ["ben", "oscar", "alex"])
def test_staff_outside_the_clients_scope_are_refused(cast, persona):
    with pytest.raises(PermissionDenied):
        record_checkin(getattr(cast, persona), cast.casey, answers(), source=Source.STAFF)
    assert not CheckIn.objects.exists()


def test_a_client_cannot_record_for_another_client(cast, casey_account):
    with pytest.raises(PermissionDenied):
        record_checkin(casey_account, cast.jordan, answers(), source=Source.PORTAL)
    assert not CheckIn.objects.exists()


def test_staff_cannot_record_through_the_clients_portal(cast):
    with pytest.raises(ValueError, match="portal"):
        record_checkin(cast.ana, cast.casey, answers(), source=Source.PORTAL)
    assert not CheckIn.objects.exists()


def test_a_client_cannot_record_as_staff(cast, casey_account):
    with pytest.raises(ValueError, match="staff"):
        record_checkin(casey_account, cast.casey, answers(), source=Source.STAFF)
    assert not CheckIn.objects.exists()


def test_unknown_source_is_a_programming_error(cast):
    with pytest.raises(ValueError, match="carrier-pigeon"):
        record_checkin(cast.ana, cast.casey, answers(), source="carrier-pigeon")


# --- One check-in per local day ----------------------------------------------------------


def test_second_check_in_on_the_same_day_updates_that_days_row(cast):
    morning = timezone.now() - timedelta(minutes=2)
    first = record_checkin(
        cast.ana, cast.casey, answers(mood=2, craving=7), source=Source.STAFF, occurred_at=morning
    )
    second = record_checkin(
        cast.ana, cast.casey, answers(mood=4, craving=3, wants_contact=True), source="staff"
    )
    assert second.pk == first.pk
    assert second.public_id == first.public_id
    assert CheckIn.objects.count() == 1
    row = CheckIn.objects.get()
    assert (row.mood, row.craving, row.wants_contact) == (4, 3, True)
    assert row.occurred_at > morning


def test_latest_answers_win_whoever_gives_them(cast, casey_account):
    record_checkin(casey_account, cast.casey, answers(mood=1), source=Source.PORTAL)
    record_checkin(cast.ana, cast.casey, answers(mood=3), source=Source.STAFF)
    row = CheckIn.objects.get()
    assert (row.mood, row.recorded_by, row.source) == (3, cast.ana, Source.STAFF)


def test_updating_a_day_clears_answers_not_given_again(cast):
    record_checkin(
        cast.ana, cast.casey, answers(used_since_last=True, substance="alcohol"), source="staff"
    )
    record_checkin(cast.ana, cast.casey, answers(), source=Source.STAFF)
    row = CheckIn.objects.get()
    assert (row.used_since_last, row.substance) == (False, "")


def test_check_in_on_another_day_is_a_new_row(cast):
    yesterday = timezone.now() - timedelta(days=1)
    record_checkin(cast.ana, cast.casey, answers(), source=Source.STAFF, occurred_at=yesterday)
    record_checkin(cast.ana, cast.casey, answers(), source=Source.STAFF)
    assert CheckIn.objects.count() == 2


def test_backdated_check_in_updates_the_day_it_happened(cast):
    two_days_ago = timezone.now() - timedelta(days=2)
    old = record_checkin(
        cast.ana, cast.casey, answers(mood=1), source=Source.STAFF, occurred_at=two_days_ago
    )
    record_checkin(cast.ana, cast.casey, answers(mood=5), source=Source.STAFF)
    again = record_checkin(
        cast.ana,
        cast.casey,
        answers(mood=2),
        source=Source.STAFF,
        occurred_at=two_days_ago + timedelta(minutes=5),
    )
    assert again.pk == old.pk
    assert sorted(CheckIn.objects.values_list("mood", flat=True)) == [2, 5]


def test_local_day_is_the_clients_far_from_the_servers(cast):
    # Kiritimati is UTC+14: 23:30 there on Jan 1 is 09:30 UTC, 00:30 on Jan 2 is 10:30 UTC,
    # the same UTC day (and the same server day) but two days of the person's life.
    move_to_zone(cast.casey, "Pacific/Kiritimati")
    late = datetime(2025, 1, 1, 9, 30, tzinfo=UTC)
    after_midnight = datetime(2025, 1, 1, 10, 30, tzinfo=UTC)
    first = record_checkin(cast.ana, cast.casey, answers(), source="staff", occurred_at=late)
    second = record_checkin(
        cast.ana, cast.casey, answers(), source="staff", occurred_at=after_midnight
    )
    assert first.pk != second.pk
    assert (first.local_date, second.local_date) == (date(2025, 1, 1), date(2025, 1, 2))


def test_local_day_ignores_the_zone_of_whoever_records_it(cast):
    move_to_zone(cast.casey, "Pacific/Kiritimati")
    # 10:30 UTC on Jan 1 is 04:30 on Jan 1 in Chicago, the advocate's zone.
    with timezone.override(CHICAGO):
        checkin = record_checkin(
            cast.ana,
            cast.casey,
            answers(),
            source=Source.STAFF,
            occurred_at=datetime(2025, 1, 1, 10, 30, tzinfo=UTC),
        )
    assert checkin.local_date == date(2025, 1, 2)


def test_two_check_ins_an_hour_apart_in_utc_can_be_one_local_day(cast):
    move_to_zone(cast.casey, "Pacific/Kiritimati")
    # 23:30 UTC Jan 1 and 00:30 UTC Jan 2 are 13:30 and 14:30 on Jan 2 in Kiritimati.
    record_checkin(
        cast.ana,
        cast.casey,
        answers(),
        source="staff",
        occurred_at=datetime(2025, 1, 1, 23, 30, tzinfo=UTC),
    )
    record_checkin(
        cast.ana,
        cast.casey,
        answers(),
        source="staff",
        occurred_at=datetime(2025, 1, 2, 0, 30, tzinfo=UTC),
    )
    assert list(CheckIn.objects.values_list("local_date", flat=True)) == [date(2025, 1, 2)]


def test_a_daylight_saving_change_day_is_still_one_day(cast):
    # March 8, 2026 in Chicago is 23 hours long: 00:30 CST and 23:30 CDT are the same day.
    just_after_midnight = datetime(2026, 3, 8, 0, 30, tzinfo=CHICAGO)
    just_before_midnight = datetime(2026, 3, 8, 23, 30, tzinfo=CHICAGO)
    elapsed = just_before_midnight.astimezone(UTC) - just_after_midnight.astimezone(UTC)
    assert elapsed == timedelta(hours=22)
    record_checkin(cast.ana, cast.casey, answers(), source="staff", occurred_at=just_after_midnight)
    record_checkin(
        cast.ana, cast.casey, answers(), source="staff", occurred_at=just_before_midnight
    )
    assert list(CheckIn.objects.values_list("local_date", flat=True)) == [date(2026, 3, 8)]


# --- Audit ---------------------------------------------------------------------------------


def test_a_new_check_in_is_audited_as_a_create(cast):
    checkin = record_checkin(cast.ana, cast.casey, answers(), source=Source.STAFF)
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.CREATE, "checkin")
    assert event.object_public_id == str(checkin.public_id)
    assert (event.user_id, event.client_id, event.role) == (cast.ana.pk, cast.casey.pk, "pra")


def test_a_second_check_in_the_same_day_is_audited_as_an_update(cast, casey_account):
    checkin = record_checkin(casey_account, cast.casey, answers(), source=Source.PORTAL)
    record_checkin(cast.ana, cast.casey, answers(mood=1), source=Source.STAFF)
    events = list(AccessEvent.objects.order_by("sequence"))
    assert [(e.action, e.user_id) for e in events] == [
        (Action.CREATE, casey_account.pk),
        (Action.UPDATE, cast.ana.pk),
    ]
    assert {e.object_public_id for e in events} == {str(checkin.public_id)}


def test_refused_check_in_writes_no_create_row(cast):
    with pytest.raises(PermissionDenied):
        record_checkin(cast.cleo, cast.casey, answers(), source=Source.STAFF)
    assert not AccessEvent.objects.filter(action=Action.CREATE).exists()


def test_another_clients_account_is_refused_even_in_the_same_program(cast):
    jordan_account = give_portal_account(cast.jordan, "jordan@portal.test")
    with pytest.raises(PermissionDenied):
        record_checkin(jordan_account, cast.casey, answers(), source=Source.PORTAL)
