"""The outcome pages, charts and CSVs: who may open them, what they say, and bad filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.audit.models import AccessEvent
from alongside.clients.models import DischargeReason, Episode
from alongside.outcomes.filters import parse_filters
from alongside.outcomes.retention import retention
from alongside.testing.personas import give_portal_account, login, make_client, make_encounter

PAGES = ["/outcomes/", "/outcomes/recovery-capital/", "/outcomes/engagement/", "/outcomes/report/"]
CHARTS = ["survival", "retention", "barc10", "contacts", "decay"]
FILES = (
    [f"/outcomes/charts/{key}.svg" for key in CHARTS]
    + [f"/outcomes/charts/{key}.csv" for key in CHARTS]
    + ["/outcomes/report.csv", "/outcomes/report.pdf"]
)


def _names(cast):
    return [
        c.preferred_name for c in (cast.casey, cast.jordan, cast.riley, cast.newcomer, cast.quinn)
    ]


@pytest.mark.parametrize("who", ["director", "supervisor"])
def test_directors_and_supervisors_open_every_page_and_file(client, cast, who):
    login(client, cast.staff()[who])
    for path in PAGES + FILES:
        response = client.get(path)
        assert response.status_code == 200, path


@pytest.mark.parametrize(
    "who", ["advocate", "clinician", "admin", "privacy_officer", "other_org_advocate"]
)
def test_other_roles_are_refused_every_page_and_file(client, cast, who):
    login(client, cast.staff()[who])
    for path in PAGES + FILES:
        assert client.get(path).status_code == 403, path


def test_a_client_account_is_refused(client, cast):
    login(client, give_portal_account(cast.casey, "casey@example.test"))
    for path in PAGES + FILES:
        assert client.get(path).status_code == 403, path


def test_signed_out_visitors_are_sent_to_sign_in(client, cast):
    for path in PAGES + FILES:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path


def test_pages_are_get_only(client, cast):
    login(client, cast.dana)
    for path in PAGES + FILES:
        assert client.post(path).status_code == 405, path


def test_retention_page_states_the_rules_and_the_caveat(client, cast):
    login(client, cast.dana)
    page = client.get("/outcomes/").content.decode()
    assert "Left before completion, Administrative discharge" in page
    assert "Completed, Transferred" in page
    assert "left out" in page and "denominator" in page
    assert "not proof" in page or "not that one causes the other" in page
    assert "observational" in page.lower()


def test_no_chart_table_or_csv_names_a_client(client, cast):
    make_encounter(cast.casey, cast.ana)
    login(client, cast.dana)
    for path in PAGES + FILES:
        body = client.get(path).content.decode("utf-8", "replace")
        for name in _names(cast):
            assert name not in body, (path, name)


def test_charts_are_svg_with_a_text_alternative_and_csv(client, cast):
    login(client, cast.dana)
    svg = client.get("/outcomes/charts/survival.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<?xml") and b"<svg" in svg.content
    page = client.get("/outcomes/").content.decode()
    assert 'alt="Days in treatment before dropout' in page
    assert "/outcomes/charts/survival.csv?" in page
    rows = client.get("/outcomes/charts/retention.csv").content.decode().splitlines()
    assert rows[0] == "days,retained,lost,open_too_young,ended_unrelated,denominator,rate"
    assert [row.split(",")[0] for row in rows[1:]] == ["30", "60", "90"]


def test_an_unknown_chart_is_not_found(client, cast):
    login(client, cast.dana)
    assert client.get("/outcomes/charts/nothing.svg").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2025-05-01&end=2025-04-01", "The end date must be on or after the start date."),
        ("start=yesterday", "Enter a date as YYYY-MM-DD."),
        ("start=2000-01-01&end=2025-01-01", "Choose a range of ten years or less."),
        ("program=not-a-program", "Choose programs from the list."),
        ("early_contacts=0", "Enter a whole number of contacts from 1 to 20."),
    ],
)
def test_bad_filters_get_a_clear_error_and_nothing_is_exported(client, cast, query, message):
    login(client, cast.dana)
    before = AccessEvent.objects.filter(action="export").count()
    for path in PAGES:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, path
        assert message in response.content.decode(), path
    for path in FILES:
        assert client.get(f"{path}?{query}").status_code == 400, path
    assert AccessEvent.objects.filter(action="export").count() == before


def test_another_organizations_program_is_refused_like_a_missing_one(client, cast):
    login(client, cast.dana)
    response = client.get(f"/outcomes/?program={cast.other_program.public_id}")
    assert response.status_code == 400
    assert "Choose programs from the list." in response.content.decode()


def test_the_program_filter_narrows_the_episodes(client, cast):
    login(client, cast.dana)
    everyone = retention(parse_filters(cast.org, start=None, end=None), timezone.now())
    outpatient = parse_filters(cast.org, start=None, end=None, programs=[cast.outpatient.public_id])
    narrowed = retention(outpatient, timezone.now())
    in_outpatient = Episode.objects.filter(program=cast.outpatient).count()
    assert narrowed.episodes == in_outpatient < everyone.episodes
    assert client.get(f"/outcomes/?program={cast.outpatient.public_id}").status_code == 200


def test_retention_queries_do_not_grow_with_the_number_of_episodes(cast):
    filters = parse_filters(cast.org, start=None, end=None)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            retention(filters, timezone.now())
        return len(queries)

    small = count()
    for number in range(15):
        person = make_client(
            cast.residential, f"Person {number}", advocate=cast.ana, admitted_days_ago=40 + number
        )
        make_encounter(person, cast.ana, when=timezone.now() - timedelta(days=35))
        Episode.objects.filter(client=person).update(
            discharged_at=timezone.now() - timedelta(days=2), discharge_reason=DischargeReason.LEFT
        )
    assert count() == small == 2  # the episodes, and their clients' contacts


def test_downloads_are_audited_as_exports_without_a_client(client, cast):
    login(client, cast.dana)
    client.get("/outcomes/report.pdf")
    client.get("/outcomes/charts/barc10.csv")
    rows = AccessEvent.objects.filter(action="export", organization_id=cast.org.pk)
    assert {r.object_type for r in rows} == {"outcomes_report", "outcomes_chart"}
    assert all(r.client_id is None for r in rows)


def test_supervisors_see_their_own_team_in_the_workload_and_directors_everyone(client, cast):
    login(client, cast.sam)
    page = client.get("/outcomes/engagement/").content.decode()
    assert cast.ana.display_name in page and cast.ben.display_name in page
    assert cast.oscar.display_name not in page
