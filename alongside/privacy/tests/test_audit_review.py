"""The audit review page: search, order, pages, CSV export and the tamper check's status."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from alongside.audit.log import Event, record
from alongside.audit.models import AccessEvent, Action, ChainCheck, Outcome
from alongside.privacy.tests.conftest import open_glass
from alongside.testing.personas import login

URL = reverse("privacy:audit")
EXPORT = reverse("privacy:audit_export")
T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def _event(client, user, *, minutes: int, action=Action.VIEW, outcome=Outcome.SUCCESS):
    return record(
        Event(
            action=action,
            object_type="client",
            object_public_id=client.public_id,
            organization_id=client.organization_id,
            client_id=client.pk,
            client_public_id=client.public_id,
            user=user,
            role="pra",
            outcome=outcome,
            occurred_at=T0 + timedelta(minutes=minutes),
        )
    )


@pytest.fixture
def history(cast) -> dict[str, AccessEvent]:
    """A small log: Ana and Ben on Hope Valley's clients, Oscar on Riverbend's."""
    return {
        "ana_casey": _event(cast.casey, cast.ana, minutes=0),
        "ana_jordan": _event(cast.jordan, cast.ana, minutes=10, action=Action.UPDATE),
        "ben_riley": _event(cast.riley, cast.ben, minutes=20),
        "ben_casey_denied": _event(cast.casey, cast.ben, minutes=30, outcome=Outcome.DENIED),
        "ana_casey_later": _event(cast.casey, cast.ana, minutes=24 * 60),
        "oscar_quinn": _event(cast.quinn, cast.oscar, minutes=5),
    }


def _shown(response) -> list[int]:
    return [event.pk for event in response.context["events"]]


def _ids(history, *names) -> list[int]:
    return [history[name].pk for name in names]


def _local(moment: datetime) -> str:
    """MOMENT as the date-time picker sends it, in Hope Valley's zone (the viewer's)."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("America/Chicago")).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("who", ["pat", "dana"])
def test_reviewers_see_their_organizations_log_newest_first(client, cast, history, who):
    login(client, getattr(cast, who))
    response = client.get(URL)
    assert response.status_code == 200
    shown = _shown(response)
    mine = [pk for pk in shown if pk in {e.pk for e in history.values()}]
    assert mine == _ids(
        history, "ana_casey_later", "ben_casey_denied", "ben_riley", "ana_jordan", "ana_casey"
    )
    assert history["oscar_quinn"].pk not in shown  # another organization's chain
    assert b"Casey" not in response.content  # public ids, never names


@pytest.mark.parametrize("who", ["ana", "sam", "cleo", "alex", "oscar"])
def test_nobody_else_opens_the_log(client, cast, who):
    login(client, getattr(cast, who))
    assert client.get(URL).status_code == 403
    assert client.post(EXPORT, {}).status_code == 403


def test_who_accessed_this_client(client, cast, history):
    login(client, cast.pat)
    response = client.get(URL, {"client": str(cast.casey.public_id)})
    assert _shown(response) == _ids(history, "ana_casey_later", "ben_casey_denied", "ana_casey")


def test_what_did_this_person_access_between_two_times(client, cast, history):
    login(client, cast.pat)
    query = {
        "user": str(cast.ana.public_id),
        "since": _local(T0 - timedelta(minutes=1)),
        "until": _local(T0 + timedelta(hours=2)),
    }
    assert _shown(client.get(URL, query)) == _ids(history, "ana_jordan", "ana_casey")


def test_action_outcome_and_order(client, cast, history):
    login(client, cast.pat)
    assert _shown(client.get(URL, {"action": "update"})) == _ids(history, "ana_jordan")
    assert _shown(client.get(URL, {"outcome": "denied"})) == _ids(history, "ben_casey_denied")
    oldest = _shown(client.get(URL, {"client": str(cast.casey.public_id), "sort": "oldest"}))
    assert oldest == _ids(history, "ana_casey", "ben_casey_denied", "ana_casey_later")


def test_break_glass_only(client, cast, history):
    grant = open_glass(cast.alex, cast.casey)
    login(client, cast.pat)
    shown = client.get(URL, {"break_glass": "on"}).context["events"]
    assert shown and {e.grant_public_id for e in shown} == {grant.public_id}
    assert b"Break-glass" in client.get(URL).content


