"""/outcomes/followups: the aftercare follow-up rate per timepoint, computed by the same
function as the page (`alongside.aftercare.queries.followup_rates`), with the outcome
filters: `program` (public ids, repeatable), `start` and `end` (due dates, YYYY-MM-DD, the
organization's calendar; default the last year). Counts and rates only; directors and
supervisors.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from alongside.aftercare.queries import RATE_RULE, TARGET_RATE, followup_rates
from alongside.aftercare.schedule import WINDOW_RULE
from alongside.api.auth import caller
from alongside.api.errors import field_error
from alongside.api.schemas import Invalid, errors
from alongside.outcomes.access import outcomes_reader
from alongside.outcomes.filters import parse_filters

router = Router(tags=["outcomes"])


class FollowupFilters(Schema):
    program: list[UUID] = Field(
        default_factory=list, description="Program public ids; none means every program."
    )
    start: date | None = Field(None, description="First due date (default: a year ago).")
    end: date | None = Field(None, description="Last due date, inclusive (default: today).")


class TimepointOut(Schema):
    days: int = Field(description="Days after discharge.")
    due: int
    attempted: int
    reached: int
    completed: int = Field(description="Reached, or closed after the window without reaching.")
    rate: float | None = Field(description="Reached / completed; null when none completed.")


class FollowupsOut(Schema):
    start: date
    end: date
    target: float = Field(description="The rate funders commonly expect (0.8).")
    rule: str
    window_rule: str
    timepoints: list[TimepointOut]


@router.get(
    "/outcomes/followups",
    response={200: FollowupsOut, **errors(401, 403, 422)},
    summary="Aftercare follow-up rates per timepoint",
)
def get_followups(
    request: HttpRequest, query: Query[FollowupFilters]
) -> dict[str, Any] | Status[Invalid]:
    reader = outcomes_reader(caller(request))
    try:
        filters = parse_filters(
            reader.organization, start=query.start, end=query.end, programs=query.program
        )
    except ValidationError as exc:
        problems = [
            field_error(["query", name], message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
        return Status(422, Invalid.model_validate({"detail": problems}))
    program_ids = list(filters.program_ids) if filters.program_ids is not None else None
    rates = followup_rates(
        reader.organization, program_ids=program_ids, start=filters.start, end=filters.end
    )
    return {
        "start": filters.start,
        "end": filters.end,
        "target": TARGET_RATE,
        "rule": RATE_RULE,
        "window_rule": WINDOW_RULE,
        "timepoints": [r.__dict__ for r in rates],
    }
