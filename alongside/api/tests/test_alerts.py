"""/api/v1/alerts and the check-in's safety question over the API."""

from __future__ import annotations

from alongside.accounts.models import ApiToken
from alongside.safety.models import Alert, AlertState
from alongside.safety.tests.factories import make_alert
from alongside.testing.personas import give_portal_account


def test_a_client_safety_answer_over_the_api_raises_an_alert_and_returns_crisis_lines(cast, bearer):
    account = give_portal_account(cast.casey, "casey@example.test")
    _token, raw = ApiToken.issue(account)
    response = bearer(raw).post("/checkins", {"mood": 1, "craving": 4, "safety_concern": True})
    assert response.status_code == 201
    body = response.json()
    assert body["safety_concern"] is True
    assert body["crisis"]["lifeline"] == "988"
    assert body["crisis"]["emergency"] == "911"
    assert body["crisis"]["advocate_told"] is True
    assert Alert.objects.get(client=cast.casey).severity == "high"


def test_a_calm_check_in_has_no_crisis_block(cast, api_as):
    response = api_as(cast.ana).post(
        "/checkins", {"client_id": str(cast.casey.public_id), "mood": 4, "craving": 1}
    )
    assert response.status_code == 201
    assert response.json()["crisis"] is None


def test_the_advocate_lists_open_alerts(cast, api_as):
    alert = make_alert(cast.casey)
    body = api_as(cast.ana).get("/alerts").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["id"] == str(alert.public_id)
    assert item["client_id"] == str(cast.casey.public_id)
    assert (item["severity"], item["state"]) == ("high", "open")
    assert item["reason"] == "Answered yes to the safety question"


def test_other_organizations_see_no_alerts(cast, api_as):
    make_alert(cast.casey)
    assert api_as(cast.oscar).get("/alerts").json()["count"] == 0


def test_an_unknown_state_filter_is_a_clear_error(cast, api_as):
    response = api_as(cast.ana).get("/alerts", state="urgent")
    assert response.status_code == 422


def test_acknowledge_then_resolve(cast, api_as):
    alert = make_alert(cast.casey)
    api = api_as(cast.ana)
    taken = api.post(f"/alerts/{alert.public_id}/acknowledge", {"note": "Calling"})
    assert taken.status_code == 200
    assert taken.json()["state"] == "acknowledged"
    assert taken.json()["acknowledged_by"]["name"] == "Ana Advocate"
    again = api.post(f"/alerts/{alert.public_id}/acknowledge", {})
    assert again.status_code == 422
    done = api.post(f"/alerts/{alert.public_id}/resolve", {"resolution": "Safe with sister"})
    assert done.json()["state"] == "resolved"


def test_resolving_without_a_resolution_saves_nothing(cast, api_as):
    alert = make_alert(cast.casey)
    response = api_as(cast.ana).post(f"/alerts/{alert.public_id}/resolve", {"resolution": " "})
    assert response.status_code == 422
    alert.refresh_from_db()
    assert alert.state == AlertState.OPEN


def test_a_clinician_may_not_take_an_alert(cast, api_as):
    alert = make_alert(cast.casey)
    response = api_as(cast.cleo).post(f"/alerts/{alert.public_id}/acknowledge", {})
    assert response.status_code == 403


def test_an_alert_out_of_scope_is_a_404(cast, api_as):
    alert = make_alert(cast.casey)
    response = api_as(cast.oscar).post(f"/alerts/{alert.public_id}/acknowledge", {})
    assert response.status_code == 404