def test_bad_filters_show_errors_and_nothing_else(client, cast, history):
    login(client, cast.pat)
    response = client.get(URL, {"client": "not-a-uuid"})
    assert response.status_code == 422
    assert _shown(response) == []
    response = client.get(URL, {"since": _local(T0), "until": _local(T0 - timedelta(hours=1))})
    assert response.status_code == 422


def test_the_log_pages(client, cast, settings):
    settings.ALONGSIDE_PAGE_SIZE = 3
    for minute in range(7):
        _event(cast.casey, cast.ana, minutes=minute)
    login(client, cast.pat)
    first = client.get(URL, {"client": str(cast.casey.public_id)})
    assert len(_shown(first)) == 3
    assert first.context["page_obj"].paginator.num_pages == 3
    # The first search is itself a row about Casey's record: 8 rows now.
    third = client.get(URL, {"client": str(cast.casey.public_id), "page": 3})
    assert len(_shown(third)) == 2
    assert f"client={cast.casey.public_id}&amp;page=2".encode() in first.content


def test_reading_the_log_is_itself_recorded(client, cast, history):
    login(client, cast.pat)
    client.get(URL, {"client": str(cast.casey.public_id)})
    row = AccessEvent.objects.get(object_type="audit_log")
    assert (row.action, row.user_id, row.chain, row.client_public_id, row.client_id) == (
        Action.VIEW,
        cast.pat.pk,
        cast.org.pk,
        cast.casey.public_id,
        None,
    )
    # A visit's own row shows from the next visit on, not on the page it was written for.
    assert row.pk in _shown(client.get(URL))
    assert AccessEvent.objects.filter(object_type="audit_log").count() == 2


def test_export_is_the_search_as_csv_and_is_audited(client, cast, history):
    login(client, cast.pat)
    response = client.post(EXPORT, {"client": str(cast.casey.public_id)})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "occurred_at_utc"
    assert [r[1] for r in rows[1:]] == ["ana@hope.test", "ben@hope.test", "ana@hope.test"]
    assert {r[6] for r in rows[1:]} == {str(cast.casey.public_id)}
    assert "Casey" not in body
    export = AccessEvent.objects.get(action=Action.EXPORT)
    assert (export.object_type, export.user_id, export.client_public_id) == (
        "audit_log",
        cast.pat.pk,
        cast.casey.public_id,
    )


def test_export_carries_no_integer_ids_and_no_formulas(client, cast):
    cast.ana.email = "=cmd@hope.test"
    cast.ana.save()
    _event(cast.casey, cast.ana, minutes=0)
    login(client, cast.pat)
    body = b"".join(client.post(EXPORT, {}).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][1] == "'=cmd@hope.test"
    header = rows[0]
    assert not {"user_id", "client_id", "chain", "sequence", "id"} & set(header)


def test_export_needs_post(client, cast):
    login(client, cast.pat)
    assert client.get(EXPORT).status_code == 405
    assert not AccessEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_tamper_check_is_shown(client, cast, history):
    login(client, cast.pat)
    assert b"Never checked" in client.get(URL).content
    call_command("verify_audit", stdout=io.StringIO())
    rows = AccessEvent.objects.filter(chain=cast.org.pk).count()
    page = client.get(URL).content
    assert b"Intact" in page
    check = ChainCheck.objects.get(chain=cast.org.pk)
    assert check.intact and check.rows == rows
    assert f"{check.rows} records checked".encode() in page
    ChainCheck.objects.update(checked_at=check.checked_at - timedelta(days=2))
    assert b"Overdue" in client.get(URL).content


def test_a_damaged_chain_is_shown(client, cast, history):
    ChainCheck.objects.create(
        chain=cast.org.pk,
        checked_at=datetime.now(UTC),
        rows=5,
        intact=False,
        problem="chain 1: first bad row is row id 3 (sequence 3): its contents do not match",
    )
    login(client, cast.pat)
    page = client.get(URL).content
    assert b"Damaged" in page
    assert b"first bad row is row id 3" in page


def test_a_privacy_officer_lands_on_the_log_and_sees_no_client(client, cast):
    from alongside.clients.access import visible_to

    login(client, cast.pat)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == URL
    page = client.get(URL).content
    assert b'href="/organization/audit/"' in page
    assert not visible_to(cast.pat).exists()
