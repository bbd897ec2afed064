"""Set-based reads about check-ins: one query however many clients."""

from __future__ import annotations

from datetime import date

from alongside.checkins.queries import (
    checked_in_on,
    last_checkins_of,
    latest_checkins,
    recent_checkins,
    with_latest_checkin,
)
from alongside.clients.models import Client
from alongside.testing.personas import make_checkin, noon_days_ago


def days_ago(n: int):
    return noon_days_ago(n)


def test_recent_check_ins_are_the_newest_few(cast):
    for n in range(1, 10):
        make_checkin(cast.casey, occurred_at=days_ago(n), craving=n)
    make_checkin(cast.jordan, occurred_at=days_ago(1), craving=10)
    rows = list(recent_checkins(cast.casey, limit=3))
    assert [c.craving for c in rows] == [1, 2, 3]


def test_recent_check_ins_is_one_query(cast, django_assert_num_queries):
    for n in range(1, 4):
        make_checkin(cast.casey, occurred_at=days_ago(n), recorded_by=cast.ana)
    with django_assert_num_queries(1):
        names = [str(c.recorded_by) for c in recent_checkins(cast.casey)]
    assert names == ["Ana Advocate"] * 3


def test_latest_check_in_per_client(cast, django_assert_num_queries):
    make_checkin(cast.casey, occurred_at=days_ago(3), craving=1)
    newest = make_checkin(cast.casey, occurred_at=days_ago(1), craving=9, wants_contact=True)
    jordans = make_checkin(cast.jordan, occurred_at=days_ago(5), used_since_last=True)
    make_checkin(cast.riley, occurred_at=days_ago(1))
    ids = [cast.casey.pk, cast.jordan.pk, cast.newcomer.pk]
    with django_assert_num_queries(1):
        latest = latest_checkins(ids)
    assert set(latest) == {cast.casey.pk, cast.jordan.pk}
    assert latest[cast.casey.pk].pk == newest.pk
    assert latest[cast.casey.pk].wants_contact is True
    assert latest[cast.jordan.pk].pk == jordans.pk
    assert latest[cast.jordan.pk].used_since_last is True


def test_latest_check_ins_of_nobody_costs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert latest_checkins([]) == {}


def _cravings(found):
    return {client_id: [c.craving for c in rows] for client_id, rows in found.items()}


def test_last_check_ins_are_the_last_three_newest_first(cast, django_assert_num_queries):
    for n, craving in [(1, 8), (2, 6), (3, 4), (4, 2)]:
        make_checkin(cast.casey, occurred_at=days_ago(n), craving=craving, wants_contact=n == 1)
    make_checkin(cast.jordan, occurred_at=days_ago(2), craving=5)
    ids = [cast.casey.pk, cast.jordan.pk, cast.newcomer.pk]
    with django_assert_num_queries(1):
        found = last_checkins_of(ids)
        assert _cravings(found) == {cast.casey.pk: [8, 6, 4], cast.jordan.pk: [5]}
        assert found[cast.casey.pk][0].wants_contact is True


def test_last_check_ins_take_any_number(cast):
    for n in range(1, 6):
        make_checkin(cast.casey, occurred_at=days_ago(n), craving=n)
    assert _cravings(last_checkins_of([cast.casey.pk], n=2)) == {cast.casey.pk: [1, 2]}
    assert last_checkins_of([cast.casey.pk], n=0) == {}
    assert last_checkins_of([]) == {}


def test_checked_in_on_keeps_each_clients_own_date(cast, django_assert_num_queries):
    make_checkin(cast.casey, occurred_at=days_ago(1), local_date=date(2025, 1, 2))
    make_checkin(cast.jordan, occurred_at=days_ago(1), local_date=date(2025, 1, 1))
    make_checkin(cast.riley, occurred_at=days_ago(1), local_date=date(2025, 1, 2))
    days = {
        cast.casey.pk: date(2025, 1, 2),
        cast.jordan.pk: date(2025, 1, 2),  # checked in on Jan 1, not on their Jan 2
        cast.riley.pk: date(2025, 1, 2),
        cast.newcomer.pk: date(2025, 1, 1),
    }
    with django_assert_num_queries(1):
        done = checked_in_on(days)
    assert done == {cast.casey.pk, cast.riley.pk}


def test_checked_in_on_nobody_costs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert checked_in_on({}) == set()


def test_clients_are_annotated_with_their_latest_check_in_day(cast):
    make_checkin(cast.casey, occurred_at=days_ago(4), local_date=date(2025, 3, 1))
    make_checkin(cast.casey, occurred_at=days_ago(1), local_date=date(2025, 3, 4))
    clients = with_latest_checkin(Client.objects.filter(pk__in=[cast.casey.pk, cast.jordan.pk]))
    assert {c.preferred_name: c.last_checkin_on for c in clients} == {
        "Casey": date(2025, 3, 4),
        "Jordan": None,
    }
