"""/api/v1/clients/{id}/timeline and /api/v1/clients/{id}/wins."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.audit.models import AccessEvent, Action
from alongside.recovery.models import EventKind, Win
from alongside.recovery.services import congratulate, set_recovery_start
from alongside.recovery.tests.factories import days_ago, make_event, make_win, today_of


def timeline(client: Any) -> str:
    return f"/clients/{client.public_id}/timeline"


def wins(client: Any) -> str:
    return f"/clients/{client.public_id}/wins"


# --- GET /timeline --------------------------------------------------------------------------


def test_timeline_gives_the_counters_events_and_wins(cast, api_as):
    first = make_event(cast.casey, cast.ana, days_ago(cast.casey, 50), note="First try.")
    ended = make_event(cast.casey, cast.ana, days_ago(cast.casey, 20), kind=EventKind.RECURRENCE)
    start = set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 10))
    personal = make_win(cast.casey, cast.ana, title="First paycheck", days=0)
    congratulate(cast.sam, personal, "Proud of you.")
    body = api_as(cast.ana).get(timeline(cast.casey)).json()
    assert body["today"] == today_of(cast.casey).isoformat()
    assert body["recovery_start"] == start.on_date.isoformat()
    assert body["days_in_recovery"] == 10
    assert body["total_days_in_recovery"] == 30 + 10
    assert body["next_milestone"] == {
        "key": "30d",
        "label": "30 days",
        "date": (start.on_date + timedelta(days=30)).isoformat(),
        "days_away": 20,
    }
    assert [e["id"] for e in body["events"]] == [
        str(start.public_id),
        str(ended.public_id),
        str(first.public_id),
    ]
    assert body["events"][2] == {
        "id": str(first.public_id),
        "kind": "start",
        "on_date": first.on_date.isoformat(),
        "note": "First try.",
        "corrected": False,
        "recorded_by": {"id": str(cast.ana.public_id), "name": "Ana Advocate"},
        "recorded_at": body["events"][2]["recorded_at"],
    }
    assert [w["title"] for w in body["wins"]] == [
        "First paycheck",
        "7 days in recovery",
        "24 hours in recovery",
    ]
    assert body["wins_count"] == 3
    assert body["wins"][0]["congratulation"] == "Proud of you."
    assert body["wins"][0]["congratulated_by"]["name"] == "Sam Supervisor"
    assert body["wins"][1]["milestone_key"] == "7d"
    assert body["wins"][1]["created_by"] is None


def test_timeline_without_a_start_date_has_no_count(cast, api_as):
    body = api_as(cast.ana).get(timeline(cast.casey)).json()
    assert body["recovery_start"] is None
    assert body["days_in_recovery"] is None
    assert body["next_milestone"] is None
    assert body["total_days_in_recovery"] == 0
    assert body["events"] == [] and body["wins"] == []


def test_timeline_ids_are_public_uuids(cast, api_as):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 3))
    make_win(cast.casey, cast.ana)
    body = api_as(cast.ana).get(timeline(cast.casey)).json()
    for item in [*body["events"], *body["wins"]]:
        uuid.UUID(item["id"])


def test_timeline_marks_a_corrected_start(cast, api_as):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 3))
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 8))
    body = api_as(cast.ana).get(timeline(cast.casey)).json()
    assert [e["corrected"] for e in body["events"]] == [False, True]
    assert body["days_in_recovery"] == 8


def test_timeline_shows_the_newest_twenty_wins_and_counts_them_all(cast, api_as):
    for i in range(23):
        make_win(cast.casey, cast.ana, title=f"Win {i:02}", days=i)
    body = api_as(cast.ana).get(timeline(cast.casey)).json()
    assert len(body["wins"]) == 20
    assert body["wins"][0]["title"] == "Win 00"
    assert body["wins_count"] == 23


def test_clinician_reads_the_timeline_without_notes(cast, api_as):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 3), note="After the retreat.")
    response = api_as(cast.cleo).get(timeline(cast.casey))
    assert response.status_code == 200
    assert response.json()["events"][0]["note"] is None
    assert b"retreat" not in response.content


def test_reading_the_timeline_is_audited(cast, api_as):
    api_as(cast.ana).get(timeline(cast.casey))
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.VIEW, "recovery_timeline")
    assert event.client_public_id == cast.casey.public_id


@pytest.mark.parametrize("who", ["riley", "quinn"])
def test_timeline_outside_ones_scope_is_404(cast, api_as, who):
    response = api_as(cast.ana).get(timeline(getattr(cast, who)))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not AccessEvent.objects.exists()


def test_timeline_of_an_unknown_client_is_404(cast, api_as):
    assert api_as(cast.ana).get(f"/clients/{uuid.uuid4()}/timeline").status_code == 404


def test_timeline_with_a_malformed_id_is_422(cast, api_as):
    response = api_as(cast.ana).get("/clients/42/timeline")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "id"]


def test_timeline_needs_authentication(cast, anonymous):
    assert anonymous.get(timeline(cast.casey)).status_code == 401


def test_timeline_query_count_does_not_grow_with_history(cast, api_as):
    api = api_as(cast.ana)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(timeline(cast.casey)).status_code == 200
        return len(captured.captured_queries)

    def add_history(count: int, offset: int) -> None:
        for i in range(offset, offset + count):
            kind = EventKind.START if i % 2 == 0 else EventKind.RECURRENCE
            make_event(cast.casey, cast.ana, days_ago(cast.casey, 400 - i * 10), kind=kind)
            make_win(cast.casey, cast.ana, title=f"Win {i}", days=i + 1)

    api.get(timeline(cast.casey))  # the first audit write creates the chain head
    add_history(2, 0)
    few = queries()
    add_history(28, 2)
    assert queries() == few


# --- Wins -----------------------------------------------------------------------------------


def test_advocate_records_a_win(cast, api_as):
    on = days_ago(cast.casey, 2)
    response = api_as(cast.ana).post(
        wins(cast.casey), {"title": "Got my ID back", "occurred_on": on.isoformat()}
    )
    assert response.status_code == 201
    body = response.json()
    win = Win.objects.get(public_id=body["id"])
    assert (win.client, win.created_by, win.occurred_on) == (cast.casey, cast.ana, on)
    assert body == {
        "id": str(win.public_id),
        "kind": "personal",
        "title": "Got my ID back",
        "occurred_on": on.isoformat(),
        "milestone_key": None,
        "created_by": {"id": str(cast.ana.public_id), "name": "Ana Advocate"},
        "created_at": body["created_at"],
        "congratulation": None,
        "congratulated_by": None,
        "congratulated_at": None,
    }


def test_a_win_without_a_date_happened_on_the_clients_today(cast, api_as):
    cast.casey.time_zone = "Pacific/Kiritimati"
    cast.casey.save()
    body = api_as(cast.ana).post(wins(cast.casey), {"title": "First paycheck"}).json()
    assert body["occurred_on"] == today_of(cast.casey).isoformat()


def test_a_goal_win_may_be_recorded(cast, api_as):
    body = api_as(cast.ana).post(wins(cast.casey), {"title": "Housing", "kind": "goal"}).json()
    assert body["kind"] == "goal"


def test_recording_a_win_writes_a_create_audit_row(cast, api_as):
    body = api_as(cast.ana).post(wins(cast.casey), {"title": "First paycheck"}).json()
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.CREATE, "win")
    assert event.object_public_id == body["id"]


def _future(cast) -> str:
    return days_ago(cast.casey, -1).isoformat()


BAD_WINS = {
    "missing_title": ({"title": None}, "title"),
    "blank_title": ({"title": "   "}, "title"),
    "long_title": ({"title": "x" * 141}, "title"),
    "milestone_kind": ({"kind": "milestone"}, "kind"),
    "unknown_kind": ({"kind": "lottery"}, "kind"),
    "not_a_date": ({"occurred_on": "yesterday"}, "occurred_on"),
    "future_date": ({"occurred_on": _future}, "occurred_on"),
}


@pytest.mark.parametrize(("changes", "field"), BAD_WINS.values(), ids=BAD_WINS.keys())
def test_bad_win_is_422_on_the_field_and_saves_nothing(cast, api_as, changes, field):
    body: dict[str, Any] = {"title": "First paycheck"}
    body.update({k: v(cast) if callable(v) else v for k, v in changes.items()})
    body = {k: v for k, v in body.items() if v is not None}
    response = api_as(cast.ana).post(wins(cast.casey), body)
    assert response.status_code == 422
    assert [e["loc"][:2] for e in response.json()["detail"]] == [["body", field]]
    assert not Win.objects.exists()
    assert not AccessEvent.objects.exists()


def test_clinician_cannot_record_a_win_and_nothing_is_saved(cast, api_as):
    response = api_as(cast.cleo).post(wins(cast.casey), {"title": "First paycheck"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Not allowed."}
    assert not Win.objects.exists()


@pytest.mark.parametrize("who", ["riley", "quinn"])
def test_a_win_for_a_client_outside_ones_scope_is_404(cast, api_as, who):
    response = api_as(cast.ana).post(wins(getattr(cast, who)), {"title": "First paycheck"})
    assert response.status_code == 404
    assert not Win.objects.exists()


def test_wins_are_listed_newest_first_and_paged(cast, api_as):
    for i in range(5):
        make_win(cast.casey, cast.ana, title=f"Win {i}", days=i)
    body = api_as(cast.ana).get(wins(cast.casey), limit=2, offset=1).json()
    assert [w["title"] for w in body["items"]] == ["Win 1", "Win 2"]
    assert body["count"] == 5


def test_listing_wins_is_audited(cast, api_as):
    api_as(cast.ana).get(wins(cast.casey))
    [event] = AccessEvent.objects.all()
    assert (event.action, event.object_type) == (Action.VIEW, "win_list")


def test_wins_outside_ones_scope_are_404(cast, api_as):
    make_win(cast.riley, cast.ben)
    assert api_as(cast.ana).get(wins(cast.riley)).status_code == 404
