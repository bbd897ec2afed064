"""GET /api/v1/today: the caller's queue with reason codes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.testing.personas import make_checkin


def test_the_queue_lists_clients_with_their_reason_codes(cast, api_as):
    make_checkin(cast.casey, occurred_at=timezone.now() - timedelta(hours=1), wants_contact=True)
    response = api_as(cast.ana).get("/today")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["client_id"] == str(cast.casey.public_id)
    assert item["reasons"] == ["wants_contact"]
    assert item["details"][0]["label"] == "Asked you to reach out"


def test_the_queue_holds_only_the_callers_people(cast, api_as):
    make_checkin(cast.riley, occurred_at=timezone.now() - timedelta(hours=1), wants_contact=True)
    assert api_as(cast.ana).get("/today").json() == {"items": [], "count": 0}


def test_the_queue_paginates_like_every_list(cast, api_as):
    for person in (cast.casey, cast.jordan):
        make_checkin(person, occurred_at=timezone.now() - timedelta(hours=1), wants_contact=True)
    body = api_as(cast.ana).get("/today", limit=1, offset=1).json()
    assert body["count"] == 2 and len(body["items"]) == 1


def test_a_bad_limit_is_a_422(cast, api_as):
    assert api_as(cast.ana).get("/today", limit=0).status_code == 422


def test_the_queue_needs_authentication(cast, anonymous):
    assert anonymous.get("/today").status_code == 401
