"""/api/v1/clients/{id}/worksheets: the client's own worksheets with their token, sharing
respected for staff, the advocate's comments, and bad input changing nothing."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from alongside.accounts.models import ApiToken
from alongside.testing.personas import give_portal_account
from alongside.testing.querycount import count_queries
from alongside.worksheets import services
from alongside.worksheets.models import Comment, Entry, Worksheet
from alongside.worksheets.tests.factories import inventory, resentment, shared_resentment

PRIVATE = "PRIVATE-MARKER-api"
SHARED = "SHARED-MARKER-api"


@pytest.fixture
def casey_account(cast) -> Any:
    return give_portal_account(cast.casey, "casey@portal.test")


@pytest.fixture
def casey_api(casey_account, bearer):
    _, raw = ApiToken.issue(casey_account)
    return bearer(raw)


def _path(cast: Any, rest: str = "") -> str:
    return f"/clients/{cast.casey.public_id}/worksheets{rest}"


def _put(api: Any, path: str, body: Any) -> Any:
    return api.client.put(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=api.headers
    )


def _setup(cast: Any, account: Any):
    worksheet = inventory(account, cast.casey)
    resentment(account, worksheet, who=PRIVATE)
    entry = shared_resentment(account, worksheet, who=SHARED)
    return worksheet, entry


def test_client_reads_all_their_words_with_their_token(cast, casey_account, casey_api):
    worksheet, entry = _setup(cast, casey_account)
    services.add_comment(cast.ana, worksheet, "Thank you.", entry)
    response = casey_api.get(_path(cast))
    assert response.status_code == 200
    [sheet] = response.json()
    assert sheet["kind"] == "inventory" and sheet["row_count"] == 2 and sheet["shared_rows"] == 1
    assert PRIVATE in response.content.decode() and SHARED in response.content.decode()
    assert sheet["comments"][0]["row_id"] == str(entry.public_id)


def test_client_starts_adds_saves_and_shares(cast, casey_account, casey_api):
    started = casey_api.post(_path(cast), {"kind": "inventory"})
    assert started.status_code == 200
    sheet_id = started.json()["id"]
    added = casey_api.post(
        _path(cast, f"/{sheet_id}/rows"), {"section": "fears", "answers": {"fear": "Being alone"}}
    )
    assert added.status_code == 201
    row_id = added.json()["id"]
    saved = _put(
        casey_api, _path(cast, f"/{sheet_id}/rows/{row_id}"), {"answers": {"fear": "Crowds"}}
    )
    assert saved.status_code == 200 and saved.json()["answers"]["fear"] == "Crowds"
    shared = casey_api.post(_path(cast, f"/{sheet_id}/sharing"), {"shared": True, "row_id": row_id})
    assert shared.status_code == 200 and shared.json()["shared_rows"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"section": "fears", "answers": {"fear": ""}},
        {"section": "fears", "answers": {"nope": "x"}},
        {"section": "nope", "answers": {"fear": "x"}},
        {"section": "fears", "answers": {"fear": "x" * 301}},
        {"section": "fears", "answers": {"fear": 3}},
        {"section": "fears"},
        {"section": "fears", "answers": {"fear": "x"}, "extra": 1},
    ],
)
def test_bad_row_is_a_422_and_saves_nothing(cast, casey_account, casey_api, body):
    worksheet = inventory(casey_account, cast.casey)
    response = casey_api.post(_path(cast, f"/{worksheet.public_id}/rows"), body)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)
    assert not Entry.objects.exists()


def test_bad_start_sharing_and_save_change_nothing(cast, casey_account, casey_api):
    worksheet, entry = _setup(cast, casey_account)
    assert casey_api.post(_path(cast), {"kind": "diary"}).status_code == 422
    assert casey_api.post(_path(cast), {"kind": "reflection", "stage": "nope"}).status_code == 422
    assert (
        casey_api.post(_path(cast, f"/{worksheet.public_id}/sharing"), {"shared": True}).status_code
        == 422
    )
    bad_save = _put(
        casey_api,
        _path(cast, f"/{worksheet.public_id}/rows/{entry.public_id}"),
        {"answers": {"who": ""}},
    )
    assert bad_save.status_code == 422
    entry.refresh_from_db()
    assert entry.answers()["who"] == SHARED and Worksheet.objects.count() == 1


def test_advocate_reads_shared_rows_only(cast, casey_account, api_as):
    _setup(cast, casey_account)
    response = api_as(cast.ana).get(_path(cast))
    assert response.status_code == 200
    [sheet] = response.json()
    assert [r["answers"]["who"] for r in sheet["rows"]] == [SHARED]
    assert PRIVATE not in response.content.decode()


@pytest.mark.parametrize("who", ["sam", "cleo", "dana"])
def test_other_staff_get_the_state_and_no_words(cast, casey_account, api_as, who):
    _setup(cast, casey_account)
    response = api_as(getattr(cast, who)).get(_path(cast))
    assert response.status_code == 200
    [sheet] = response.json()
    assert sheet["rows"] is None and sheet["comments"] is None and sheet["shared_rows"] == 1
    assert SHARED not in response.content.decode() and PRIVATE not in response.content.decode()


@pytest.mark.parametrize("who", ["alex", "pat", "oscar", "ben"])
def test_administrators_and_outsiders_get_404(cast, casey_account, api_as, who):
    _setup(cast, casey_account)
    assert api_as(getattr(cast, who)).get(_path(cast)).status_code == 404


def test_another_clients_token_gets_404(cast, casey_account, bearer):
    _setup(cast, casey_account)
    _, raw = ApiToken.issue(give_portal_account(cast.jordan, "jordan@portal.test"))
    assert bearer(raw).get(_path(cast)).status_code == 404


def test_staff_cannot_write_the_clients_rows_or_sharing(cast, casey_account, api_as):
    worksheet, entry = _setup(cast, casey_account)
    api = api_as(cast.ana)
    assert api.post(_path(cast), {"kind": "nightly"}).status_code == 403
    rows = _path(cast, f"/{worksheet.public_id}/rows")
    assert api.post(rows, {"section": "fears", "answers": {"fear": "x"}}).status_code == 403
    assert _put(api, f"{rows}/{entry.public_id}", {"answers": {"who": "x"}}).status_code == 403
    sharing = _path(cast, f"/{worksheet.public_id}/sharing")
    assert api.post(sharing, {"shared": False, "row_id": str(entry.public_id)}).status_code == 403
    entry.refresh_from_db()
    assert entry.shared and entry.answers()["who"] == SHARED and Worksheet.objects.count() == 1


def test_advocate_comments_and_the_client_reads_it(cast, casey_account, casey_api, api_as):
    worksheet, entry = _setup(cast, casey_account)
    url = _path(cast, f"/{worksheet.public_id}/comments")
    response = api_as(cast.ana).post(url, {"text": "Proud of you.", "row_id": str(entry.public_id)})
    assert response.status_code == 201
    assert "Proud of you." in casey_api.get(_path(cast)).content.decode()


def test_bad_or_unshared_comment_changes_nothing(cast, casey_account, api_as):
    worksheet, entry = _setup(cast, casey_account)
    private = worksheet.entries.get(shared=False)
    api = api_as(cast.ana)
    url = _path(cast, f"/{worksheet.public_id}/comments")
    assert api.post(url, {"text": "", "row_id": str(entry.public_id)}).status_code == 422
    assert api.post(url, {"text": "x" * 2001, "row_id": str(entry.public_id)}).status_code == 422
    assert api.post(url, {"text": "Hi", "row_id": "nope"}).status_code == 422
    assert api.post(url, {"text": "Hi", "row_id": str(uuid.uuid4())}).status_code == 404
    assert api.post(url, {"text": "Hi", "row_id": str(private.public_id)}).status_code == 403
    assert (
        api_as(cast.sam).post(url, {"text": "Hi", "row_id": str(entry.public_id)}).status_code
        == 403
    )
    assert not Comment.objects.exists()


def test_listing_queries_do_not_grow_with_rows(client, cast, casey_account, api_as):
    worksheet, entry = _setup(cast, casey_account)
    services.add_comment(cast.ana, worksheet, "Noted.", entry)
    api_as(cast.ana)
    url = f"/api/v1{_path(cast)}"
    count_queries(client, url)
    small = count_queries(client, url)
    for n in range(6):
        row = shared_resentment(casey_account, worksheet, who=f"Person {n}")
        services.add_comment(cast.ana, worksheet, "Noted.", row)
    assert count_queries(client, url) == small


def test_client_deletes_a_row_with_its_comments(cast, casey_account, casey_api):
    from alongside.api.tests.verbs import delete

    worksheet, entry = _setup(cast, casey_account)
    services.add_comment(cast.ana, worksheet, "Thank you.", entry)
    response = delete(casey_api, _path(cast, f"/{worksheet.public_id}/rows/{entry.public_id}"))
    assert response.status_code == 204 and response.content == b""
    assert not Entry.objects.filter(pk=entry.pk).exists()
    assert not Comment.objects.filter(worksheet=worksheet).exists()
    assert Entry.objects.filter(worksheet=worksheet).count() == 1


def test_staff_cannot_delete_a_clients_row_and_unknown_rows_are_404(
    cast, casey_account, casey_api, api_as
):
    from alongside.api.tests.verbs import delete

    worksheet, entry = _setup(cast, casey_account)
    row = _path(cast, f"/{worksheet.public_id}/rows/{entry.public_id}")
    assert delete(api_as(cast.ana), row).status_code == 403
    assert (
        delete(casey_api, _path(cast, f"/{worksheet.public_id}/rows/{uuid.uuid4()}")).status_code
        == 404
    )
    assert (
        delete(casey_api, _path(cast, f"/{worksheet.public_id}/rows/not-a-uuid")).status_code == 422
    )
    assert Entry.objects.filter(worksheet=worksheet).count() == 2
