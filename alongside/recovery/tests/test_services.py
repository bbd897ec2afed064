"""The write services: permissions, validation (nothing saved), audit rows, milestone awards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from alongside.audit.models import AccessEvent, Action
from alongside.recovery import services
from alongside.recovery.models import EventKind, RecoveryEvent, Win, WinKind
from alongside.recovery.queries import recovery_of
from alongside.recovery.services import (
    award_due_milestones,
    congratulate,
    record_recurrence,
    record_win,
    set_recovery_start,
)
from alongside.recovery.tests.factories import days_ago, make_event, make_win, today_of
from alongside.testing.personas import make_user


def frozen(*args: int):
    """Freeze Django's clock at the UTC instant ARGS."""
    return mock.patch("django.utils.timezone.now", return_value=datetime(*args, tzinfo=UTC))


def field_errors(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(error.value.message_dict)


def nothing_recorded() -> bool:
    return (
        not RecoveryEvent.objects.exists()
        and not Win.objects.exists()
        and not AccessEvent.objects.exists()
    )


# --- Recovery start date --------------------------------------------------------------------


def test_advocate_sets_a_recovery_start_date(cast):
    on = days_ago(cast.casey, 3)
    event = set_recovery_start(cast.ana, cast.casey, on, note="  Started at the retreat.  ")
    assert (event.kind, event.on_date, event.note) == (
        EventKind.START,
        on,
        "Started at the retreat.",
    )
    assert event.client == cast.casey
    assert event.organization == cast.org
    assert event.recorded_by == cast.ana


def test_setting_a_start_date_writes_a_create_audit_row(cast):
    event = set_recovery_start(cast.ana, cast.casey, today_of(cast.casey))
    row = AccessEvent.objects.get(object_public_id=event.public_id)
    assert (row.action, row.object_type, row.user_id) == (
        Action.CREATE,
        "recoveryevent",
        cast.ana.pk,
    )
    assert row.client_id == cast.casey.pk


def test_a_start_today_awards_nothing_yet(cast):
    set_recovery_start(cast.ana, cast.casey, today_of(cast.casey))
    assert not Win.objects.exists()


def test_a_backdated_start_awards_the_milestones_already_reached(cast):
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 100))
    keys = list(Win.objects.order_by("occurred_on").values_list("milestone_key", flat=True))
    assert keys == ["24h", "7d", "30d", "60d", "90d"]


def test_milestone_wins_carry_the_date_they_were_reached_and_no_author(cast):
    start = days_ago(cast.casey, 40)
    set_recovery_start(cast.ana, cast.casey, start)
    win = Win.objects.get(milestone_key="30d")
    assert win.occurred_on == start + timedelta(days=30)
    assert win.title == "30 days in recovery"
    assert win.kind == WinKind.MILESTONE
    assert win.created_by is None


def test_automatic_milestone_wins_are_audited_as_the_system(cast):
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 1))
    win = Win.objects.get()
    row = AccessEvent.objects.get(object_public_id=win.public_id)
    assert (row.action, row.role, row.user_id) == (Action.CREATE, "system", None)


def test_supervisor_may_set_a_start_date_for_their_team(cast):
    set_recovery_start(cast.sam, cast.riley, today_of(cast.riley))
    assert RecoveryEvent.objects.get().recorded_by == cast.sam


@pytest.mark.parametrize("persona", ["cleo", "dana", "ben", "oscar", "alex"])
def test_only_those_who_record_for_the_client_may_set_a_start_date(cast, persona):
    with pytest.raises(PermissionDenied):
        set_recovery_start(getattr(cast, persona), cast.casey, today_of(cast.casey))
    assert not RecoveryEvent.objects.exists()


def test_the_client_themself_may_not_set_a_start_date_from_staff_services(cast):
    cast.casey.user = make_user("casey@example.test", "Casey")
    cast.casey.save()
    with pytest.raises(PermissionDenied):
        set_recovery_start(cast.casey.user, cast.casey, today_of(cast.casey))


def test_start_date_in_the_clients_future_is_refused_and_saves_nothing(cast):
    with pytest.raises(ValidationError) as error:
        set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, -1))
    assert error.value.message_dict == {
        "on_date": ["A recovery start date cannot be in the future."]
    }
    assert nothing_recorded()


def test_a_client_far_east_may_start_on_their_today_while_it_is_tomorrow_in_utc(cast):
    cast.casey.time_zone = "Pacific/Kiritimati"
    with frozen(2025, 1, 1, 10):
        event = set_recovery_start(cast.ana, cast.casey, date(2025, 1, 2))
    assert event.on_date == date(2025, 1, 2)


def test_a_client_far_west_may_not_start_on_the_servers_today(cast):
    cast.casey.time_zone = "Pacific/Pago_Pago"
    with frozen(2025, 1, 1, 10), pytest.raises(ValidationError) as error:
        set_recovery_start(cast.ana, cast.casey, date(2025, 1, 1))
    assert field_errors(error) == {"on_date"}
    assert nothing_recorded()


def test_a_start_the_day_before_a_daylight_saving_change_reaches_24_hours_on_the_change_day(cast):
    cast.casey.time_zone = "America/Chicago"
    with frozen(2025, 3, 9, 5, 0):  # 23:00 on Mar 8 in Chicago: nothing reached yet
        set_recovery_start(cast.ana, cast.casey, date(2025, 3, 8))
    assert not Win.objects.exists()
    [win] = award_due_milestones(cast.casey, date(2025, 3, 9))
    assert (win.milestone_key, win.occurred_on) == ("24h", date(2025, 3, 9))


def test_start_date_before_the_date_of_birth_is_refused(cast):
    cast.casey.date_of_birth = date(1990, 5, 1)
    with pytest.raises(ValidationError) as error:
        set_recovery_start(cast.ana, cast.casey, date(1990, 4, 30))
    assert field_errors(error) == {"on_date"}
    assert nothing_recorded()


def test_a_note_longer_than_280_characters_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        set_recovery_start(cast.ana, cast.casey, today_of(cast.casey), note="x" * 281)
    assert error.value.message_dict == {"note": ["Use at most 280 characters."]}
    assert nothing_recorded()


def test_a_date_and_time_is_not_a_date(cast):
    with pytest.raises(ValidationError) as error:
        set_recovery_start(cast.ana, cast.casey, datetime(2024, 1, 1, tzinfo=UTC))
    assert field_errors(error) == {"on_date"}


def test_the_same_start_date_twice_is_refused(cast):
    on = days_ago(cast.casey, 5)
    set_recovery_start(cast.ana, cast.casey, on)
    with pytest.raises(ValidationError) as error:
        set_recovery_start(cast.ana, cast.casey, on)
    assert error.value.message_dict == {"on_date": ["This is already the recovery start date."]}
    assert RecoveryEvent.objects.count() == 1


def test_a_new_start_corrects_the_current_one_and_keeps_the_history(cast):
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 3))
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 10))
    recovery = recovery_of(cast.casey, today_of(cast.casey))
    assert RecoveryEvent.objects.count() == 2
    assert recovery.days_in_recovery == 10
    assert recovery.total_days_in_recovery == 10
    assert len(recovery.corrected) == 1


# --- Recurrence of use ----------------------------------------------------------------------


def test_a_recurrence_ends_the_current_count(cast):
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 20))
    event = record_recurrence(cast.ana, cast.casey, days_ago(cast.casey, 2), note="Weekend.")
    assert (event.kind, event.note, event.recorded_by) == (
        EventKind.RECURRENCE,
        "Weekend.",
        cast.ana,
    )
    recovery = recovery_of(cast.casey, today_of(cast.casey))
    assert recovery.current_start is None
    assert recovery.days_in_recovery is None
    assert recovery.total_days_in_recovery == 18


def test_recording_a_recurrence_is_audited(cast):
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 20))
    event = record_recurrence(cast.ana, cast.casey, today_of(cast.casey))
    row = AccessEvent.objects.get(object_public_id=event.public_id)
    assert (row.action, row.object_type, row.user_id) == (
        Action.CREATE,
        "recoveryevent",
        cast.ana.pk,
    )


def test_a_recurrence_on_the_start_date_is_accepted(cast):
    on = days_ago(cast.casey, 4)
    set_recovery_start(cast.ana, cast.casey, on)
    assert record_recurrence(cast.ana, cast.casey, on).on_date == on


def test_a_recurrence_before_the_current_start_is_refused(cast):
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 4))
    with pytest.raises(ValidationError) as error:
        record_recurrence(cast.ana, cast.casey, days_ago(cast.casey, 5))
    assert field_errors(error) == {"on_date"}
    assert "before the current recovery start date" in error.value.messages[0]
    assert RecoveryEvent.objects.count() == 1


def test_a_recurrence_without_a_start_date_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        record_recurrence(cast.ana, cast.casey, today_of(cast.casey))
    assert error.value.message_dict == {
        "on_date": ["There is no current recovery start date; set one first."]
    }
    assert nothing_recorded()


def test_a_second_recurrence_without_a_new_start_is_refused(cast):
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 10))
    record_recurrence(cast.ana, cast.casey, days_ago(cast.casey, 5))
    with pytest.raises(ValidationError):
        record_recurrence(cast.ana, cast.casey, days_ago(cast.casey, 1))
    assert RecoveryEvent.objects.count() == 2


def test_a_recurrence_in_the_future_is_refused(cast):
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 10))
    with pytest.raises(ValidationError) as error:
        record_recurrence(cast.ana, cast.casey, days_ago(cast.casey, -1))
    assert error.value.message_dict == {"on_date": ["A recurrence of use cannot be in the future."]}
    assert RecoveryEvent.objects.count() == 1


@pytest.mark.parametrize("persona", ["cleo", "dana", "ben", "oscar", "alex"])
def test_only_those_who_record_for_the_client_may_record_a_recurrence(cast, persona):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 10))
    with pytest.raises(PermissionDenied):
        record_recurrence(getattr(cast, persona), cast.casey, today_of(cast.casey))
    assert RecoveryEvent.objects.count() == 1


def test_a_new_start_must_come_after_the_recurrence(cast):
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 10))
    record_recurrence(cast.ana, cast.casey, days_ago(cast.casey, 5))
    with pytest.raises(ValidationError) as error:
        set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 5))
    assert field_errors(error) == {"on_date"}
    assert "must be after the recurrence of use" in error.value.messages[0]
    assert RecoveryEvent.objects.count() == 2


def test_a_restart_after_a_recurrence_counts_again_and_keeps_the_total(cast):
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 30))
    record_recurrence(cast.ana, cast.casey, days_ago(cast.casey, 10))
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 9))
    recovery = recovery_of(cast.casey, today_of(cast.casey))
    assert recovery.days_in_recovery == 9
    assert recovery.total_days_in_recovery == 20 + 9
    assert recovery.attempts == 2
    assert [e.kind for e in recovery.events] == ["start", "recurrence", "start"]


def test_there_is_no_service_to_change_or_erase_timeline_history():
    names = [n for n in dir(services) if not n.startswith("_")]
    assert not [n for n in names if n.split("_")[0] in {"delete", "update", "edit", "remove"}]


# --- Milestone awards -----------------------------------------------------------------------


def test_awarding_milestones_is_idempotent(cast):
    make_event(cast.casey, cast.ana, date(2024, 1, 1))
    first = award_due_milestones(cast.casey, date(2024, 2, 1))
    again = award_due_milestones(cast.casey, date(2024, 2, 1))
    assert [w.milestone_key for w in first] == ["24h", "7d", "30d"]
    assert again == []
    assert Win.objects.count() == 3


def test_awarding_later_returns_only_the_new_milestones(cast):
    make_event(cast.casey, cast.ana, date(2024, 1, 1))
    award_due_milestones(cast.casey, date(2024, 2, 1))
    [win] = award_due_milestones(cast.casey, date(2024, 3, 1))
    assert (win.milestone_key, win.occurred_on) == ("60d", date(2024, 3, 1))


def test_nothing_is_awarded_without_a_start_date(cast):
    assert award_due_milestones(cast.casey, date(2024, 3, 1)) == []


def test_nothing_is_awarded_after_a_recurrence_until_the_next_start(cast):
    make_event(cast.casey, cast.ana, date(2024, 1, 1))
    make_event(cast.casey, cast.ana, date(2024, 1, 5), kind=EventKind.RECURRENCE)
    assert award_due_milestones(cast.casey, date(2024, 3, 1)) == []


def test_each_milestone_is_awarded_again_after_a_new_start(cast):
    first = make_event(cast.casey, cast.ana, date(2024, 1, 1))
    award_due_milestones(cast.casey, date(2024, 1, 10))
    make_event(cast.casey, cast.ana, date(2024, 1, 12), kind=EventKind.RECURRENCE)
    second = make_event(cast.casey, cast.ana, date(2024, 1, 13))
    awarded = award_due_milestones(cast.casey, date(2024, 1, 20))
    assert [w.milestone_key for w in awarded] == ["24h", "7d"]
    assert {w.start for w in awarded} == {second}
    assert Win.objects.filter(start=first).count() == 2


def test_the_database_refuses_a_milestone_twice_for_one_start(cast):
    make_event(cast.casey, cast.ana, date(2024, 1, 1))
    [win] = award_due_milestones(cast.casey, date(2024, 1, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Win.objects.create(
            organization=cast.org,
            client=cast.casey,
            kind=WinKind.MILESTONE,
            title="24 hours in recovery",
            occurred_on=win.occurred_on,
            milestone_key="24h",
            start=win.start,
        )


# --- Wins -----------------------------------------------------------------------------------


def test_advocate_records_a_win(cast):
    on = days_ago(cast.casey, 1)
    win = record_win(cast.ana, cast.casey, "  Got my ID back ", on)
    assert (win.title, win.occurred_on, win.kind) == ("Got my ID back", on, WinKind.PERSONAL)
    assert (win.client, win.organization, win.created_by) == (cast.casey, cast.org, cast.ana)
    assert win.milestone_key == ""
    assert win.start is None


def test_recording_a_win_is_audited(cast):
    win = record_win(cast.ana, cast.casey, "First paycheck", today_of(cast.casey))
    row = AccessEvent.objects.get(object_public_id=win.public_id)
    assert (row.action, row.object_type, row.user_id) == (Action.CREATE, "win", cast.ana.pk)


def test_the_client_themself_may_record_a_win(cast):
    cast.casey.user = make_user("casey@example.test", "Casey")
    cast.casey.save()
    win = record_win(cast.casey.user, cast.casey, "Called my sister", today_of(cast.casey))
    assert win.created_by == cast.casey.user


def test_a_client_may_not_record_a_win_for_someone_else(cast):
    cast.jordan.user = make_user("jordan@example.test", "Jordan")
    cast.jordan.save()
    with pytest.raises(PermissionDenied):
        record_win(cast.jordan.user, cast.casey, "Not mine", today_of(cast.casey))
    assert not Win.objects.exists()


@pytest.mark.parametrize("persona", ["cleo", "dana", "ben", "oscar", "alex"])
def test_only_those_who_record_for_the_client_may_record_a_win(cast, persona):
    with pytest.raises(PermissionDenied):
        record_win(getattr(cast, persona), cast.casey, "A win", today_of(cast.casey))
    assert not Win.objects.exists()


@pytest.mark.parametrize("kind", [WinKind.GOAL, WinKind.TASK])
def test_goal_and_task_wins_may_be_entered(cast, kind):
    assert record_win(cast.ana, cast.casey, "Done", today_of(cast.casey), kind=kind).kind == kind


BAD_WINS = [
    pytest.param({"title": "   "}, {"title": ["Say what the win was."]}, id="blank-title"),
    pytest.param({"title": "x" * 141}, {"title": ["Use at most 140 characters."]}, id="long"),
    pytest.param({"days": -1}, {"occurred_on": ["A win cannot be in the future."]}, id="future"),
    pytest.param(
        {"kind": WinKind.MILESTONE},
        {"kind": ["Milestones are added automatically."]},
        id="milestone",
    ),
    pytest.param(
        {"kind": "lottery"}, {"kind": ["Choose a personal win, a goal or a task."]}, id="kind"
    ),
]


@pytest.mark.parametrize(("change", "errors"), BAD_WINS)
def test_a_bad_win_is_refused_and_saves_nothing(cast, change, errors):
    args = {"title": "First paycheck", "days": 0, "kind": WinKind.PERSONAL, **change}
    on = days_ago(cast.casey, args["days"])
    with pytest.raises(ValidationError) as error:
        record_win(cast.ana, cast.casey, args["title"], on, kind=args["kind"])
    assert error.value.message_dict == errors
    assert nothing_recorded()


def test_advocate_congratulates_on_a_win(cast):
    win = make_win(cast.casey)
    congratulate(cast.ana, win, "  So proud of you!  ")
    win.refresh_from_db()
    assert (win.congratulation, win.congratulated_by) == ("So proud of you!", cast.ana)
    assert win.congratulated_at is not None


def test_a_congratulation_is_audited_as_an_update_of_the_win(cast):
    win = make_win(cast.casey)
    congratulate(cast.ana, win, "Well done.")
    row = AccessEvent.objects.get(object_public_id=win.public_id)
    assert (row.action, row.object_type, row.user_id) == (Action.UPDATE, "win", cast.ana.pk)


def test_a_win_is_congratulated_once(cast):
    win = make_win(cast.casey)
    congratulate(cast.ana, win, "Well done.")
    with pytest.raises(ValidationError) as error:
        congratulate(cast.sam, Win.objects.get(), "Me too!")
    assert error.value.message_dict == {"text": ["This win has already been congratulated."]}
    win.refresh_from_db()
    assert (win.congratulation, win.congratulated_by) == ("Well done.", cast.ana)


@pytest.mark.parametrize(
    ("text", "message"),
    [("  ", "Write a few words of congratulation."), ("x" * 501, "Use at most 500 characters.")],
)
def test_a_bad_congratulation_is_refused_and_changes_nothing(cast, text, message):
    win = make_win(cast.casey)
    with pytest.raises(ValidationError) as error:
        congratulate(cast.ana, win, text)
    assert error.value.message_dict == {"text": [message]}
    win.refresh_from_db()
    assert win.congratulation == ""
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("persona", ["cleo", "dana", "ben", "oscar"])
def test_only_those_who_record_for_the_client_may_congratulate(cast, persona):
    win = make_win(cast.casey)
    with pytest.raises(PermissionDenied):
        congratulate(getattr(cast, persona), win, "Nice.")
    win.refresh_from_db()
    assert win.congratulation == ""


def test_a_client_does_not_congratulate_themself(cast):
    cast.casey.user = make_user("casey@example.test", "Casey")
    cast.casey.save()
    with pytest.raises(PermissionDenied):
        congratulate(cast.casey.user, make_win(cast.casey), "Go me.")
