"""Retention: rates at 30/60/90 days, Kaplan-Meier curves of days in treatment, and early peer
engagement compared by a log-rank test. The estimators are lifelines'; nothing here is a
hand-written estimator (an independent check against statsmodels is in the tests).

The rules, as the page states them:

- Dropout (the event) is a discharge for a reason in `DROPOUT_REASONS`; every other
  discharge, and every open episode, is censored on its last day in treatment.
- At T days an episode is *retained* if it was still in treatment on day T, or ended before
  day T with a planned discharge (`PLANNED_REASONS`); *lost* if it ended before day T with a
  dropout reason. It is *left out of that timepoint* if it is still open and younger than T
  days (its outcome is not known yet), or ended before day T for an unrelated reason
  (`UNRELATED_REASONS`: incarceration, death, other).
- Early engagement is at least `early_contacts` support contacts in the first `early_days`
  days. The comparison only includes episodes still in treatment on day `early_days` (a
  landmark), since someone who left on day 3 never had the chance to be "engaged" and would
  make engagement look better than it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from lifelines import KaplanMeierFitter
from lifelines.statistics import logrank_test

from alongside.outcomes.episodes import EpisodeFrame, load_episodes
from alongside.outcomes.filters import Filters
from alongside.outcomes.rules import DROPOUT_REASONS, PLANNED_REASONS, UNRELATED_REASONS

TIMEPOINTS = (30, 60, 90)
ALPHA = 0.05  # 95% confidence bands


@dataclass(frozen=True)
class RetentionRate:
    days: int
    retained: int
    lost: int
    still_open_too_young: int
    ended_unrelated: int

    @property
    def denominator(self) -> int:
        return self.retained + self.lost

    @property
    def rate(self) -> float | None:
        """The share retained; None when no episode's outcome at this timepoint is known."""
        return self.retained / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Curve:
    """A Kaplan-Meier estimate: the share still in treatment at each day of TIMELINE."""

    label: str
    n: int
    events: int
    timeline: list[float]
    survival: list[float]
    lower: list[float]
    upper: list[float]
    median_days: float | None
    # How many were still in treatment just before each day of TIMELINE (the estimate there
    # rests on them): exports withhold the days with fewer than 11.
    at_risk: list[int]  # None while more than half are still in treatment

    def at(self, day: float) -> float:
        """Return the estimate on DAY (the step function's value)."""
        index = int(np.searchsorted(self.timeline, day, side="right")) - 1
        return self.survival[max(index, 0)]


@dataclass(frozen=True)
class Comparison:
    early_contacts: int
    early_days: int
    engaged: Curve | None
    not_engaged: Curve | None
    statistic: float | None
    p_value: float | None


@dataclass(frozen=True)
class Retention:
    filters: Filters
    episodes: int
    open_episodes: int
    dropouts: int
    rates: list[RetentionRate]
    overall: Curve | None
    comparison: Comparison


def retention_rates(
    frame: EpisodeFrame, timepoints: tuple[int, ...] = TIMEPOINTS
) -> list[RetentionRate]:
    """Return the retention rate at each timepoint under the rules in the module docstring."""
    unrelated = ~frame.is_open & ~frame.dropout & ~frame.planned
    rates = []
    for t in timepoints:
        reached = frame.days >= t
        ended_before = ~frame.is_open & ~reached
        rates.append(
            RetentionRate(
                days=t,
                retained=int(np.count_nonzero(reached | (ended_before & frame.planned))),
                lost=int(np.count_nonzero(ended_before & frame.dropout)),
                still_open_too_young=int(np.count_nonzero(frame.is_open & ~reached)),
                ended_unrelated=int(np.count_nonzero(ended_before & unrelated)),
            )
        )
    return rates


def kaplan_meier(durations: np.ndarray, events: np.ndarray, label: str) -> Curve | None:
    """Return lifelines' Kaplan-Meier estimate with its 95% band (Greenwood's variance on the
    log(-log) scale, lifelines' default); None without episodes."""
    if len(durations) == 0:
        return None
    fitter = KaplanMeierFitter(alpha=ALPHA)
    fitter.fit(durations, event_observed=events, label=label)
    band = fitter.confidence_interval_survival_function_
    median = float(fitter.median_survival_time_)
    return Curve(
        label=label,
        n=len(durations),
        events=int(np.count_nonzero(events)),
        timeline=[float(t) for t in fitter.timeline],
        survival=[float(v) for v in fitter.survival_function_[label].to_numpy()],
        # Before the first event the band is undefined (NaN); the estimate is exactly 1 there.
        lower=[_finite(v, 1.0) for v in band.iloc[:, 0].to_numpy()],
        upper=[_finite(v, 1.0) for v in band.iloc[:, 1].to_numpy()],
        median_days=median if math.isfinite(median) else None,
        at_risk=[int(v) for v in fitter.event_table["at_risk"].reindex(fitter.timeline).fillna(0)],
    )


def _finite(value: float, default: float) -> float:
    return float(value) if math.isfinite(value) else default


def engagement_groups(
    frame: EpisodeFrame, early_contacts: int, early_days: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return (in_comparison, engaged) masks: episodes still in treatment on day EARLY_DAYS,
    and among all episodes those with at least EARLY_CONTACTS contacts in that window."""
    in_comparison = frame.days >= early_days
    engaged = frame.early_contacts >= early_contacts
    return in_comparison, engaged


def compare_engagement(frame: EpisodeFrame, early_contacts: int, early_days: int) -> Comparison:
    """Return the two groups' curves and the log-rank test between them."""
    landmark, engaged = engagement_groups(frame, early_contacts, early_days)
    yes, no = landmark & engaged, landmark & ~engaged
    durations, events = frame.days.astype(float), frame.dropout
    statistic = p_value = None
    if yes.any() and no.any():
        test = logrank_test(durations[yes], durations[no], events[yes], events[no])
        statistic, p_value = float(test.test_statistic), float(test.p_value)
        if not math.isfinite(p_value):
            statistic = p_value = None
    return Comparison(
        early_contacts=early_contacts,
        early_days=early_days,
        engaged=kaplan_meier(durations[yes], events[yes], f"{early_contacts}+ contacts"),
        not_engaged=kaplan_meier(durations[no], events[no], f"Under {early_contacts} contacts"),
        statistic=statistic,
        p_value=p_value,
    )


def retention(filters: Filters, now: datetime) -> Retention:
    """Return every retention figure for FILTERS as of NOW (the pages, CSVs, API and report)."""
    frame = load_episodes(filters, now)
    return retention_of(frame, filters)


def retention_of(frame: EpisodeFrame, filters: Filters) -> Retention:
    return Retention(
        filters=filters,
        episodes=len(frame),
        open_episodes=int(np.count_nonzero(frame.is_open)),
        dropouts=int(np.count_nonzero(frame.dropout)),
        rates=retention_rates(frame),
        overall=kaplan_meier(frame.days.astype(float), frame.dropout, "All episodes"),
        comparison=compare_engagement(frame, filters.early_contacts, filters.early_days),
    )


__all__ = [
    "DROPOUT_REASONS",
    "PLANNED_REASONS",
    "TIMEPOINTS",
    "UNRELATED_REASONS",
    "Comparison",
    "Curve",
    "Retention",
    "RetentionRate",
    "retention",
]
