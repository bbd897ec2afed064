"""The "record a recurrence of use" page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.recovery.models import EventKind, RecoveryEvent
from alongside.recovery.tests.factories import days_ago, make_event, today_of
from alongside.testing.personas import login


def url(client: Any) -> str:
    return reverse("recovery:recurrence", args=[client.public_id])


@pytest.fixture
def started(cast):
    """Casey's count started 30 days ago."""
    return make_event(cast.casey, cast.ana, days_ago(cast.casey, 30))


def test_the_page_uses_person_first_wording(client, cast, started):
    login(client, cast.ana)
    response = client.get(url(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Record a recurrence of use" in body
    assert "History is kept; the count restarts from the next start date." in body
    for word in ("relapse", "clean", "dirty", "failed"):
        assert word not in body.lower()


def test_advocate_records_a_recurrence(client, cast, started):
    on = days_ago(cast.casey, 2)
    login(client, cast.ana)
    response = client.post(url(cast.casey), {"on_date": on.isoformat(), "note": "Party."})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[cast.casey.public_id])
    event = RecoveryEvent.objects.latest("id")
    assert (event.kind, event.on_date, event.note) == (EventKind.RECURRENCE, on, "Party.")


def test_after_a_recurrence_the_profile_keeps_the_history_and_the_total(client, cast, started):
    login(client, cast.ana)
    response = client.post(url(cast.casey), {"on_date": days_ago(cast.casey, 2)}, follow=True)
    body = response.content.decode()
    assert "Recurrence of use recorded. History is kept." in body
    assert "The count restarts from the next start date." in body
    assert "<dt>Total days in recovery</dt><dd>28" in body


def test_without_a_start_date_the_page_says_there_is_no_count(client, cast):
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    assert "There is no current recovery start date, so there is no count to end." in body


def test_a_recurrence_without_a_start_date_is_a_422(client, cast):
    login(client, cast.ana)
    response = client.post(url(cast.casey), {"on_date": today_of(cast.casey)})
    assert response.status_code == 422
    assert "There is no current recovery start date; set one first." in response.content.decode()
    assert not RecoveryEvent.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_recurrence_page_refuses_other_methods(client, cast, started, method):
    login(client, cast.ana)
    assert getattr(client, method)(url(cast.casey)).status_code == 405
    assert RecoveryEvent.objects.count() == 1


@pytest.mark.parametrize("persona", ["oscar", "ben", "alex"])
def test_recurrence_page_is_not_found_outside_ones_scope(client, cast, started, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(cast.casey)).status_code == 404
    assert client.post(url(cast.casey), {"on_date": today_of(cast.casey)}).status_code == 404
    assert RecoveryEvent.objects.count() == 1


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_roles_that_only_read_may_not_record_a_recurrence(client, cast, started, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(cast.casey)).status_code == 403
    assert client.post(url(cast.casey), {"on_date": today_of(cast.casey)}).status_code == 403
    assert RecoveryEvent.objects.count() == 1


BAD_RECURRENCES = [
    pytest.param(lambda cast: {"on_date": ""}, "This field is required.", id="no-date"),
    pytest.param(
        lambda cast: {"on_date": days_ago(cast.casey, -1)},
        "A recurrence of use cannot be in the future.",
        id="future",
    ),
    pytest.param(
        lambda cast: {"on_date": days_ago(cast.casey, 31)},
        "A recurrence of use cannot be before the current recovery start date",
        id="before-start",
    ),
    pytest.param(
        lambda cast: {"note": "x" * 281},
        "Ensure this value has at most 280 characters (it has 281).",
        id="long-note",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_RECURRENCES)
def test_bad_recurrence_is_shown_with_its_error_and_saves_nothing(
    client, cast, started, change, message
):
    login(client, cast.ana)
    response = client.post(url(cast.casey), {"on_date": today_of(cast.casey), **change(cast)})
    body = response.content.decode()
    assert response.status_code == 422
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert message in body
    assert RecoveryEvent.objects.count() == 1
    assert not AccessEvent.objects.filter(action=Action.CREATE).exists()
