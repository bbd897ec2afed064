"""The Kaplan-Meier estimates, their 95% bands and the log-rank test, on the demo center,
match an independent computation with statsmodels to 1e-6.

lifelines (which the pages use) bands S(t) with Greenwood's variance on the log(-log) scale
("exponential Greenwood"). statsmodels' `SurvfuncRight` gives S(t) and Greenwood's standard
error of S(t) but no pointwise band, so the test puts statsmodels' standard error on the same
log(-log) scale with the textbook formula: se(log(-log S)) = se(S) / (S |log S|), and the band
is exp(-exp(log(-log S) ± z se)). `simultaneous_cb` is a different (simultaneous) band and is
not comparable.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone
from scipy.stats import norm
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

from alongside.organizations.models import Organization
from alongside.outcomes.episodes import load_episodes
from alongside.outcomes.filters import parse_filters
from alongside.outcomes.retention import Curve, engagement_groups, retention_of

TOLERANCE = 1e-6


@pytest.fixture
def demo(db):
    """The demo center's episodes since 2020, loaded as the pages load them."""
    call_command("seed_demo", "--clients", "150", stdout=open("/dev/null", "w"))  # noqa: SIM115
    organization = Organization.objects.get(slug="demo")
    filters = parse_filters(organization, start="2020-01-01", end=None)
    now = timezone.now()
    frame = load_episodes(filters, now)
    return filters, frame, retention_of(frame, filters)


def statsmodels_curve(durations: np.ndarray, events: np.ndarray):
    fit = SurvfuncRight(durations, events.astype(int))
    s, se = fit.surv_prob, fit.surv_prob_se
    z = norm.ppf(0.975)
    lower, upper = [], []
    for prob, error in zip(s, se, strict=True):
        if prob <= 0 or prob >= 1:
            lower.append(prob)
            upper.append(prob)
            continue
        scale = math.log(-math.log(prob))
        spread = z * error / (prob * abs(math.log(prob)))
        lower.append(math.exp(-math.exp(scale + spread)))
        upper.append(math.exp(-math.exp(scale - spread)))
    return fit.surv_times, s, np.array(lower), np.array(upper)


def assert_same_curve(curve: Curve, durations: np.ndarray, events: np.ndarray) -> None:
    times, s, lower, upper = statsmodels_curve(durations, events)
    assert len(times) > 5, "too few events to be a meaningful check"
    index = {t: i for i, t in enumerate(curve.timeline)}
    for t, prob, lo, hi in zip(times, s, lower, upper, strict=True):
        i = index[float(t)]
        assert curve.survival[i] == pytest.approx(prob, abs=TOLERANCE), t
        assert curve.lower[i] == pytest.approx(lo, abs=TOLERANCE), t
        assert curve.upper[i] == pytest.approx(hi, abs=TOLERANCE), t


def test_curves_bands_and_log_rank_match_statsmodels_on_the_demo_center(demo):
    filters, frame, result = demo
    assert result.overall is not None and result.overall.events >= 20
    assert_same_curve(result.overall, frame.days.astype(float), frame.dropout)

    landmark, engaged = engagement_groups(frame, filters.early_contacts, filters.early_days)
    for curve, mask in (
        (result.comparison.engaged, landmark & engaged),
        (result.comparison.not_engaged, landmark & ~engaged),
    ):
        assert curve is not None and curve.n == int(mask.sum())
        assert_same_curve(curve, frame.days[mask].astype(float), frame.dropout[mask])

    chisq, p_value = survdiff(
        frame.days[landmark].astype(float),
        frame.dropout[landmark].astype(int),
        engaged[landmark].astype(int),
    )
    assert result.comparison.statistic == pytest.approx(chisq, abs=TOLERANCE)
    assert result.comparison.p_value == pytest.approx(p_value, abs=TOLERANCE)


def test_the_demo_center_shows_engagement_going_with_retention(demo):
    # The demo must look like a real program (issue 7, item 8): mixed discharge reasons and
    # more dropout among those hard to reach early.
    _filters, frame, result = demo
    assert len(set(frame.reasons.tolist()) - {""}) >= 4
    comparison = result.comparison
    engaged, not_engaged = comparison.engaged, comparison.not_engaged
    assert engaged is not None and not_engaged is not None
    assert not_engaged.events / not_engaged.n > engaged.events / engaged.n
    assert comparison.p_value is not None and comparison.p_value < 0.05
