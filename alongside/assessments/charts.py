"""Trend charts of totals over time, drawn as inline SVG by the server.

No chart library and nothing from another origin (DESIGN.md §4.4): this module turns a
trend into coordinates in a fixed viewBox, and `assessments/_trend_chart.html` draws them.
Colours are SVG presentation attributes, not inline styles, so a strict style policy does
not blank the chart. Every chart has a title and a description for screen readers, and the
page shows the same numbers in a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format

from alongside.assessments.queries import Trend

# A phone-sized drawing: on a 390 px screen it is shown at about 0.8 of these units, so the
# 14-unit labels stay readable; wider screens cap it (assessments.css) rather than blow it up.
WIDTH = 420
HEIGHT = 220
LEFT = 34  # room for the totals on the y axis
RIGHT = 14
TOP = 12
BOTTOM = 32  # room for the dates on the x axis


@dataclass(frozen=True)
class Mark:
    """A point on the line: where it is drawn, and what it says."""

    x: float
    y: float
    total: int
    when: str
    band_label: object


@dataclass(frozen=True)
class BandStrip:
    """A horizontal strip for one band, so the reader sees which band a point sits in."""

    y: float
    height: float
    label: object
    shaded: bool


@dataclass(frozen=True)
class Tick:
    position: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    marks: list[Mark]
    line: str  # the polyline's points attribute
    strips: list[BandStrip]
    y_ticks: list[Tick]
    x_ticks: list[Tick]

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def tick_x(self) -> int:
        """Where the totals on the y axis end, just left of the plot."""
        return self.left - 6

    @property
    def date_y(self) -> int:
        return self.height - 8


def _day(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "M j, Y")


def trend_chart(trend: Trend) -> Chart:
    """Return the drawing of TREND: totals on a y axis from the instrument's lowest to
    highest possible total (so a change is never exaggerated by a zoomed axis), time on the
    x axis in proportion to the days between responses."""
    instrument = trend.instrument
    low, high = instrument.lowest_total, instrument.highest_total
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    plot_width, plot_height = right - LEFT, bottom - TOP

    def y_of(total: float) -> float:
        return round(bottom - (total - low) / (high - low) * plot_height, 1)

    first, last = trend.points[0].occurred_at, trend.points[-1].occurred_at
    span = (last - first).total_seconds()

    def x_of(moment: datetime) -> float:
        if span <= 0:
            return round(LEFT + plot_width / 2, 1)
        return round(LEFT + (moment - first).total_seconds() / span * plot_width, 1)

    marks = [
        Mark(x_of(p.occurred_at), y_of(p.total), p.total, _day(p.occurred_at), p.band_label)
        for p in trend.points
    ]
    # Each band covers its totals from half a point below its lowest to half above its
    # highest, clipped to the axis, so adjacent strips meet without a gap.
    strips = []
    for index, band in enumerate(instrument.bands):
        top_total = min(band.high + 0.5, high)
        bottom_total = max(band.low - 0.5, low)
        strips.append(
            BandStrip(
                y=y_of(top_total),
                height=round(y_of(bottom_total) - y_of(top_total), 1),
                label=band.label,
                shaded=index % 2 == 0,
            )
        )
    y_values = sorted({low, high} | {band.low for band in instrument.bands})
    y_ticks = [Tick(y_of(value), str(value), "end") for value in y_values]
    x_ticks = [Tick(marks[0].x, marks[0].when, "start" if len(marks) > 1 else "middle")]
    if len(marks) > 1:
        x_ticks.append(Tick(marks[-1].x, marks[-1].when, "end"))
    totals = ", ".join(str(mark.total) for mark in marks)
    latest = marks[-1]
    description = (
        f"{len(marks)} total{'s' if len(marks) != 1 else ''} from {marks[0].when} to "
        f"{latest.when}: {totals}. Latest {latest.total} of {high} ({latest.band_label})."
        if len(marks) > 1
        else f"One total, on {latest.when}: {latest.total} of {high} ({latest.band_label})."
    )
    return Chart(
        key=instrument.key,
        title=f"{instrument.short_title} totals over time",
        description=description,
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=right,
        top=TOP,
        bottom=bottom,
        marks=marks,
        line=" ".join(f"{mark.x},{mark.y}" for mark in marks),
        strips=strips,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )
