"""Today's "Assessment due" reason: who gets it, when it clears, and what it costs."""

from __future__ import annotations

from django.utils import timezone

from alongside.assessments.models import Source
from alongside.assessments.services import record_assessment
from alongside.testing.personas import login, make_client
from alongside.testing.querycount import count_queries
from alongside.today.queries import today_queue

TODAY = "/today/"
BARC10_ANSWERS = {f"q{n}": 4 for n in range(1, 11)}


def flag_for(user, client):
    rows = {row.client.pk: row for row in today_queue(user, timezone.now())}
    row = rows.get(client.pk)
    if row is None:
        return None
    return next((f for f in row.flags if f.reason.code == "assessment_due"), None)


def test_a_newly_admitted_client_is_on_today_with_barc10_due_at_intake(cast):
    person = make_client(cast.residential, "New Arrival", advocate=cast.ana, admitted_days_ago=1)
    flag = flag_for(cast.ana, person)
    assert flag is not None
    assert flag.reason.label == "Assessment due"
    assert flag.detail == "BARC-10 (intake)"


def test_giving_the_assessment_clears_the_reason(cast):
    person = make_client(cast.residential, "New Arrival", advocate=cast.ana, admitted_days_ago=1)
    record_assessment(cast.ana, person, "barc10", BARC10_ANSWERS, source=Source.STAFF)
    assert flag_for(cast.ana, person) is None


def test_the_monthly_assessments_are_named_together(cast):
    person = make_client(cast.residential, "Month In", advocate=cast.ana, admitted_days_ago=31)
    record_assessment(cast.ana, person, "phq9", {f"q{n}": 0 for n in range(1, 10)}, source="staff")
    assert flag_for(cast.ana, person).detail == "BARC-10 (every 30 days), GAD-7 (every 30 days)"


def test_a_client_between_intake_and_30_days_has_nothing_due(cast):
    assert flag_for(cast.ana, cast.casey) is None  # admitted 20 days ago


def test_the_today_page_shows_the_reason(client, cast):
    make_client(cast.residential, "New Arrival", advocate=cast.ana, admitted_days_ago=1)
    login(client, cast.ana)
    body = client.get(TODAY).content.decode()
    assert "New Arrival" in body
    assert "Assessment due" in body and "BARC-10 (intake)" in body


def test_the_today_page_query_count_does_not_grow_with_the_caseload(client, cast):
    login(client, cast.ana)
    for i in range(5):
        make_client(cast.residential, f"Small {i}", advocate=cast.ana, admitted_days_ago=i * 10)
    client.get(TODAY)  # the first audited request creates the tenant's chain head
    small = count_queries(client, TODAY)
    for i in range(40):
        person = make_client(
            cast.residential, f"Large {i:02}", advocate=cast.ana, admitted_days_ago=i * 3
        )
        if i % 2:
            record_assessment(cast.ana, person, "barc10", BARC10_ANSWERS, source="staff")
    assert count_queries(client, TODAY) == small
