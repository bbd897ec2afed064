"""Today's "Shared worksheet waiting for a comment": shared content changed after the
advocate's last comment on it, shown only to people who may act on it, in one query."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.testing.personas import give_portal_account
from alongside.today.queries import today_queue
from alongside.today.reasons import Context
from alongside.worksheets import services
from alongside.worksheets.models import Comment, Entry
from alongside.worksheets.tests.factories import inventory, resentment, shared_resentment
from alongside.worksheets.today import worksheet_waiting

CODE = "worksheet_waiting"


def flags_for(user, client) -> dict[str, str]:
    rows = {row.client.pk: row for row in today_queue(user, timezone.now())}
    row = rows.get(client.pk)
    return {flag.reason.code: flag.detail for flag in row.flags} if row else {}


def test_a_newly_shared_row_waits_for_a_comment(cast, casey_account):
    shared_resentment(casey_account, inventory(casey_account, cast.casey))
    detail = flags_for(cast.ana, cast.casey)[CODE]
    assert detail.startswith("Step 4 inventory: shared ")
    assert "boss" not in detail  # never the client's words


def test_a_private_row_is_not_a_reason(cast, casey_account):
    resentment(casey_account, inventory(casey_account, cast.casey))
    assert CODE not in flags_for(cast.ana, cast.casey)


def test_a_comment_answers_it_until_the_row_changes_again(cast, casey_account):
    worksheet = inventory(casey_account, cast.casey)
    entry = shared_resentment(casey_account, worksheet)
    services.add_comment(cast.ana, worksheet, "Thanks for sharing.", entry)
    assert CODE not in flags_for(cast.ana, cast.casey)
    Comment.objects.update(created_at=timezone.now() - timedelta(hours=1))
    services.save_row(casey_account, entry, {"who": "My old boss", "what": "New words"})
    assert CODE in flags_for(cast.ana, cast.casey)


def test_withdrawn_sharing_is_not_a_reason(cast, casey_account):
    worksheet = inventory(casey_account, cast.casey)
    entry = shared_resentment(casey_account, worksheet)
    services.set_sharing(casey_account, worksheet, False, entry)
    assert CODE not in flags_for(cast.ana, cast.casey)


def test_whole_worksheet_sharing_counts_too(cast, casey_account):
    worksheet = services.start_worksheet(casey_account, cast.casey, "amends_list")
    services.add_row(casey_account, worksheet, "people", {"who": "My sister"})
    assert CODE not in flags_for(cast.ana, cast.casey)
    services.set_sharing(casey_account, worksheet, True)
    assert flags_for(cast.ana, cast.casey)[CODE].startswith("Step 8 list")


def test_only_people_who_act_on_it_see_it(cast, casey_account):
    shared_resentment(casey_account, inventory(casey_account, cast.casey))
    assert CODE in flags_for(cast.ana, cast.casey)
    for person in (cast.dana, cast.cleo, cast.ben, cast.oscar):
        assert CODE not in flags_for(person, cast.casey)


def test_the_team_supervisor_is_not_asked_to_comment(cast, casey_account):
    shared_resentment(casey_account, inventory(casey_account, cast.casey))
    # Sam oversees Ana's caseload (he holds RECORD on Casey) but only Ana may comment.
    assert CODE not in flags_for(cast.sam, cast.casey)


def test_the_detector_is_one_query_whatever_the_caseload(cast, casey_account):
    shared_resentment(casey_account, inventory(casey_account, cast.casey))
    jordan = give_portal_account(cast.jordan, "jordan@portal.test")
    for n in range(5):
        shared_resentment(jordan, inventory(jordan, cast.jordan), who=f"Person {n}")
    clients = [cast.casey, cast.jordan, cast.riley]
    context = Context(
        now=timezone.now(), today={c.pk: timezone.now().date() for c in clients}, viewer=cast.ana
    )
    with CaptureQueriesContext(connection) as queries:
        flagged = worksheet_waiting(clients, context)
    assert len(queries) == 1
    assert set(flagged) == {cast.casey.pk, cast.jordan.pk}
    assert Entry.objects.count() == 6
