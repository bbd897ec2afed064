"""GET /outcomes/retention and /outcomes/recovery-capital: access, bad filters, and the same
numbers as the pages (the same query functions)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.assessments.catalog import get_instrument
from alongside.assessments.models import Source
from alongside.assessments.services import record_assessment
from alongside.clients.models import DischargeReason, Episode
from alongside.outcomes.filters import parse_filters
from alongside.outcomes.recovery import recovery_capital
from alongside.outcomes.retention import retention
from alongside.testing.personas import make_client, make_encounter

ENDPOINTS = ["/outcomes/retention", "/outcomes/recovery-capital"]


def _barc10(client, advocate, total, days_ago):
    items = [item.key for item in get_instrument("barc10").items]
    per_item = [total // 10 + (1 if i < total % 10 else 0) for i in range(10)]
    return record_assessment(
        advocate,
        client,
        "barc10",
        dict(zip(items, per_item, strict=True)),
        source=Source.STAFF,
        occurred_at=timezone.now() - timedelta(days=days_ago),
    )


@pytest.fixture
def history(cast):
    """A dozen episodes with contacts, dropouts and paired BARC-10 totals."""
    for number in range(12):
        person = make_client(
            cast.residential, f"Person {number}", advocate=cast.ana, admitted_days_ago=100 + number
        )
        for day in range(number % 4):
            make_encounter(
                person, cast.ana, when=timezone.now() - timedelta(days=99 + number - day)
            )
        if number % 3 == 0:
            Episode.objects.filter(client=person).update(
                discharged_at=timezone.now() - timedelta(days=60 + number),
                discharge_reason=DischargeReason.LEFT,
            )
        _barc10(person, cast.ana, 30 + number, 95)
        _barc10(person, cast.ana, 34 + 2 * number, 70)


@pytest.mark.parametrize("who", ["director", "supervisor"])
def test_directors_and_supervisors_read_outcomes(api_as, cast, history, who):
    api = api_as(cast.staff()[who])
    for path in ENDPOINTS:
        assert api.get(path).status_code == 200, path


@pytest.mark.parametrize(
    "who", ["advocate", "clinician", "admin", "privacy_officer", "other_org_advocate"]
)
def test_other_roles_get_403(api_as, cast, who):
    api = api_as(cast.staff()[who])
    for path in ENDPOINTS:
        response = api.get(path)
        assert response.status_code == 403, path
        assert response.json() == {"detail": "Not allowed."}


def test_anonymous_callers_get_401(anonymous, cast):
    for path in ENDPOINTS:
        assert anonymous.get(path).status_code == 401


@pytest.mark.parametrize(
    ("params", "location", "message"),
    [
        (
            {"start": "2025-05-01", "end": "2025-04-01"},
            ["query", "end"],
            "The end date must be on or after the start date.",
        ),
        (
            {"early_contacts": 0},
            ["query", "early_contacts"],
            "Enter a whole number of contacts from 1 to 20.",
        ),
    ],
)
def test_bad_filters_get_a_422_on_the_parameter(api_as, cast, params, location, message):
    api = api_as(cast.dana)
    for path in ENDPOINTS:
        response = api.get(path, **params)
        assert response.status_code == 422, path
        assert {"loc": location, "msg": message, "type": "value_error"} in response.json()["detail"]


def test_a_malformed_date_or_another_organizations_program_is_refused(api_as, cast):
    api = api_as(cast.dana)
    assert api.get("/outcomes/retention", start="yesterday").status_code == 422
    response = api.get("/outcomes/retention", program=str(cast.other_program.public_id))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "program"]


def test_retention_numbers_are_the_pages_numbers(api_as, cast, history):
    body = api_as(cast.dana).get("/outcomes/retention").json()
    expected = retention(parse_filters(cast.org, start=None, end=None), timezone.now())
    assert body["episodes"] == expected.episodes
    assert body["dropout_reasons"] == ["left", "administrative"]
    assert [(r["days"], r["retained"], r["lost"], r["denominator"]) for r in body["rates"]] == [
        (r.days, r.retained, r.lost, r.denominator) for r in expected.rates
    ]
    overall = body["overall"]
    assert [p["survival"] for p in overall["points"]] == expected.overall.survival
    assert [p["lower"] for p in overall["points"]] == expected.overall.lower
    comparison = body["comparison"]
    assert comparison["p_value"] == expected.comparison.p_value
    assert comparison["logrank_statistic"] == expected.comparison.statistic
    page = api_as(cast.dana).client.get("/outcomes/").content.decode()
    for rate in expected.rates:
        assert f"{rate.retained} of {rate.denominator} retained" in page


def test_recovery_capital_numbers_are_the_pages_numbers(api_as, cast, history):
    body = (
        api_as(cast.dana)
        .get("/outcomes/recovery-capital", program=str(cast.residential.public_id))
        .json()
    )
    filters = parse_filters(cast.org, start=None, end=None, programs=[cast.residential.public_id])
    expected = recovery_capital(filters, timezone.now())
    assert body["overall"]["n"] == expected.overall.n == 12
    assert body["overall"]["mean_change"] == pytest.approx(expected.overall.mean_change)
    assert body["overall"]["ci_low"] == expected.overall.ci_low
    assert body["overall"]["reaching"] == expected.overall.reaching
    assert [c["label"] for c in body["by_program"]] == ["Residential"]
    page = api_as(cast.dana).client.get(
        f"/outcomes/recovery-capital/?program={cast.residential.public_id}"
    )
    assert f"<strong>{expected.overall.n}</strong>" in page.content.decode()
