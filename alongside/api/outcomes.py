"""/outcomes/retention and /outcomes/recovery-capital: the outcome figures for directors and
supervisors, computed by the same functions as the pages (`alongside/outcomes`), with the
same filters: `program` (public ids, repeatable), `start` and `end` (admission dates,
YYYY-MM-DD, the organization's calendar) and `early_contacts`. Counts and rates only.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from alongside.api.auth import caller
from alongside.api.errors import field_error
from alongside.api.schemas import Invalid, errors
from alongside.clients.models import DischargeReason
from alongside.outcomes.access import outcomes_reader
from alongside.outcomes.filters import Filters, parse_filters
from alongside.outcomes.rules import DROPOUT_REASONS

if TYPE_CHECKING:
    from alongside.outcomes.recovery import Change
    from alongside.outcomes.retention import Curve

router = Router(tags=["outcomes"])


class OutcomeFilters(Schema):
    program: list[UUID] = Field(
        default_factory=list, description="Program public ids; none means every program."
    )
    start: date | None = Field(None, description="First admission date (default: a year ago).")
    end: date | None = Field(None, description="Last admission date, inclusive (default: today).")
    early_contacts: int | None = Field(None, description="Early-engagement threshold (default 2).")


class RateOut(Schema):
    days: int
    retained: int
    lost: int
    denominator: int = Field(description="Retained + lost: the episodes whose outcome is known.")
    still_open_too_young: int
    ended_unrelated: int
    rate: float | None


class PointOut(Schema):
    day: float
    survival: float
    lower: float
    upper: float


class CurveOut(Schema):
    label: str
    n: int
    events: int
    median_days: float | None = Field(
        description="Null while more than half are still in treatment."
    )
    points: list[PointOut]


class ComparisonOut(Schema):
    early_contacts: int
    early_days: int
    engaged: CurveOut | None
    not_engaged: CurveOut | None
    logrank_statistic: float | None
    p_value: float | None


class RetentionOut(Schema):
    start: date
    end: date
    episodes: int
    open_episodes: int
    dropouts: int
    dropout_reasons: list[str] = Field(description="The discharge reasons counted as dropout.")
    rates: list[RateOut]
    overall: CurveOut | None
    comparison: ComparisonOut


class ChangeOut(Schema):
    label: str
    n: int
    mean_intake: float | None
    mean_latest: float | None
    mean_change: float | None
    ci_low: float | None
    ci_high: float | None
    reaching: int = Field(description="Latest total at or above the remission level (47).")
    share_reaching: float | None


class RecoveryCapitalOut(Schema):
    start: date
    end: date
    remission_level: int
    overall: ChangeOut
    by_program: list[ChangeOut]
    by_engagement: list[ChangeOut]


class BadFilters(Exception):
    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__("bad filters")
        self.problems = problems


def _filters(request: HttpRequest, query: OutcomeFilters) -> Filters:
    """Return the validated filters; BadFilters (422, located on the query parameters) for a
    bad date range, threshold or program. PermissionDenied (403) for anyone but a director
    or supervisor."""
    reader = outcomes_reader(caller(request))
    try:
        return parse_filters(
            reader.organization,
            start=query.start,
            end=query.end,
            programs=query.program,
            early_contacts=query.early_contacts,
        )
    except ValidationError as exc:
        raise BadFilters(
            [
                field_error(["query", name], message)
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from None


def _invalid(exc: BadFilters) -> Status[Invalid]:
    return Status(422, Invalid.model_validate({"detail": exc.problems}))


def curve_out(curve: Curve | None) -> dict[str, Any] | None:
    if curve is None:
        return None
    points = zip(curve.timeline, curve.survival, curve.lower, curve.upper, strict=True)
    return {
        "label": curve.label,
        "n": curve.n,
        "events": curve.events,
        "median_days": curve.median_days,
        "points": [{"day": t, "survival": s, "lower": lo, "upper": hi} for t, s, lo, hi in points],
    }


def change_out(change: Change) -> dict[str, Any]:
    return {
        "label": change.label,
        "n": change.n,
        "mean_intake": change.mean_intake,
        "mean_latest": change.mean_latest,
        "mean_change": change.mean_change,
        "ci_low": change.ci_low,
        "ci_high": change.ci_high,
        "reaching": change.reaching,
        "share_reaching": change.share_reaching,
    }


@router.get(
    "/outcomes/retention",
    response={200: RetentionOut, **errors(401, 403, 422)},
    summary="Retention at 30/60/90 days and Kaplan-Meier curves by early engagement",
)
def get_retention(
    request: HttpRequest, query: Query[OutcomeFilters]
) -> dict[str, Any] | Status[Invalid]:
    try:
        filters = _filters(request, query)
    except BadFilters as exc:
        return _invalid(exc)
    from alongside.outcomes.retention import retention  # numpy and lifelines: on first use

    result = retention(filters, timezone.now())
    c = result.comparison
    return {
        "start": filters.start,
        "end": filters.end,
        "episodes": result.episodes,
        "open_episodes": result.open_episodes,
        "dropouts": result.dropouts,
        "dropout_reasons": [v for v, _ in DischargeReason.choices if v in DROPOUT_REASONS],
        "rates": [
            {**r.__dict__, "denominator": r.denominator, "rate": r.rate} for r in result.rates
        ],
        "overall": curve_out(result.overall),
        "comparison": {
            "early_contacts": c.early_contacts,
            "early_days": c.early_days,
            "engaged": curve_out(c.engaged),
            "not_engaged": curve_out(c.not_engaged),
            "logrank_statistic": c.statistic,
            "p_value": c.p_value,
        },
    }


@router.get(
    "/outcomes/recovery-capital",
    response={200: RecoveryCapitalOut, **errors(401, 403, 422)},
    summary="Paired BARC-10 change from intake to latest",
)
def get_recovery_capital(
    request: HttpRequest, query: Query[OutcomeFilters]
) -> dict[str, Any] | Status[Invalid]:
    try:
        filters = _filters(request, query)
    except BadFilters as exc:
        return _invalid(exc)
    from alongside.outcomes.recovery import recovery_capital  # numpy: on first use

    result = recovery_capital(filters, timezone.now())
    return {
        "start": filters.start,
        "end": filters.end,
        "remission_level": result.remission_level,
        "overall": change_out(result.overall),
        "by_program": [change_out(c) for c in result.by_program],
        "by_engagement": [change_out(c) for c in result.by_engagement],
    }
