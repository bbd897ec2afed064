"""The staff page /clients/<id>/worksheets/: the advocate reads only what was shared and
comments on it; everyone else sees the state only; break-glass reads shared rows only."""

from __future__ import annotations

from alongside.audit.models import AccessEvent
from alongside.privacy.tests.conftest import open_glass
from alongside.testing.personas import login
from alongside.testing.querycount import count_queries
from alongside.worksheets import services
from alongside.worksheets.models import Comment
from alongside.worksheets.tests.factories import inventory, resentment, shared_resentment

PRIVATE = "PRIVATE-MARKER-kept-to-myself"
SHARED = "SHARED-MARKER-for-my-advocate"


def _page(cast) -> str:
    return f"/clients/{cast.casey.public_id}/worksheets/"


def _setup(cast, account):
    worksheet = inventory(account, cast.casey)
    resentment(account, worksheet, who=PRIVATE)
    entry = shared_resentment(account, worksheet, who=SHARED)
    return worksheet, entry


def test_advocate_sees_shared_rows_only(client, cast, casey_account):
    _setup(cast, casey_account)
    login(client, cast.ana)
    body = client.get(_page(cast)).content.decode()
    assert SHARED in body
    assert PRIVATE not in body
    assert "2 rows, 1 shared" in body
    assert "Add comment" in body


def test_other_staff_see_the_state_and_no_words(client, cast, casey_account):
    _setup(cast, casey_account)
    for person in (cast.sam, cast.cleo, cast.dana):
        login(client, person)
        response = client.get(_page(cast))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Step 4 inventory" in body and "2 rows, 1 shared" in body
        assert SHARED not in body and PRIVATE not in body
        assert "Add comment" not in body


def test_administrator_and_outsider_get_404(client, cast, casey_account):
    _setup(cast, casey_account)
    for person in (cast.alex, cast.pat, cast.oscar, cast.ben):
        login(client, person)
        assert client.get(_page(cast)).status_code == 404


def test_break_glass_reads_shared_rows_only_and_is_flagged(client, cast, casey_account):
    _setup(cast, casey_account)
    open_glass(cast.alex, cast.casey)
    login(client, cast.alex)
    body = client.get(_page(cast)).content.decode()
    assert SHARED in body and PRIVATE not in body
    assert "Add comment" not in body
    seen = AccessEvent.objects.filter(user_id=cast.alex.pk, object_type="worksheet").get()
    assert seen.grant_public_id is not None


def test_withdrawing_sharing_hides_the_row_at_once(client, cast, casey_account):
    worksheet, entry = _setup(cast, casey_account)
    services.add_comment(cast.ana, worksheet, "COMMENT-MARKER", entry)
    services.set_sharing(casey_account, worksheet, False, entry)
    login(client, cast.ana)
    body = client.get(_page(cast)).content.decode()
    assert SHARED not in body and "COMMENT-MARKER" not in body
    assert "0 shared" in body


def test_advocate_comments_on_a_shared_row(client, cast, casey_account):
    worksheet, entry = _setup(cast, casey_account)
    login(client, cast.ana)
    url = f"{_page(cast)}{worksheet.public_id}/comments/"
    response = client.post(url, {"text": "Thank you for trusting me.", "row": entry.public_id})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author == cast.ana and comment.entry == entry


def test_bad_comment_shows_an_error_and_saves_nothing(client, cast, casey_account):
    worksheet, entry = _setup(cast, casey_account)
    login(client, cast.ana)
    url = f"{_page(cast)}{worksheet.public_id}/comments/"
    assert client.post(url, {"text": "   ", "row": entry.public_id}).status_code == 422
    assert client.post(url, {"text": "x" * 2001, "row": entry.public_id}).status_code == 422
    assert client.post(url, {"text": "Hi", "row": "not-a-uuid"}).status_code == 422
    assert client.post(url, {"text": "Hi"}).status_code == 422  # inventory: a row is needed
    assert not Comment.objects.exists()


def test_comment_on_a_private_row_is_refused(client, cast, casey_account):
    worksheet, _shared = _setup(cast, casey_account)
    private = worksheet.entries.get(shared=False)
    login(client, cast.ana)
    url = f"{_page(cast)}{worksheet.public_id}/comments/"
    assert client.post(url, {"text": "Hi", "row": private.public_id}).status_code == 403
    assert not Comment.objects.exists()


def test_only_the_advocate_may_comment(client, cast, casey_account):
    worksheet, entry = _setup(cast, casey_account)
    url = f"{_page(cast)}{worksheet.public_id}/comments/"
    for person in (cast.sam, cast.dana, cast.cleo):
        login(client, person)
        assert client.post(url, {"text": "Hi", "row": entry.public_id}).status_code == 403
    assert not Comment.objects.exists()


def test_comment_page_refuses_get(client, cast, casey_account):
    worksheet, _entry = _setup(cast, casey_account)
    login(client, cast.ana)
    assert client.get(f"{_page(cast)}{worksheet.public_id}/comments/").status_code == 405


def test_staff_page_queries_do_not_grow_with_rows(client, cast, casey_account):
    worksheet, entry = _setup(cast, casey_account)
    services.add_comment(cast.ana, worksheet, "Noted.", entry)
    for person in (cast.ana, cast.sam):
        login(client, person)
        count_queries(client, _page(cast))
        small = count_queries(client, _page(cast))
        for n in range(6):
            row = shared_resentment(casey_account, worksheet, who=f"Person {n}")
            services.add_comment(cast.ana, worksheet, "Noted.", row)
            resentment(casey_account, worksheet, who=f"Private {n}")
        services.start_worksheet(casey_account, cast.casey, "nightly")
        assert count_queries(client, _page(cast)) == small, person
        worksheet.entries.exclude(pk=entry.pk).delete()
