"""Recording assessments: the one way a response enters the system.

The portal (the client answers), the staff page (an advocate gives it with them), the API,
commands and tests all call `record_assessment()`. The answers are scored by the pure
`scoring.score()` and saved with their audit row in one transaction; the risk rules (PHQ-9
item 9 above 0 raises a high-severity flag and an alert) go inside that same transaction, so
a flag and its alert are saved with the answers or not at all (DESIGN.md §4.3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.assessments.catalog import INSTRUMENTS, get_instrument
from alongside.assessments.instruments import Instrument
from alongside.assessments.models import AssessmentResponse, Sex
from alongside.assessments.scoring import score
from alongside.audit.models import Action
from alongside.clients.access import audit_client_event, require_recorder
from alongside.clients.models import Client
from alongside.safety.rules import assessment_rules

# A phone's clock a few minutes fast must not turn away answers given just now.
FUTURE_TOLERANCE = timedelta(minutes=5)


def instrument_for(key: Any) -> Instrument:
    """Return the latest version of the instrument KEY; ValidationError on "instrument" if
    there is none."""
    try:
        return get_instrument(str(key))
    except LookupError:
        known = ", ".join(sorted({instrument.key for instrument in INSTRUMENTS}))
        raise ValidationError(
            {"instrument": _("Choose one of the instruments: %(known)s.") % {"known": known}},
            code="unknown_instrument",
        ) from None


def answers_from_list(instrument: Instrument, values: Sequence[Any]) -> dict[str, Any]:
    """Return VALUES (one per item, in the instrument's order, None for a skipped item) as
    {item key: value}. Raises ValidationError on "answers" when the count is wrong: a short
    list cannot say which item was skipped."""
    if len(values) != len(instrument.items):
        raise ValidationError(
            {
                "answers": _(
                    "Give %(count)d answers, one per question in order (null for a skipped "
                    "question)."
                )
                % {"count": len(instrument.items)}
            },
            code="wrong_count",
        )
    return {item.key: value for item, value in zip(instrument.items, values, strict=True)}


def _check_context(
    instrument: Instrument, sex: str | None, occurred_at: datetime | None
) -> dict[str, Any]:
    """Return the problems with SEX and OCCURRED_AT, by field."""
    errors: dict[str, Any] = {}
    if sex:
        if not instrument.bands_by_sex:
            errors["sex"] = _("Leave sex out: only AUDIT-C uses it.")
        elif sex not in Sex.values:
            errors["sex"] = _("Sex must be female, male or left blank.")
    if occurred_at is not None and timezone.is_naive(occurred_at):
        errors["occurred_at"] = _("Give the time with its time zone.")
    elif occurred_at is not None and occurred_at > timezone.now() + FUTURE_TOLERANCE:
        errors["occurred_at"] = _("An assessment cannot be in the future.")
    return errors


def record_assessment(
    actor: Any,
    client: Client,
    instrument_key: str,
    answers: Mapping[str, int | None],
    *,
    sex: str | None = None,
    source: str,
    occurred_at: datetime | None = None,
) -> AssessmentResponse:
    """Record CLIENT's ANSWERS ({item key: value; None or absent when skipped}) to the
    latest version of INSTRUMENT_KEY, given by ACTOR at OCCURRED_AT (default now); return
    the saved response. SEX ("female", "male", or None) is for AUDIT-C only.

    ACTOR is the client themself (their own portal account) or staff with the RECORD
    capability for CLIENT. A skipped item is allowed: the response is saved without a total
    (never scored as 0); skipping every item is refused. Raises PermissionDenied if ACTOR
    may not record for CLIENT, ValidationError keyed by field ("instrument", "answers",
    "sex", "occurred_at") or by item key ("q9") for bad input — nothing is saved — and
    ValueError for a SOURCE the caller may not use.
    """
    require_recorder(actor, client, source, what="assessment")
    instrument = instrument_for(instrument_key)
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": _("Give the answers by question.")}, code="invalid")
    errors = _check_context(instrument, sex, occurred_at)
    try:
        result = score(instrument, answers, sex=sex or None)
    except ValidationError as error:
        errors |= error.error_dict
    else:
        if all(value is None for value in result.answers.values()):
            # Nothing answered records nothing: it is a mistake, not a response.
            errors["answers"] = _("Answer at least one question.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        response = AssessmentResponse.objects.create(
            organization_id=client.organization_id,
            client=client,
            instrument=instrument.key,
            version=instrument.version,
            answers=dict(result.answers),
            sex=sex or "",
            total=result.total,
            band=result.band_key or "",
            flags=list(result.flags),
            source=source,
            occurred_at=occurred_at or timezone.now(),
            created_by=actor,
        )
        audit_client_event(actor, client, Action.CREATE, response)
        # The risk rules, in this transaction: PHQ-9 item 9 above 0 opens a high alert with
        # the answers or not at all (DESIGN.md §4.3).
        response.risk_flags = assessment_rules(response, result)  # type: ignore[attr-defined]
    return response
