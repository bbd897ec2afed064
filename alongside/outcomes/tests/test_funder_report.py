"""The funder report: de-identified, with small cells suppressed (no CSV or PDF cell
describes fewer than 11 people) and complementary suppression so a total cannot give a
hidden cell back."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from alongside.assessments.catalog import get_instrument
from alongside.assessments.models import Source
from alongside.assessments.services import record_assessment
from alongside.clients.models import DischargeReason, Episode
from alongside.organizations.models import Program
from alongside.outcomes import report
from alongside.outcomes.filters import parse_filters
from alongside.testing.personas import login, make_client, make_encounter

DIGITS = re.compile(r"\d")


@pytest.mark.parametrize(
    ("counts", "total", "expected", "expected_total"),
    [
        ([0, 12, 30], 42, [0, 12, 30], 42),
        ([3, 12, 30], 45, [None, None, 30], 45),  # one hidden: the next smallest goes too
        ([3, 4, 30], 37, [None, None, 30], 37),  # two hidden: neither can be worked out
        ([3, 0, 0], 3, [None, 0, 0], None),  # a total under 11 hides everything
        ([3, 0, 20], 23, [None, 0, None], 23),
        ([11, 10, 50], None, [11, None, 50], None),  # no total shown: nothing to protect
        ([5, 0, 0], None, [None, 0, 0], None),
    ],
)
def test_suppression(counts, total, expected, expected_total):
    assert report.suppress(counts, total) == (expected, expected_total)


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (30, 45, "67%"),
        (35, 40, "*"),
        (5, 40, "*"),
        (8, 10, "*"),
        (0, 20, "0%"),
        (20, 20, "100%"),
    ],
)
def test_a_share_is_withheld_when_either_side_is_small(part, whole, shown):
    assert report.share(part, whole) == shown


@pytest.mark.parametrize(
    ("child", "parent", "shown"),
    [(50, 73, 50), (71, 73, None), (70, 70, 70), (5, 73, None), (0, 40, 0), (20, None, None)],
)
def test_a_count_inside_another_is_withheld_when_the_difference_is_small(child, parent, shown):
    # 71 completed of 73 due would tell a reader that 2 people were not reached.
    assert report.nested(child, parent) == shown


@pytest.fixture
def tiny(cast):
    """A program of four people: every figure about it describes fewer than 11."""
    program = Program.objects.create(
        organization=cast.org, name="Tiny", kind=Program.Kind.OUTPATIENT
    )
    items = [item.key for item in get_instrument("barc10").items]
    for number, reason in enumerate([DischargeReason.LEFT, DischargeReason.COMPLETED, "", ""]):
        person = make_client(
            program, f"Tiny Person {number}", advocate=cast.ana, admitted_days_ago=120
        )
        person.date_of_birth = date(1990, 1, 1)
        person.save(update_fields=["date_of_birth"])
        for day in (119, 118, 100):
            make_encounter(person, cast.ana, when=timezone.now() - timedelta(days=day))
        for total, days_ago in ((30, 110), (48, 40)):
            answers = [total // 10 + (1 if i < total % 10 else 0) for i in range(10)]
            record_assessment(
                cast.ana,
                person,
                "barc10",
                dict(zip(items, answers, strict=True)),
                source=Source.STAFF,
                occurred_at=timezone.now() - timedelta(days=days_ago),
            )
        if reason:
            Episode.objects.filter(client=person).update(
                discharged_at=timezone.now() - timedelta(days=20), discharge_reason=reason
            )
    return program


def _filters(cast, program):
    return parse_filters(cast.org, start=None, end=None, programs=[program.public_id])


def test_no_csv_cell_describes_fewer_than_11_people(cast, tiny):
    built = report.build_report(_filters(cast, tiny), timezone.now())
    rows = list(csv.reader(io.StringIO(report.report_csv(built))))
    values = [cell for row in rows if len(row) > 1 for cell in row[1:]]
    assert "*" in values
    shown = [v for v in values if DIGITS.search(v)]
    assert set(shown) <= {"*", "0", "0%"}, shown
    text = report.report_csv(built)
    assert "Tiny Person" not in text and "1990" not in text


def test_no_pdf_cell_describes_fewer_than_11_people(cast, tiny, monkeypatch):
    # The built-in font and no compression leave the text readable in the file.
    monkeypatch.setattr(report, "PDF_FONT_FILES", ())
    monkeypatch.setattr(report, "PDF_COMPRESS", False)
    built = report.build_report(_filters(cast, tiny), timezone.now())
    pdf = report.report_pdf(built).decode("latin-1")
    texts = re.findall(r"\((.*?)\)\s*Tj", pdf)
    assert "Admissions" in texts and "*" in texts
    table_cells = {t for t in texts if DIGITS.search(t) and len(t) < 12}
    # Numbers left are labels (timepoints, age bands, the period), never counts under 11.
    labels = {
        "30 days",
        "60 days",
        "90 days",
        "7 days",
        "180 days",
        "365 days",
        "18-25",
        "26-34",
        "35-44",
        "45-54",
        "55-64",
        "*",
        "0",
        "0%",
        "Under 18",
        "65 and over",
    }
    assert table_cells <= labels, table_cells - labels
    assert "Tiny Person" not in pdf


def test_a_larger_program_shows_its_counts(cast):
    for number in range(12):
        make_client(cast.outpatient, f"Person {number}", advocate=cast.ana, admitted_days_ago=50)
    built = report.build_report(
        parse_filters(cast.org, start=None, end=None, programs=[cast.outpatient.public_id]),
        timezone.now(),
    )
    admissions = built.tables[0]
    assert admissions.rows[0][1] == str(Episode.objects.filter(program=cast.outpatient).count())


def test_the_report_page_offers_pdf_and_csv(client, cast):
    login(client, cast.dana)
    page = client.get("/outcomes/report/").content.decode()
    assert "/outcomes/report.pdf?" in page and "/outcomes/report.csv?" in page
    response = client.get("/outcomes/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="outcomes-' in response["Content-Disposition"]


# --- The CSVs behind the charts ------------------------------------------------------------

# Per chart, how many leading columns are labels (a day, a week, a group, a band's bounds).
CHART_LABEL_COLUMNS = {"survival": 2, "retention": 1, "barc10": 2, "contacts": 1, "decay": 1}


@pytest.mark.parametrize("key", sorted(CHART_LABEL_COLUMNS))
def test_no_chart_csv_cell_describes_fewer_than_11_people(client, cast, tiny, key):
    login(client, cast.dana)
    response = client.get(f"/outcomes/charts/{key}.csv", {"program": tiny.public_id})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    assert rows, key
    values = [cell for row in rows for cell in row[CHART_LABEL_COLUMNS[key] :]]
    assert "*" in values
    assert {v for v in values if DIGITS.search(v)} <= {"0", "0%"}, values


def _curve(label, n, events, at_risk):
    from alongside.outcomes.retention import Curve

    days = [float(d) for d in range(len(at_risk))]
    shares = [1.0 - d / 100 for d in range(len(at_risk))]
    return Curve(label, n, events, days, shares, shares, shares, None, at_risk)


def test_a_survival_export_withholds_small_curves_and_the_tail_at_risk_under_11():
    from alongside.outcomes.charts import Chart

    big, small = _curve("Engaged", 40, 20, [40, 25, 11, 10]), _curve("Not engaged", 8, 5, [8, 6])
    chart = Chart(
        "survival", "t", "d", ("group", "day", "s", "lo", "hi"), [], {"curves": [big, small]}
    )
    assert report.exported_rows(chart) == [
        ("Engaged", 0, 1.0, 1.0, 1.0),
        ("Engaged", 1, 0.99, 0.99, 0.99),
        ("Engaged", 2, 0.98, 0.98, 0.98),
        ("Engaged", 3, "*", "*", "*"),
        ("Not engaged", 0, "*", "*", "*"),
        ("Not engaged", 1, "*", "*", "*"),
    ]


@pytest.mark.parametrize(
    ("row", "exported"),
    [
        ((30, 30, 15, 2, 0, 45, 0.6667), (30, "30", "15", "*", "0", "45", "67%")),
        # One small cell beside a total: its neighbour goes too, and so does the rate.
        ((60, 36, 4, 12, 3, 40, 0.9), (60, "*", "*", "12", "*", "40", "*")),
        ((90, 5, 3, 40, 0, 8, 0.625), (90, "*", "*", "40", "0", "*", "*")),
    ],
)
def test_a_retention_export_row(row, exported):
    from alongside.outcomes.charts import Chart

    chart = Chart("retention", "t", "d", ("days",) * 7, [row])
    assert report.exported_rows(chart) == [exported]
