"""Outcome charts: server-rendered SVG drawn with matplotlib, each with the numbers behind it.

Every chart is a `Chart`: a title, a one-sentence description (the image's text
alternative), and the table of numbers the page shows under it and the CSV download holds.
`draw()` turns the same Chart into an SVG.

matplotlib runs without pyplot: each drawing builds its own `Figure` and renders it through
the Agg-family SVG canvas, so no global figure state is shared between the threads of a web
process. The SVG is served as its own image (`<img src>`), so its inline styles are the
image's own business and the page's style policy stays strict. Charts show programs, days
and counts, never a client.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from alongside.outcomes.engagement import Engagement
from alongside.outcomes.recovery import RecoveryCapital
from alongside.outcomes.retention import Curve, Retention

COLORS = ("#1f5f8b", "#b4531f", "#4b7f35")


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    series: dict[str, Any] = field(default_factory=dict)


def _pct(value: float | None) -> str:
    return "not enough data" if value is None else f"{value:.0%}"


def _round(value: float | None, digits: int = 4) -> float | str:
    return "" if value is None else round(value, digits)


def _curve_rows(curve: Curve | None) -> list[tuple[Any, ...]]:
    if curve is None:
        return []
    return [
        (curve.label, int(t), round(s, 4), round(lo, 4), round(hi, 4))
        for t, s, lo, hi in zip(
            curve.timeline, curve.survival, curve.lower, curve.upper, strict=True
        )
    ]


def survival_chart(result: Retention) -> Chart:
    comparison = result.comparison
    curves = [c for c in (result.overall, comparison.engaged, comparison.not_engaged) if c]
    parts = []
    for curve in curves:
        median = "not reached" if curve.median_days is None else f"{curve.median_days:.0f} days"
        parts.append(f"{curve.label}: {curve.n} episodes, median stay before dropout {median}")
    description = (
        "Share of episodes still in treatment (not dropped out) by day since admission. "
        + ("; ".join(parts) + "." if parts else "No episodes in this range.")
    )
    return Chart(
        key="survival",
        title="Days in treatment before dropout (Kaplan-Meier, 95% band)",
        description=description,
        columns=("group", "day", "share_in_treatment", "lower_95", "upper_95"),
        rows=[row for curve in curves for row in _curve_rows(curve)],
        series={"curves": curves},
    )


def retention_chart(result: Retention) -> Chart:
    text = ", ".join(f"{r.days} days {_pct(r.rate)} of {r.denominator}" for r in result.rates)
    return Chart(
        key="retention",
        title="Retention at 30, 60 and 90 days",
        description=f"Share of episodes retained: {text}.",
        columns=(
            "days",
            "retained",
            "lost",
            "open_too_young",
            "ended_unrelated",
            "denominator",
            "rate",
        ),
        rows=[
            (
                r.days,
                r.retained,
                r.lost,
                r.still_open_too_young,
                r.ended_unrelated,
                r.denominator,
                _round(r.rate),
            )
            for r in result.rates
        ],
    )


def barc10_chart(result: RecoveryCapital) -> Chart:
    counts: dict[int, int] = {}
    for change in result.overall.changes:
        bucket = (change // 5) * 5
        counts[bucket] = counts.get(bucket, 0) + 1
    overall = result.overall
    summary = (
        f"{overall.n} paired episodes, mean change {overall.mean_change:+.1f} points."
        if overall.n and overall.mean_change is not None
        else "No episode has two BARC-10 totals yet."
    )
    return Chart(
        key="barc10",
        title="BARC-10 change from intake to latest",
        description=f"How many episodes changed by how many points (in bands of 5). {summary}",
        columns=("change_from", "change_to", "episodes"),
        rows=[(b, b + 4, counts[b]) for b in sorted(counts)],
    )


def contacts_chart(result: Engagement) -> Chart:
    text = ", ".join(
        f"week {w.week} {w.per_client:.1f}" for w in result.weeks if w.per_client is not None
    )
    return Chart(
        key="contacts",
        title="Support contacts per client per week of the stay",
        description=f"Average contacts per client still in treatment: {text or 'no episodes'}.",
        columns=("week", "episodes_in_treatment", "contacts", "contacts_per_client"),
        rows=[(w.week, w.episodes, w.contacts, _round(w.per_client, 2)) for w in result.weeks],
    )


def decay_chart(result: Engagement) -> Chart:
    text = ", ".join(f"day {d.days} {_pct(d.share)}" for d in result.decay)
    return Chart(
        key="decay",
        title="Still in contact after admission",
        description=f"Share with a support contact in the 14 days before: {text}.",
        columns=("day", "episodes", "in_contact", "share"),
        rows=[(d.days, d.episodes, d.in_contact, _round(d.share)) for d in result.decay],
    )


def _figure() -> tuple[Figure, Any]:
    figure = Figure(figsize=(7.2, 3.6), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    return figure, axes


def _draw_survival(chart: Chart, axes: Any) -> None:
    for color, curve in zip(COLORS, chart.series["curves"], strict=False):
        axes.step(
            curve.timeline,
            curve.survival,
            where="post",
            color=color,
            label=f"{curve.label} (n={curve.n})",
        )
        axes.fill_between(
            curve.timeline,
            curve.lower,
            curve.upper,
            step="post",
            color=color,
            alpha=0.15,
            linewidth=0,
        )
    axes.set_ylim(0, 1.02)
    axes.set_xlim(left=0)
    axes.set_xlabel("Days since admission")
    axes.set_ylabel("Share still in treatment")
    if chart.series["curves"]:
        axes.legend(frameon=False, fontsize=8, loc="lower left")


def _draw_bars(
    labels: list[str], values: list[float], axes: Any, *, ylabel: str, share: bool
) -> None:
    axes.bar(labels, values, color=COLORS[0], width=0.55)
    for x, value in enumerate(values):
        axes.annotate(
            f"{value:.0%}" if share else f"{value:.1f}",
            (x, value),
            ha="center",
            va="bottom",
            fontsize=9,
        )
    if share:
        axes.set_ylim(0, 1.08)
    axes.set_ylabel(ylabel)


def _draw_retention(chart: Chart, axes: Any) -> None:
    rows = [r for r in chart.rows if r[-1] != ""]
    _draw_bars(
        [f"{r[0]} days" for r in rows],
        [float(r[-1]) for r in rows],
        axes,
        ylabel="Share retained",
        share=True,
    )


def _draw_barc10(chart: Chart, axes: Any) -> None:
    axes.bar([r[0] + 2 for r in chart.rows], [r[2] for r in chart.rows], width=4.6, color=COLORS[2])
    axes.axvline(0, color="#555555", linewidth=0.8)
    axes.set_xlabel("Change in BARC-10 total (points)")
    axes.set_ylabel("Episodes")


def _draw_contacts(chart: Chart, axes: Any) -> None:
    rows = [r for r in chart.rows if r[-1] != ""]
    axes.plot([r[0] for r in rows], [r[-1] for r in rows], marker="o", color=COLORS[0])
    axes.set_ylim(bottom=0)
    axes.set_xlabel("Week of the stay")
    axes.set_ylabel("Contacts per client")


def _draw_decay(chart: Chart, axes: Any) -> None:
    rows = [r for r in chart.rows if r[-1] != ""]
    _draw_bars(
        [f"Day {r[0]}" for r in rows],
        [float(r[-1]) for r in rows],
        axes,
        ylabel="Share in contact",
        share=True,
    )


DRAWERS: dict[str, Callable[[Chart, Any], None]] = {
    "survival": _draw_survival,
    "retention": _draw_retention,
    "barc10": _draw_barc10,
    "contacts": _draw_contacts,
    "decay": _draw_decay,
}


def draw(chart: Chart) -> bytes:
    """Return CHART as an SVG document (a fresh Figure, no pyplot)."""
    figure, axes = _figure()
    DRAWERS[chart.key](chart, axes)
    axes.set_title(chart.title, fontsize=11, loc="left")
    buffer = io.BytesIO()
    FigureCanvasSVG(figure).print_svg(
        buffer, metadata={"Date": None, "Title": chart.title, "Description": chart.description}
    )
    return buffer.getvalue()
