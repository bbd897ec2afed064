"""The trend chart's geometry: a full-range y axis, time-proportional x axis, band strips."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from alongside.assessments.catalog import BARC10, PHQ9
from alongside.assessments.charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, trend_chart
from alongside.assessments.queries import Point, Trend

START = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)


def trend(instrument, totals, gaps=None):
    gaps = gaps or [30] * (len(totals) - 1)
    moments = [START]
    for gap in gaps:
        moments.append(moments[-1] + timedelta(days=gap))
    return Trend(
        instrument, [Point(m, t, "band", "Band") for m, t in zip(moments, totals, strict=True)]
    )


def test_the_y_axis_runs_from_the_lowest_to_the_highest_possible_total():
    chart = trend_chart(trend(PHQ9, [0, 27]))
    assert [mark.y for mark in chart.marks] == [HEIGHT - BOTTOM, TOP]
    barc = trend_chart(trend(BARC10, [10, 60]))
    assert [mark.y for mark in barc.marks] == [HEIGHT - BOTTOM, TOP]


def test_the_x_axis_is_proportional_to_time():
    chart = trend_chart(trend(PHQ9, [5, 6, 7], gaps=[10, 30]))
    xs = [mark.x for mark in chart.marks]
    assert xs[0] == LEFT and xs[-1] == WIDTH - RIGHT
    assert round((xs[1] - xs[0]) / (xs[2] - xs[0]), 2) == 0.25


def test_a_single_total_is_drawn_in_the_middle_and_described():
    chart = trend_chart(trend(PHQ9, [12]))
    assert chart.marks[0].x == LEFT + (WIDTH - RIGHT - LEFT) / 2
    assert chart.description == "One total, on Jan 5, 2026: 12 of 27 (Band)."


def test_the_band_strips_cover_the_axis_without_gaps():
    chart = trend_chart(trend(PHQ9, [3, 4]))
    assert len(chart.strips) == len(PHQ9.bands)
    tops = sorted((strip.y, strip.y + strip.height) for strip in chart.strips)
    assert tops[0][0] == TOP and round(tops[-1][1], 1) == HEIGHT - BOTTOM
    for (_, end), (start, _) in itertools.pairwise(tops):
        assert abs(end - start) < 0.2


def test_the_ticks_mark_every_band_edge():
    chart = trend_chart(trend(PHQ9, [3, 4]))
    assert [tick.text for tick in chart.y_ticks] == ["0", "5", "10", "15", "20", "27"]
