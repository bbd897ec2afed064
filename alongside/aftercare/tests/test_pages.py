"""The aftercare pages, the API's /outcomes/followups and Today's reason."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from alongside.aftercare.models import FollowUp, FollowUpAttempt, FollowUpOutcome, Status
from alongside.aftercare.queries import followup_rates
from alongside.aftercare.tests.factories import (
    NO_ANSWER,
    REACHED,
    discharge_days_ago,
    make_followup,
)
from alongside.api.tests.conftest import Api
from alongside.audit.models import AccessEvent
from alongside.clients.models import Episode
from alongside.testing.personas import login, make_client
from alongside.today.queries import today_queue


def flags_for(user, client) -> dict[str, str]:
    rows = {row.client.pk: row for row in today_queue(user, timezone.now())}
    row = rows.get(client.pk)
    return {flag.reason.code: flag.detail for flag in row.flags} if row else {}


@pytest.fixture
def seven_day(cast) -> FollowUp:
    return discharge_days_ago(cast.sam, cast.casey, 7, end_assignments=True).followups.get(days=7)


def now_field(cast) -> str:
    """The current minute as the staff page's datetime field shows it (the org's zone)."""
    zone = zoneinfo.ZoneInfo(cast.org.time_zone)
    return (timezone.now() - timedelta(minutes=1)).astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def _url(followup: FollowUp) -> str:
    return f"/aftercare/clients/{followup.client.public_id}/{followup.public_id}/"


REACHED_POST = {
    "result": "reached",
    "in_recovery": "unsure",
    "in_their_words": "Some hard weeks, back at meetings now.",
    "housing_stable": "yes",
    "working_or_school": "no",
    "returned_to_treatment": "no",
    "overdose_or_er": "not_said",
}


# --- Today -----------------------------------------------------------------------------------


def test_a_due_call_is_on_the_advocates_today_after_discharge(cast, seven_day):
    detail = flags_for(cast.ana, cast.casey)["aftercare_due"]
    assert detail.startswith("7-day call due") and "Ana Advocate's call" in detail
    assert "aftercare_due" in flags_for(cast.sam, cast.casey)  # the supervisor sees it too
    assert flags_for(cast.ben, cast.casey) == {}


def test_an_overdue_call_in_its_window_says_so(cast):
    discharge_days_ago(cast.sam, cast.casey, 9)
    assert flags_for(cast.ana, cast.casey)["aftercare_due"].startswith("7-day call overdue")


def test_calls_outside_their_window_are_not_on_today(cast):
    discharge_days_ago(cast.sam, cast.casey, 2)  # the 7-day window opens on day 4
    assert "aftercare_due" not in flags_for(cast.ana, cast.casey)
    discharge_days_ago(cast.sam, cast.jordan, 11)  # closed yesterday
    assert "aftercare_due" not in flags_for(cast.ana, cast.jordan)


def test_a_reached_call_leaves_today(cast, seven_day):
    FollowUp.objects.filter(pk=seven_day.pk).update(
        status=Status.REACHED, reached_at=timezone.now()
    )
    assert "aftercare_due" not in flags_for(cast.ana, cast.casey)


def test_the_reason_costs_one_query_whatever_the_caseload(cast, django_assert_num_queries):
    discharge_days_ago(cast.sam, cast.casey, 7)
    from alongside.aftercare.today import aftercare_due
    from alongside.today.reasons import Context

    clients = [cast.casey, cast.jordan, cast.riley]
    context = Context(now=timezone.now(), today={c.pk: timezone.localdate() for c in clients})
    with django_assert_num_queries(1):
        aftercare_due(clients, context)


# --- The call form ---------------------------------------------------------------------------


def test_the_advocate_records_a_reached_call(client, cast, seven_day):
    login(client, cast.ana)
    page = client.get(_url(seven_day))
    assert page.status_code == 200 and b"Save the call" in page.content
    assert AccessEvent.objects.filter(client_id=cast.casey.pk, action="view").exists()

    when = now_field(cast)
    response = client.post(_url(seven_day), REACHED_POST | {"attempted_at": when})

    assert response.status_code == 302
    seven_day.refresh_from_db()
    assert seven_day.status == Status.REACHED
    outcome = FollowUpOutcome.objects.get(follow_up=seven_day)
    assert (outcome.in_recovery, outcome.working_or_school) == ("unsure", "no")


def test_the_client_page_lists_the_calls_and_the_window_rule(client, cast, seven_day):
    login(client, cast.ana)
    page = client.get(f"/aftercare/clients/{cast.casey.public_id}/")
    assert page.status_code == 200
    assert b"Record call" in page.content and b"max(3, N" in page.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, b"This field is required"),
        ({"result": "reached"}, b"Choose yes, unsure or no"),
        (REACHED_POST | {"in_recovery": "perhaps"}, b"Select a valid choice"),
        (REACHED_POST | {"barc10_agreed": "on"}, b"Answer at least one question"),
        ({"result": "no_answer", "attempted_at": "2020-01-01T10:00"}, b"window opens"),
        ({"result": "no_answer", "attempted_at": "not a time"}, b"Enter a valid date/time"),
    ],
)
def test_bad_input_shows_a_clear_error_and_saves_nothing(client, cast, seven_day, data, message):
    login(client, cast.ana)
    data = {"attempted_at": now_field(cast)} | data
    response = client.post(_url(seven_day), data)
    assert response.status_code == 422
    assert message in response.content
    assert not FollowUpAttempt.objects.exists()
    assert not FollowUpOutcome.objects.exists()


def test_a_partial_barc10_is_refused_with_its_message(client, cast, seven_day):
    login(client, cast.ana)
    when = now_field(cast)
    data = REACHED_POST | {"attempted_at": when, "barc10_agreed": "on", "barc10_q1": "9"}
    response = client.post(_url(seven_day), data)
    assert response.status_code == 422
    assert b'class="errors"' in response.content
    assert not FollowUpAttempt.objects.exists()


def test_a_director_sees_but_may_not_record(client, cast, seven_day):
    login(client, cast.dana)  # a director sees but does not record
    assert client.post(_url(seven_day), {"result": "no_answer"}).status_code == 403


def test_readmission_page(client, cast, seven_day):
    login(client, cast.dana)
    bad = client.post(
        f"/aftercare/clients/{cast.casey.public_id}/readmit/",
        {"program": "nope", "level_of_care": "outpatient"},
    )
    assert bad.status_code == 422
    assert cast.casey.episodes.count() == 1
    good = client.post(
        f"/aftercare/clients/{cast.casey.public_id}/readmit/",
        {"program": str(cast.outpatient.public_id), "level_of_care": "outpatient"},
    )
    assert good.status_code == 302
    new = Episode.objects.get(client=cast.casey, discharged_at__isnull=True)
    assert new.previous_episode_id == seven_day.episode_id


# --- The supervisors' page and the API -------------------------------------------------------


@pytest.fixture
def calls(cast):
    """Follow-ups due within the last year: 7 days 2 of 3 reached, 30 days 0 of 1."""
    today = timezone.localdate()
    for i in range(3):
        episode = make_client(cast.residential, f"P{i}", discharged=True).episodes.get()
        status = Status.REACHED if i < 2 else Status.SCHEDULED
        attempts = (REACHED,) if i < 2 else (NO_ANSWER,)
        make_followup(episode, 7, today - timedelta(days=40), status=status, attempts=attempts)
    episode = make_client(cast.outpatient, "O", discharged=True).episodes.get()
    make_followup(episode, 30, today - timedelta(days=40))


def test_the_overview_shows_the_rates_and_due_calls(client, cast, calls, seven_day):
    login(client, cast.sam)
    page = client.get("/aftercare/")
    assert page.status_code == 200
    rates = {r.days: r for r in page.context["rates"]}
    assert (rates[7].reached, rates[7].completed) == (2, 3)
    assert b"67%" in page.content and b"80%" in page.content
    assert [f.pk for f in page.context["due"]] == [seven_day.pk]
    assert AccessEvent.objects.filter(
        client_id=cast.casey.pk, user_id=cast.sam.pk, action="view"
    ).exists()


def test_the_overview_is_for_supervisors_and_directors(client, cast):
    for person in (cast.ana, cast.cleo, cast.alex):
        login(client, person)
        assert client.get("/aftercare/").status_code == 403


def test_the_overview_rejects_bad_filters(client, cast):
    login(client, cast.dana)
    page = client.get("/aftercare/", {"start": "2026-02-30", "program": "x"})
    assert page.status_code == 422
    assert b"Enter a valid date" in page.content or b"YYYY-MM-DD" in page.content


def test_the_api_returns_the_same_numbers_as_the_page(client, cast, calls):
    login(client, cast.dana)
    api = Api(client)
    body = api.get("/outcomes/followups").json()
    page = client.get("/aftercare/")
    expected = [r.__dict__ for r in page.context["rates"]]
    assert body["timepoints"] == expected
    assert body["target"] == 0.8

    only = api.get("/outcomes/followups", program=str(cast.outpatient.public_id)).json()
    direct = followup_rates(
        cast.org,
        program_ids=[cast.outpatient.pk],
        start=timezone.localdate() - timedelta(days=365),
        end=timezone.localdate(),
    )
    assert only["timepoints"] == [r.__dict__ for r in direct]


@pytest.mark.parametrize(
    "params",
    [{"start": "2026-13-01"}, {"start": "2026-05-01", "end": "2026-04-01"}, {"program": "nope"}],
)
def test_the_api_rejects_bad_filters(client, cast, params):
    login(client, cast.dana)
    response = Api(client).get("/outcomes/followups", **params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_the_api_is_for_supervisors_and_directors(client, cast):
    assert Api(Client()).get("/outcomes/followups").status_code == 401
    login(client, cast.ana)
    assert Api(client).get("/outcomes/followups").status_code == 403
