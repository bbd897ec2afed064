"""Outcome pages for directors and supervisors: retention, recovery capital, engagement, the
charts with their CSVs, and the funder report. Counts, rates and curves only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from alongside.clients.models import DischargeReason
from alongside.outcomes.access import Reader, outcomes_reader
from alongside.outcomes.filters import DEFAULT_EARLY_CONTACTS, FilterForm, Filters, default_range
from alongside.outcomes.rules import DROPOUT_REASONS, PLANNED_REASONS, UNRELATED_REASONS

if TYPE_CHECKING:
    from alongside.outcomes.charts import Chart

# The analysis modules (charts, engagement, recovery, report, retention) import numpy, pandas,
# lifelines, statsmodels, matplotlib and fpdf: well over 100 MB. Each view imports them when
# it runs, not when the URLconf loads, so a web worker that serves only the daily pages
# never holds them (DESIGN.md §6: a worker's RSS ≤ 200 MB).

View = Callable[..., HttpResponse]


def outcomes_view(view: View) -> View:
    """GET only, signed in, a director or supervisor (403 otherwise); the view receives the
    reader and the validated filters, or the page re-renders its form with errors (400)."""

    @require_GET
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        reader = outcomes_reader(request.user)
        # The form shows the range and threshold in use, defaults included.
        data = request.GET.copy()
        start, end = default_range(reader.organization)
        data.setdefault("start", start.isoformat())
        data.setdefault("end", end.isoformat())
        data.setdefault("early_contacts", str(DEFAULT_EARLY_CONTACTS))
        form = FilterForm(reader.organization, data)
        form.is_valid()
        return view(request, reader, form, *args, **kwargs)

    return wrapper


def _reasons(codes: frozenset[str]) -> list[str]:
    return [label for value, label in DischargeReason.choices if value in codes]


def _context(nav: str, reader: Reader, form: FilterForm, **extra: Any) -> dict[str, Any]:
    return {
        "nav": "outcomes",
        "tab": nav,
        "form": form,
        "filters": form.filters,
        "reader": reader,
        "dropout_reasons": _reasons(DROPOUT_REASONS),
        "planned_reasons": _reasons(PLANNED_REASONS),
        "unrelated_reasons": _reasons(UNRELATED_REASONS),
        **extra,
    }


def _invalid(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context, status=400)


@outcomes_view
def retention_page(request: HttpRequest, reader: Reader, form: FilterForm) -> HttpResponse:
    context = _context("retention", reader, form)
    if form.filters is None:
        return _invalid(request, "outcomes/retention.html", context)
    from alongside.outcomes import charts
    from alongside.outcomes.retention import retention

    result = retention(form.filters, timezone.now())
    context.update(
        result=result,
        survival=charts.survival_chart(result),
        rates_chart=charts.retention_chart(result),
    )
    return render(request, "outcomes/retention.html", context)


@outcomes_view
def recovery_page(request: HttpRequest, reader: Reader, form: FilterForm) -> HttpResponse:
    context = _context("recovery", reader, form)
    if form.filters is None:
        return _invalid(request, "outcomes/recovery.html", context)
    from alongside.outcomes import charts
    from alongside.outcomes.recovery import recovery_capital

    result = recovery_capital(form.filters, timezone.now())
    context.update(result=result, chart=charts.barc10_chart(result))
    return render(request, "outcomes/recovery.html", context)


@outcomes_view
def engagement_page(request: HttpRequest, reader: Reader, form: FilterForm) -> HttpResponse:
    context = _context("engagement", reader, form)
    if form.filters is None:
        return _invalid(request, "outcomes/engagement.html", context)
    from alongside.outcomes import charts
    from alongside.outcomes.engagement import engagement, workload

    now = timezone.now()
    result = engagement(form.filters, now)
    context.update(
        result=result,
        contacts_chart=charts.contacts_chart(result),
        decay_chart=charts.decay_chart(result),
        workload=workload(reader, now),
    )
    return render(request, "outcomes/engagement.html", context)


def chart_of(key: str, filters: Filters) -> Chart:
    """Return the chart KEY for FILTERS; Http404 for an unknown chart."""
    from alongside.outcomes import charts
    from alongside.outcomes.engagement import engagement
    from alongside.outcomes.recovery import recovery_capital
    from alongside.outcomes.retention import retention

    now = timezone.now()
    if key in ("survival", "retention"):
        result = retention(filters, now)
        return (
            charts.survival_chart(result) if key == "survival" else charts.retention_chart(result)
        )
    if key == "barc10":
        return charts.barc10_chart(recovery_capital(filters, now))
    if key in ("contacts", "decay"):
        found = engagement(filters, now)
        return charts.contacts_chart(found) if key == "contacts" else charts.decay_chart(found)
    raise Http404


@outcomes_view
def chart_svg(request: HttpRequest, reader: Reader, form: FilterForm, key: str) -> HttpResponse:
    if form.filters is None:
        return HttpResponse("Invalid filters.", status=400, content_type="text/plain")
    from alongside.outcomes import charts

    return HttpResponse(charts.draw(chart_of(key, form.filters)), content_type="image/svg+xml")


@outcomes_view
def chart_csv(request: HttpRequest, reader: Reader, form: FilterForm, key: str) -> HttpResponse:
    if form.filters is None:
        return HttpResponse("Invalid filters.", status=400, content_type="text/plain")
    from alongside.outcomes import report

    return report.chart_csv_response(reader, chart_of(key, form.filters))


@outcomes_view
def report_page(request: HttpRequest, reader: Reader, form: FilterForm) -> HttpResponse:
    context = _context("report", reader, form)
    if form.filters is None:
        return _invalid(request, "outcomes/report.html", context)
    from alongside.outcomes import report

    built = report.build_report(form.filters, timezone.now())
    context.update(report=built)
    return render(request, "outcomes/report.html", context)


@outcomes_view
def report_file(request: HttpRequest, reader: Reader, form: FilterForm, kind: str) -> HttpResponse:
    if form.filters is None:
        return HttpResponse("Invalid filters.", status=400, content_type="text/plain")
    from alongside.outcomes import report

    built = report.build_report(form.filters, timezone.now())
    if kind == "pdf":
        return report.report_pdf_response(reader, built)
    return report.report_csv_response(reader, built)
