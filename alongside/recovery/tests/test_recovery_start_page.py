"""The "recovery start date" page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.recovery.models import EventKind, RecoveryEvent, Win
from alongside.recovery.tests.factories import days_ago, make_event, today_of
from alongside.testing.personas import login


def url(client: Any) -> str:
    return reverse("recovery:set_start", args=[client.public_id])


def test_advocate_sees_the_form_with_the_clients_today_filled_in(client, cast):
    login(client, cast.ana)
    response = client.get(url(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Recovery start date for Casey" in body
    today = today_of(cast.casey).isoformat()
    assert f'value="{today}"' in body
    assert f'max="{today}"' in body


def test_showing_the_form_is_audited_as_a_view(client, cast):
    login(client, cast.ana)
    client.get(url(cast.casey))
    assert AccessEvent.objects.filter(
        action=Action.VIEW, client_id=cast.casey.pk, user_id=cast.ana.pk
    ).exists()


def test_advocate_sets_a_backdated_start_date(client, cast):
    on = days_ago(cast.casey, 45)
    login(client, cast.ana)
    response = client.post(url(cast.casey), {"on_date": on.isoformat(), "note": "After detox."})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[cast.casey.public_id])
    event = RecoveryEvent.objects.get()
    assert (event.kind, event.on_date, event.note) == (EventKind.START, on, "After detox.")
    assert set(Win.objects.values_list("milestone_key", flat=True)) == {"24h", "7d", "30d"}


def test_saved_start_date_is_confirmed_on_the_profile(client, cast):
    login(client, cast.ana)
    response = client.post(url(cast.casey), {"on_date": days_ago(cast.casey, 12)}, follow=True)
    body = response.content.decode()
    assert "Recovery start date saved." in body
    assert "<strong>12</strong> days" in body


def test_the_form_says_when_the_count_currently_starts(client, cast):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 3))
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    assert "The count currently starts on" in body
    assert "the earlier entry stays in the history" in body


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_start_page_refuses_other_methods(client, cast, method):
    login(client, cast.ana)
    assert getattr(client, method)(url(cast.casey)).status_code == 405
    assert not RecoveryEvent.objects.exists()


@pytest.mark.parametrize("persona", ["oscar", "ben", "alex"])
def test_start_page_is_not_found_outside_ones_scope(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(cast.casey)).status_code == 404
    response = client.post(url(cast.casey), {"on_date": today_of(cast.casey)})
    assert response.status_code == 404
    assert not RecoveryEvent.objects.exists()


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_roles_that_only_read_are_refused(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(cast.casey)).status_code == 403
    assert client.post(url(cast.casey), {"on_date": today_of(cast.casey)}).status_code == 403
    assert not RecoveryEvent.objects.exists()
    assert AccessEvent.objects.filter(outcome=Outcome.DENIED, client_id=cast.casey.pk).exists()


def test_start_page_requires_sign_in(client, cast):
    response = client.post(url(cast.casey), {"on_date": today_of(cast.casey)})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not RecoveryEvent.objects.exists()


BAD_STARTS = [
    pytest.param(lambda cast: {"on_date": ""}, "This field is required.", id="no-date"),
    pytest.param(lambda cast: {"on_date": "next tuesday"}, "Enter a valid date.", id="not-a-date"),
    pytest.param(
        lambda cast: {"on_date": days_ago(cast.casey, -1)},
        "A recovery start date cannot be in the future.",
        id="future",
    ),
    pytest.param(
        lambda cast: {"note": "x" * 281},
        "Ensure this value has at most 280 characters (it has 281).",
        id="long-note",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_STARTS)
def test_bad_start_date_is_shown_with_its_error_and_saves_nothing(client, cast, change, message):
    login(client, cast.ana)
    response = client.post(url(cast.casey), {"on_date": today_of(cast.casey), **change(cast)})
    body = response.content.decode()
    assert response.status_code == 422
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert message in body
    assert not RecoveryEvent.objects.exists()
    assert not AccessEvent.objects.filter(action=Action.CREATE).exists()


def test_a_start_that_is_not_after_the_last_recurrence_is_a_422(client, cast):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 10))
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 4), kind=EventKind.RECURRENCE)
    login(client, cast.ana)
    response = client.post(url(cast.casey), {"on_date": days_ago(cast.casey, 6)})
    assert response.status_code == 422
    assert "A new start date must be after the recurrence of use" in response.content.decode()
    assert RecoveryEvent.objects.count() == 2
