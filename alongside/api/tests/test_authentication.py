"""Who may call the API: a bearer token or a signed-in session, nobody else."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client as BrowserClient
from django.utils import timezone

from alongside.accounts.models import ApiToken
from alongside.support.models import Encounter
from alongside.testing.personas import login


def test_request_without_credentials_is_401_with_a_json_detail(cast, anonymous):
    response = anonymous.get("/clients")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}


def test_signed_in_session_may_list_clients(cast, api_as):
    assert api_as(cast.ana).get("/clients").status_code == 200


def test_bearer_token_acts_as_its_user(cast, bearer):
    _, raw = ApiToken.issue(cast.ana)
    response = bearer(raw).get("/clients")
    assert response.status_code == 200
    assert {c["preferred_name"] for c in response.json()["items"]} == {"Casey", "Jordan"}


def test_unknown_bearer_token_is_401(cast, bearer):
    response = bearer("not-a-real-token").get("/clients")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}


def test_revoked_token_is_401(cast, bearer):
    token, raw = ApiToken.issue(cast.ana)
    token.revoke()
    assert bearer(raw).get("/clients").status_code == 401


def test_token_of_a_deactivated_user_is_401(cast, bearer):
    _, raw = ApiToken.issue(cast.ana)
    cast.ana.is_active = False
    cast.ana.save(update_fields=["is_active"])
    assert bearer(raw).get("/clients").status_code == 401


def test_session_of_a_deactivated_user_is_401(cast, api_as):
    api = api_as(cast.ana)
    cast.ana.is_active = False
    cast.ana.save(update_fields=["is_active"])
    assert api.get("/clients").status_code == 401


def test_bad_bearer_token_is_401_even_alongside_a_signed_in_session(cast, client):
    login(client, cast.ana)
    response = client.get("/api/v1/clients", headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401


def test_first_use_of_a_token_is_recorded(cast, bearer):
    token, raw = ApiToken.issue(cast.ana)
    bearer(raw).get("/clients")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_use_within_a_minute_is_not_recorded_again(cast, bearer):
    token, raw = ApiToken.issue(cast.ana)
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    bearer(raw).get("/clients")
    token.refresh_from_db()
    assert token.last_used_at == recent


def test_token_use_after_a_minute_is_recorded_again(cast, bearer):
    token, raw = ApiToken.issue(cast.ana)
    earlier = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    bearer(raw).get("/clients")
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > earlier


def test_session_write_without_csrf_token_is_refused_and_saves_nothing(cast):
    browser = BrowserClient(enforce_csrf_checks=True)
    login(browser, cast.ana)
    response = browser.post(
        f"/api/v1/clients/{cast.casey.public_id}/encounters",
        {"kind": "phone"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check failed."}
    assert not Encounter.objects.exists()


def test_bearer_write_needs_no_csrf_token(cast):
    _, raw = ApiToken.issue(cast.ana)
    response = BrowserClient(enforce_csrf_checks=True).post(
        f"/api/v1/clients/{cast.casey.public_id}/encounters",
        {"kind": "phone"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201


def test_anonymous_write_is_401_not_a_csrf_failure(cast):
    response = BrowserClient(enforce_csrf_checks=True).post(
        f"/api/v1/clients/{cast.casey.public_id}/encounters",
        {"kind": "phone"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_responses_to_token_callers_are_not_stored_by_caches(cast, bearer):
    _, raw = ApiToken.issue(cast.ana)
    response = bearer(raw).get("/clients")
    assert "no-store" in response["Cache-Control"]
