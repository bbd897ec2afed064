"""/api/v1/clients/{id}/crisis-events and /api/v1/crisis-events/{id}/…: same rules as the
pages, uniform error shapes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.accounts.models import ApiToken
from alongside.api.tests.conftest import anonymous, api_as, bearer  # noqa: F401 - fixtures
from alongside.audit.models import AccessEvent, Action
from alongside.clients.models import Assignment
from alongside.lib.zones import local_date
from alongside.organizations.models import Role
from alongside.safety.models import CrisisEvent
from alongside.safety.tests.crisis_factories import make_crisis_event
from alongside.safety.tests.factories import make_alert
from alongside.testing.personas import make_member

BODY = {
    "what_happened": "Called saying they had used after a long stretch and felt scared.",
    "risk_level": "moderate",
    "actions": ["called_988", "listened_stayed"],
    "outcome": "Stayed on the line with 988; now at a friend's place.",
}


def body(**changes):
    return {**BODY, **changes}


def test_an_advocate_records_a_crisis_event(cast, api_as):  # noqa: F811
    today = local_date(cast.casey.time_zone, timezone.now())
    response = api_as(cast.ana).post(
        f"/clients/{cast.casey.public_id}/crisis-events",
        body(follow_up_on=today.isoformat(), actions_other="Texted their sponsor"),
    )
    assert response.status_code == 201
    item = response.json()
    event = CrisisEvent.objects.get()
    assert item["id"] == str(event.public_id)
    assert item["client_id"] == str(cast.casey.public_id)
    assert item["actions"] == ["listened_stayed", "called_988", "other"]
    assert item["recorded_by"]["name"] == "Ana Advocate"
    assert (item["alert_id"], item["reviewed_by"], item["follow_up_on"]) == (
        None,
        None,
        today.isoformat(),
    )
    assert AccessEvent.objects.filter(
        user_id=cast.ana.pk, action=Action.CREATE, object_type="crisis_event"
    ).exists()


def test_a_crisis_event_after_an_alert_names_it(cast, api_as):  # noqa: F811
    alert = make_alert(cast.casey)
    api = api_as(cast.ana)
    url = f"/clients/{cast.casey.public_id}/crisis-events"
    response = api.post(url, body(alert_id=str(alert.public_id)))
    assert response.json()["alert_id"] == str(alert.public_id)
    again = api.post(url, body(alert_id=str(alert.public_id)))
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "alert_id"]
    assert CrisisEvent.objects.count() == 1


def test_another_clients_alert_is_a_field_error(cast, api_as):  # noqa: F811
    alert = make_alert(cast.jordan)
    response = api_as(cast.ana).post(
        f"/clients/{cast.casey.public_id}/crisis-events", body(alert_id=str(alert.public_id))
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "alert_id"],
                "msg": "That alert is not one of this person's.",
                "type": "value_error",
            }
        ]
    }
    assert not CrisisEvent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "loc"),
    [
        ({"what_happened": ""}, ["body", "what_happened"]),
        ({"outcome": "   "}, ["body", "outcome"]),
        ({"risk_level": "severe"}, ["body", "risk_level"]),
        ({"actions": []}, ["body", "actions"]),
        ({"actions": ["prayed"]}, ["body", "actions", 0]),
        ({"actions": ["other"]}, ["body", "actions_other"]),
        ({"occurred_at": "2026-11-25T10:00:00"}, ["body", "occurred_at"]),
        ({"follow_up_on": "2020-01-01"}, ["body", "follow_up_on"]),
        ({"alert_id": "not-a-uuid"}, ["body", "alert_id"]),
    ],
)
def test_bad_input_is_a_422_on_the_field_and_saves_nothing(cast, api_as, changes, loc):  # noqa: F811
    response = api_as(cast.ana).post(
        f"/clients/{cast.casey.public_id}/crisis-events", body(**changes)
    )
    assert response.status_code == 422
    assert loc in [problem["loc"] for problem in response.json()["detail"]]
    assert not CrisisEvent.objects.exists()


def test_a_future_crisis_is_refused(cast, api_as):  # noqa: F811
    later = (timezone.now() + timedelta(hours=2)).isoformat()
    response = api_as(cast.ana).post(
        f"/clients/{cast.casey.public_id}/crisis-events", body(occurred_at=later)
    )
    assert response.json()["detail"][0]["msg"] == "A crisis cannot be recorded in the future."


def test_clinicians_and_directors_may_not_record(cast, api_as):  # noqa: F811
    for person in (cast.cleo, cast.dana):
        response = api_as(person).post(f"/clients/{cast.casey.public_id}/crisis-events", body())
        assert response.status_code == 403
        assert response.json() == {"detail": "Not allowed."}
    assert not CrisisEvent.objects.exists()


def test_another_organization_gets_404(cast, api_as):  # noqa: F811
    event = make_crisis_event(cast.casey)
    api = api_as(cast.oscar)
    assert api.post(f"/clients/{cast.casey.public_id}/crisis-events", body()).status_code == 404
    assert api.get(f"/clients/{cast.casey.public_id}/crisis-events").status_code == 404
    response = api.post(f"/crisis-events/{event.public_id}/sign-off", {})
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not CrisisEvent.objects.exclude(pk=event.pk).exists()


def test_a_clients_crisis_events_are_listed_newest_first_and_audited(cast, api_as):  # noqa: F811
    now = timezone.now()
    older = make_crisis_event(cast.casey, occurred_at=now - timedelta(days=3))
    newer = make_crisis_event(cast.casey, occurred_at=now - timedelta(hours=1))
    make_crisis_event(cast.jordan)
    api = api_as(cast.cleo)  # a clinician in Casey's program reads them
    response = api.get(f"/clients/{cast.casey.public_id}/crisis-events", limit=1)
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert [item["id"] for item in response.json()["items"]] == [str(newer.public_id)]
    second = api.get(f"/clients/{cast.casey.public_id}/crisis-events", limit=1, offset=1)
    assert [item["id"] for item in second.json()["items"]] == [str(older.public_id)]
    assert (
        AccessEvent.objects.filter(
            user_id=cast.cleo.pk, client_id=cast.casey.pk, object_type="crisis_event_list"
        ).count()
        == 2
    )


def test_the_team_supervisor_signs_off_once(cast, api_as):  # noqa: F811
    event = make_crisis_event(cast.casey, recorded_by=cast.ana)
    api = api_as(cast.sam)
    response = api.post(f"/crisis-events/{event.public_id}/sign-off", {"note": "Good work."})
    assert response.status_code == 200
    assert response.json()["reviewed_by"]["name"] == "Sam Supervisor"
    assert response.json()["review_note"] == "Good work."
    again = api.post(f"/crisis-events/{event.public_id}/sign-off", {})
    assert again.status_code == 422
    assert again.json()["detail"][0]["msg"] == "Sam Supervisor already signed this off."


def test_the_recorder_and_other_teams_may_not_sign_off(cast, api_as):  # noqa: F811
    sue = make_member(cast.org, "sue@hope.test", "Sue Supervisor", Role.SUPERVISOR)
    val = make_member(cast.org, "val@hope.test", "Val Advocate", Role.PRA, supervisor=sue)
    Assignment.objects.create(
        organization=cast.org, client=cast.casey, advocate=val, started_at=timezone.now()
    )
    event = make_crisis_event(cast.casey, recorded_by=cast.ana)
    for person, status in ((cast.ana, 403), (sue, 403), (cast.cleo, 403), (cast.ben, 404)):
        response = api_as(person).post(f"/crisis-events/{event.public_id}/sign-off", {})
        assert response.status_code == status, person
    event.refresh_from_db()
    assert event.reviewed_at is None


def test_a_long_sign_off_note_is_a_422(cast, api_as):  # noqa: F811
    event = make_crisis_event(cast.casey, recorded_by=cast.ana)
    response = api_as(cast.dana).post(
        f"/crisis-events/{event.public_id}/sign-off", {"note": "x" * 2001}
    )
    assert response.status_code == 422
    event.refresh_from_db()
    assert event.reviewed_at is None


def test_the_follow_up_is_marked_done_once(cast, api_as):  # noqa: F811
    event = make_crisis_event(cast.casey, follow_up_on=timezone.localdate())
    api = api_as(cast.ana)
    done = api.post(f"/crisis-events/{event.public_id}/follow-up-done", {})
    assert done.status_code == 200
    assert done.json()["follow_up_done_by"]["name"] == "Ana Advocate"
    again = api.post(f"/crisis-events/{event.public_id}/follow-up-done", {})
    assert again.status_code == 422


def test_a_bearer_token_works_and_a_clients_own_token_reaches_nothing(cast, bearer):  # noqa: F811
    _token, raw = ApiToken.issue(cast.ana)
    response = bearer(raw).post(f"/clients/{cast.casey.public_id}/crisis-events", body())
    assert response.status_code == 201
    from alongside.testing.personas import give_portal_account

    account = give_portal_account(cast.casey, "casey@example.test")
    _token, own = ApiToken.issue(account)
    assert bearer(own).get(f"/clients/{cast.casey.public_id}/crisis-events").status_code == 404


def test_signing_in_is_required(cast, anonymous):  # noqa: F811
    response = anonymous.get(f"/clients/{cast.casey.public_id}/crisis-events")
    assert response.status_code == 401
