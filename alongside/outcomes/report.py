"""The funder report: one program (or all) over one period, as a page, a CSV and a PDF.

De-identified by design, so it is not a disclosure of anyone's record and does not go
through the consent gate (`alongside/consent/gate.py`): no names or ids, ages only in bands,
and small cells suppressed. There is no identified version of this report; a funder who
needs identified data gets it per client through the gate, with consent.

Suppression (`suppress()`): a count of 1 to 10 people is withheld (shown as "*"). When a table shows
its total and exactly one of its cells was suppressed, the smallest other non-zero cell is
suppressed too (complementary suppression), so the total minus the shown cells cannot give
the hidden one back; a total under 11 hides the whole table. A count shown next to the count
it is part of (reached of attempted, people of episodes) is hidden when the difference is 1
to 10 (`nested()`). Differences across tables (e.g. discharges by reason against retention)
are not checked. Rates, means and medians are
withheld when the group they describe is under 11, and a rate also when the people on either
side of it (e.g. retained and lost) are 1 to 10, since the rate and its denominator would
give the small count back.

Downloads are audited as an EXPORT of the organization's outcomes (no client on the row).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db.models import Count, Sum
from django.http import HttpResponse
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from alongside.audit import log as audit_log
from alongside.audit.models import Action
from alongside.clients.models import DischargeReason, Episode, age_on
from alongside.organizations.models import Program
from alongside.outcomes.access import Reader
from alongside.outcomes.charts import Chart
from alongside.outcomes.episodes import EpisodeFrame, episodes_in, load_episodes
from alongside.outcomes.filters import Filters
from alongside.outcomes.recovery import recovery_capital_of
from alongside.outcomes.retention import retention_of
from alongside.outcomes.rules import DROPOUT_REASONS
from alongside.support.models import Encounter, EncounterKind

SMALL_CELL = 11
SUPPRESSED = "*"  # withheld: describes, or would reveal, 1 to 10 people
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Under 18", 0, 17),
    ("18-25", 18, 25),
    ("26-34", 26, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65 and over", 65, 200),
)
PDF_FONT_FILES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)
PDF_COMPRESS = True  # tests turn it off to read the text


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < SMALL_CELL


def suppress(counts: list[int], total: int | None = None) -> tuple[list[int | None], int | None]:
    """Return COUNTS and TOTAL with small cells replaced by None, complementary suppression
    included (see the module docstring)."""
    if total is not None and is_small(total):
        return [None if c else 0 for c in counts], None
    shown: list[int | None] = [None if is_small(c) else c for c in counts]
    hidden = [i for i, c in enumerate(shown) if c is None]
    if total is not None and len(hidden) == 1:
        others = sorted((c, i) for i, c in enumerate(shown) if c)
        if others:
            shown[others[0][1]] = None
        else:
            total = None
    return shown, total


def nested(child: int | None, parent: int | None) -> int | None:
    """Return CHILD (a count within PARENT, both shown), or None when it or the people in
    PARENT but not in CHILD are 1 to 10: two shown counts must not give a small one by
    subtraction."""
    if child is None or parent is None or is_small(child) or is_small(parent - child):
        return None
    return child


def show(value: int | float | None, pattern: str = "{}") -> str:
    return SUPPRESSED if value is None else pattern.format(value)


def share(part: int, whole: int, rest: int | None = None) -> str:
    """Return PART/WHOLE as a percentage, or withheld when it would describe fewer than 11."""
    other = whole - part if rest is None else rest
    if whole < SMALL_CELL or is_small(part) or is_small(other):
        return SUPPRESSED
    return f"{part / whole:.0%}"


@dataclass
class Table:
    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    filters: Filters
    program_label: str
    generated: datetime
    tables: list[Table]


def _program_label(filters: Filters) -> str:
    if filters.program_ids is None:
        return "All programs"
    names = Program.objects.filter(pk__in=filters.program_ids).order_by("name")
    return ", ".join(p.name for p in names)


def _counted_table(title: str, labels: list[str], counts: list[int], note: str = "") -> Table:
    total = sum(counts)
    shown, shown_total = suppress(counts, total)
    rows = [(label, show(c)) for label, c in zip(labels, shown, strict=True)]
    rows.append(("Total", show(shown_total)))
    return Table(title, ("", "People"), rows, note)


def _admissions(filters: Filters) -> Table:
    episodes = episodes_in(filters)
    people = episodes.values("client_id").distinct().count()
    count = episodes.count()
    shown_people = None if is_small(people) else people
    return Table(
        "Admissions",
        ("", "Count"),
        [
            # Episodes minus people is the number of re-admissions: hidden when small.
            ("Episodes admitted", show(nested(people, count) and count)),
            ("People admitted", show(shown_people)),
        ],
    )


def _discharges(filters: Filters) -> Table:
    discharged = Episode.objects.filter(
        organization=filters.organization,
        discharged_at__gte=filters.starts_at,
        discharged_at__lt=filters.ends_before,
    )
    if filters.program_ids is not None:
        discharged = discharged.filter(program_id__in=filters.program_ids)
    by_reason = dict(
        discharged.values("discharge_reason")
        .annotate(n=Count("id"))
        .values_list("discharge_reason", "n")
    )
    labels, counts = [], []
    for value, label in DischargeReason.choices:
        marker = " (dropout)" if value in DROPOUT_REASONS else ""
        labels.append(f"{label}{marker}")
        counts.append(by_reason.get(value, 0))
    return _counted_table("Discharges in the period, by reason", labels, counts)


def _retention_table(filters: Filters, frame: EpisodeFrame) -> Table:
    result = retention_of(frame, filters)
    rows = []
    for rate in result.rates:
        retained, lost = suppress([rate.retained, rate.lost], rate.denominator)[0]
        rows.append(
            (
                f"{rate.days} days",
                show(None if is_small(rate.denominator) else rate.denominator),
                show(retained),
                show(lost),
                share(rate.retained, rate.denominator, rate.lost),
            )
        )
    overall = result.overall
    median = "not reached"
    if overall is None or overall.n < SMALL_CELL or is_small(overall.events):
        median = SUPPRESSED
    elif overall.median_days is not None:
        median = f"{overall.median_days:.0f} days"
    rows.append(("Median days before dropout", "", "", "", median))
    return Table(
        "Retention of the episodes admitted in the period",
        ("Timepoint", "Outcome known", "Retained", "Lost (dropout)", "Retention rate"),
        rows,
        "Dropout: "
        + ", ".join(label for value, label in DischargeReason.choices if value in DROPOUT_REASONS)
        + ". Open episodes younger than a timepoint are left out of it.",
    )


def _followups(filters: Filters) -> Table:
    from alongside.aftercare.queries import RATE_RULE, followup_rates

    rows = []
    for rate in followup_rates(
        filters.organization,
        program_ids=list(filters.program_ids) if filters.program_ids else None,
        start=filters.start,
        end=filters.end,
    ):
        due = None if is_small(rate.due) else rate.due
        attempted = nested(rate.attempted, due)
        reached = nested(rate.reached, attempted)
        completed = nested(rate.completed, due)
        rows.append(
            (
                f"{rate.days} days",
                show(due),
                show(attempted),
                show(reached),
                show(completed),
                # The same rate as the aftercare page and the API: reached of completed.
                share(rate.reached, rate.completed),
            )
        )
    return Table(
        "Follow-ups after discharge due in the period, by timepoint",
        ("Timepoint", "Due", "Attempted", "Reached", "Completed", "Follow-up rate"),
        rows,
        RATE_RULE,
    )


def _barc10(filters: Filters, frame: EpisodeFrame, now: datetime) -> Table:
    change = recovery_capital_of(frame, filters, now).overall
    if change.n < SMALL_CELL or change.mean_change is None:
        return Table(
            "Recovery capital (BARC-10), intake to latest",
            ("", "Value"),
            [("Paired episodes", SUPPRESSED if change.n else "0")],
        )
    rows = [
        ("Paired episodes", str(change.n)),
        ("Mean total at intake", f"{change.mean_intake:.1f}"),
        ("Mean latest total", f"{change.mean_latest:.1f}"),
        ("Mean change (points)", f"{change.mean_change:.1f}"),
    ]
    if change.ci_low is not None and change.ci_high is not None:
        rows += [
            ("95% CI of the mean change, low", f"{change.ci_low:.1f}"),
            ("95% CI of the mean change, high", f"{change.ci_high:.1f}"),
        ]
    rows.append(("Share at 47 or more at latest", share(change.reaching, change.n)))
    return Table("Recovery capital (BARC-10), intake to latest", ("", "Value"), rows)


def _services(filters: Filters) -> Table:
    encounters = Encounter.objects.filter(
        organization=filters.organization,
        occurred_at__gte=filters.starts_at,
        occurred_at__lt=filters.ends_before,
    )
    if filters.program_ids is not None:
        in_programs = Episode.objects.filter(program_id__in=filters.program_ids)
        encounters = encounters.filter(client_id__in=in_programs.values("client_id"))
    rows_by_kind = {
        row["kind"]: row
        for row in encounters.values("kind").annotate(
            contacts=Count("id"), minutes=Sum("minutes"), people=Count("client_id", distinct=True)
        )
    }
    rows = []
    for value, label in EncounterKind.choices:
        row = rows_by_kind.get(value, {"contacts": 0, "minutes": 0, "people": 0})
        hidden = is_small(row["people"])
        rows.append(
            (
                label,
                show(None if hidden else row["people"]),
                show(None if hidden else row["contacts"]),
                show(None if hidden else (row["minutes"] or 0)),
            )
        )
    return Table(
        "Services delivered (support contacts)",
        ("Kind", "People", "Contacts", "Minutes"),
        rows,
        "A kind of contact that 1 to 10 people received is withheld (*).",
    )


def _demographics(filters: Filters) -> Table:
    firsts: dict[int, tuple[datetime, date | None, str]] = {}
    for client_id, admitted, born, language in (
        episodes_in(filters)
        .order_by("admitted_at")
        .values_list("client_id", "admitted_at", "client__date_of_birth", "client__language")
    ):
        firsts.setdefault(client_id, (admitted, born, language))
    labels = [band[0] for band in AGE_BANDS] + ["Not recorded"]
    counts = [0] * len(labels)
    for admitted, born, _language in firsts.values():
        age = age_on(born, admitted.astimezone(filters.zone).date())
        index = len(AGE_BANDS)
        if age is not None:
            index = next((i for i, (_l, lo, hi) in enumerate(AGE_BANDS) if lo <= age <= hi), index)
        counts[index] += 1
    return _counted_table(
        "People admitted, by age at admission",
        labels,
        counts,
        "Ages in bands; no dates of birth leave Alongside.",
    )


def build_report(filters: Filters, now: datetime) -> Report:
    """Return the de-identified funder report for FILTERS as of NOW."""
    frame = load_episodes(filters, now)
    tables = [
        _admissions(filters),
        _discharges(filters),
        _retention_table(filters, frame),
        _followups(filters),
        _barc10(filters, frame, now),
        _services(filters),
        _demographics(filters),
    ]
    return Report(filters, _program_label(filters), now, tables)


def _audit_export(reader: Reader, object_type: str) -> None:
    audit_log.record(
        audit_log.Event(
            action=Action.EXPORT,
            object_type=object_type,
            object_public_id=None,
            organization_id=reader.organization.pk,
            user=reader.user,
            role=",".join(sorted(reader.roles)),
        )
    )


def exported_rows(chart: Chart) -> list[tuple[Any, ...]]:
    """Return CHART's rows with every count, share or estimate that describes 1 to 10
    people withheld (`SUPPRESSED`), complementary cells included."""
    if chart.key == "survival":
        return _survival_rows(chart)
    rule = _ROW_RULES.get(chart.key, _small_counts_hidden)
    return [rule(row) for row in chart.rows]


def _survival_rows(chart: Chart) -> list[tuple[Any, ...]]:
    # A curve of fewer than 11 episodes (or events) is withheld whole; in a larger one, each
    # day whose estimate rests on fewer than 11 still at risk (the curve's tail).
    rows: list[tuple[Any, ...]] = []
    for curve in chart.series["curves"]:
        small = curve.n < SMALL_CELL or is_small(curve.events)
        for day, survival, lower, upper, at_risk in zip(
            curve.timeline, curve.survival, curve.lower, curve.upper, curve.at_risk, strict=True
        ):
            if small or at_risk < SMALL_CELL:
                rows.append((curve.label, int(day), SUPPRESSED, SUPPRESSED, SUPPRESSED))
            else:
                rows.append(
                    (curve.label, int(day), round(survival, 4), round(lower, 4), round(upper, 4))
                )
    return rows


def _retention_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    days, retained, lost, too_young, unrelated, denominator, _rate = row
    (kept, gone), shown_denominator = suppress([retained, lost], denominator)
    return (
        days,
        show(kept),
        show(gone),
        show(None if is_small(too_young) else too_young),
        show(None if is_small(unrelated) else unrelated),
        show(shown_denominator),
        SUPPRESSED if kept is None or gone is None else share(retained, denominator, lost),
    )


def _contacts_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # Contacts and their rate per client describe the episodes of that week.
    week, episodes = row[:2]
    if is_small(episodes):
        return (week, SUPPRESSED, SUPPRESSED, SUPPRESSED)
    return row


def _decay_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    day, episodes, in_contact, _share = row
    if is_small(episodes):
        return (day, SUPPRESSED, SUPPRESSED, SUPPRESSED)
    return (day, episodes, show(nested(in_contact, episodes)), share(in_contact, episodes))


def _small_counts_hidden(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # The BARC-10 bands, and any chart without a rule of its own: each count of 1 to 10
    # withheld (no total is exported beside them to work one back from).
    return tuple(SUPPRESSED if isinstance(v, int) and is_small(v) else v for v in row)


_ROW_RULES = {
    "retention": _retention_row,
    "contacts": _contacts_row,
    "decay": _decay_row,
    "barc10": lambda row: (*row[:2], *_small_counts_hidden(row[2:])),
}


def _cell(value: object) -> str:
    text = str(value)
    return (
        "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text) else text
    )


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _heading(built: Report) -> list[str]:
    f = built.filters
    return [
        "Outcomes report",
        f"Organization: {f.organization.name}",
        f"Programs: {built.program_label}",
        f"Admissions from {f.start.isoformat()} to {f.end.isoformat()}",
        f"Generated {built.generated.astimezone(f.zone):%Y-%m-%d %H:%M} "
        f"({f.organization.time_zone})",
        "De-identified: no names or dates of birth. * = withheld: the cell describes 1 to 10 "
        "people, or would reveal such a count by subtraction from the cells shown.",
    ]


def report_csv(built: Report) -> str:
    buffer = io.StringIO()
    out = csv.writer(buffer)
    for line in _heading(built):
        out.writerow([line])
    for table in built.tables:
        out.writerow([])
        out.writerow([table.title])
        out.writerow(list(table.columns))
        for row in table.rows:
            out.writerow([_cell(v) for v in row])
        if table.note:
            out.writerow([table.note])
    return buffer.getvalue()


def report_pdf(built: Report) -> bytes:
    pdf = FPDF(format="Letter")
    pdf.set_compression(PDF_COMPRESS)
    pdf.set_title("Outcomes report")
    pdf.set_creator("Alongside")
    font_file = next((f for f in PDF_FONT_FILES if Path(f).is_file()), None)
    family = "Helvetica"
    if font_file is not None:
        pdf.add_font("Body", fname=font_file)
        family = "Body"
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    for number, line in enumerate(_heading(built)):
        pdf.set_font(family, size=16 if number == 0 else 9.5)
        pdf.multi_cell(0, 8 if number == 0 else 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for table in built.tables:
        pdf.ln(4)
        pdf.set_font(family, size=12)
        pdf.multi_cell(0, 7, table.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(family, size=9)
        with pdf.table(text_align="LEFT", line_height=5.5, first_row_as_headings=False) as grid:
            header = grid.row()
            for column in table.columns:
                header.cell(column or " ")
            for row in table.rows:
                cells = grid.row()
                for value in row:
                    cells.cell(str(value) or " ")
        if table.note:
            pdf.set_font(family, size=8)
            pdf.multi_cell(0, 4.5, table.note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _filename(built: Report, extension: str) -> str:
    return f"outcomes-{built.filters.start.isoformat()}-{built.filters.end.isoformat()}.{extension}"


def report_csv_response(reader: Reader, built: Report) -> HttpResponse:
    _audit_export(reader, "outcomes_report")
    response = HttpResponse(report_csv(built), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(built, "csv")}"'
    return response


def report_pdf_response(reader: Reader, built: Report) -> HttpResponse:
    _audit_export(reader, "outcomes_report")
    response = HttpResponse(report_pdf(built), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(built, "pdf")}"'
    return response


def chart_csv_response(reader: Reader, chart: Chart) -> HttpResponse:
    """Return the numbers behind CHART as a CSV download. A file leaves the page (it is
    forwarded, attached to a grant report), so like the funder report no cell in it
    describes 1 to 10 people: `exported_rows` withholds them."""
    _audit_export(reader, "outcomes_chart")
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(list(chart.columns))
    for row in exported_rows(chart):
        out.writerow([_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="outcomes-{chart.key}.csv"'
    return response
