"""What clients and the Today queue see of groups."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.groups.tests.conftest import make_session
from alongside.testing.personas import give_portal_account, login
from alongside.today.queries import today_queue

pytestmark = pytest.mark.django_db


def codes_for(user, client) -> list[str]:
    rows = {row.client.pk: row for row in today_queue(user, timezone.now())}
    return rows[client.pk].codes if client.pk in rows else []


def test_client_sees_upcoming_groups_on_the_portal_home(client, cast, group):
    make_session(group, starts_in=timedelta(days=2))
    login(client, give_portal_account(cast.casey, "casey@example.test"))

    page = client.get("/me/").text

    assert "Upcoming groups" in page
    assert "Evening step study" in page


def test_upcoming_groups_are_in_spanish_for_a_spanish_speaker(client, cast, group):
    make_session(group, starts_in=timedelta(days=2))
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    login(client, give_portal_account(cast.casey, "casey@example.test"))

    assert "Próximos grupos" in client.get("/me/").text


def test_no_groups_section_without_upcoming_sessions(client, cast, group):
    make_session(group, starts_in=timedelta(days=-2))
    login(client, give_portal_account(cast.casey, "casey@example.test"))

    assert "Upcoming groups" not in client.get("/me/").text


def test_client_not_on_the_roster_sees_no_groups(client, cast, group):
    make_session(group, starts_in=timedelta(days=2))
    login(client, give_portal_account(cast.jordan, "jordan@example.test"))

    assert "Upcoming groups" not in client.get("/me/").text


def test_group_today_puts_the_attendee_on_today(cast, group):
    make_session(group, starts_in=timedelta(minutes=1))

    assert "group_today" in codes_for(cast.ana, cast.casey)


def test_cancelled_session_is_not_a_reason(cast, group):
    session = make_session(group, starts_in=timedelta(minutes=1))
    session.cancelled = True
    session.save()

    assert "group_today" not in codes_for(cast.ana, cast.casey)


def test_a_session_on_another_day_is_not_a_reason(cast, group):
    make_session(group, starts_in=timedelta(days=3))

    assert "group_today" not in codes_for(cast.ana, cast.casey)


def test_today_page_shows_group_today(client, cast, group):
    make_session(group, starts_in=timedelta(minutes=1))
    login(client, cast.ana)

    assert "Group today" in client.get("/today/").text
