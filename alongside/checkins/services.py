"""Recording check-ins: the one way a check-in enters the system.

The portal, the staff page (a check-in taken during a phone call), the API, commands and
tests all call `record_checkin()`. Later issues add the risk rules (safety answers, craving
spikes, reported use) inside its transaction, so a flag and its alert are saved with the
answers or not at all (DESIGN.md §4.3).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit.models import Action
from alongside.checkins.models import (
    CRAVING_MAX,
    CRAVING_MIN,
    SLEEP_HOURS_MAX,
    SUBSTANCE_LENGTH,
    WENT_WELL_LENGTH,
    CheckIn,
    Mood,
    SleepQuality,
    local_date_of,
)
from alongside.clients.access import audit_client_event, require_recorder
from alongside.clients.models import Client

# A phone's clock a few minutes fast must not turn away a check-in given just now.
FUTURE_TOLERANCE = timedelta(minutes=5)
# Sleep is reported roughly; a tenth of an hour (6 minutes) is finer than anyone remembers.
SLEEP_STEP = Decimal("0.1")


@dataclass
class CheckInAnswers:
    """What the person said. Only mood (1 to 5) and craving (0 to 10) are required."""

    mood: int | None
    craving: int | None
    used_since_last: bool = False
    substance: str = ""
    sleep_hours: Decimal | None = None
    sleep_quality: str = ""
    went_well: str = ""
    wants_contact: bool = False
    safety_concern: bool = False
    overdose: bool = False


# Run inside record_checkin()'s transaction, after the row is saved: the risk rules. The
# safety app registers them at start-up (safety/apps.py) so that checkins need not import
# safety, which reads check-ins; a test proves a "yes" to the safety question raises an
# alert through record_checkin(). Each returns the flags it raised.
AFTER_RECORD: list[Callable[[Any, CheckIn], list[Any]]] = []


def _is_whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sleep_hours(value: Any) -> Decimal | None:
    """Return VALUE as hours rounded to a tenth; raise ValueError if it is not 0 to 24."""
    if value is None:
        return None
    try:
        hours = Decimal(str(value))
    except InvalidOperation:
        raise ValueError from None
    if not hours.is_finite() or not 0 <= hours <= SLEEP_HOURS_MAX:
        raise ValueError
    return hours.quantize(SLEEP_STEP, rounding=ROUND_HALF_UP)


def _check_text(errors: dict[str, str], field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[field] = f"Use at most {limit} characters."
    elif "\x00" in value:
        # PostgreSQL cannot store it in text; the forms refuse it too.
        errors[field] = "Remove the null character."


def _clean(answers: CheckInAnswers, occurred_at: datetime | None) -> CheckInAnswers:
    """Return ANSWERS with text trimmed and sleep rounded; raise ValidationError by field."""
    errors: dict[str, str] = {}
    if not _is_whole_number(answers.mood) or answers.mood not in Mood.values:
        errors["mood"] = "Choose a mood from 1 (very low) to 5 (great)."
    if not _is_whole_number(answers.craving) or not (
        CRAVING_MIN <= answers.craving <= CRAVING_MAX  # type: ignore[operator]
    ):
        errors["craving"] = "Choose a craving level from 0 (none) to 10 (strongest)."
    substance = answers.substance.strip()
    _check_text(errors, "substance", substance, SUBSTANCE_LENGTH)
    if substance and not answers.used_since_last:
        errors["substance"] = (
            "Leave the substance empty unless use since the last check-in is marked."
        )
    sleep_hours = None
    try:
        sleep_hours = _sleep_hours(answers.sleep_hours)
    except ValueError:
        errors["sleep_hours"] = "Sleep must be between 0 and 24 hours."
    if answers.sleep_quality and answers.sleep_quality not in SleepQuality.values:
        errors["sleep_quality"] = "Choose poor, OK or good."
    went_well = answers.went_well.strip()
    _check_text(errors, "went_well", went_well, WENT_WELL_LENGTH)
    if occurred_at is not None and timezone.is_naive(occurred_at):
        errors["occurred_at"] = "Give the time of the check-in with its time zone."
    elif occurred_at is not None and occurred_at > timezone.now() + FUTURE_TOLERANCE:
        errors["occurred_at"] = "A check-in cannot be in the future."
    if errors:
        raise ValidationError(errors)
    return CheckInAnswers(
        mood=answers.mood,
        craving=answers.craving,
        used_since_last=bool(answers.used_since_last),
        substance=substance,
        sleep_hours=sleep_hours,
        sleep_quality=answers.sleep_quality,
        went_well=went_well,
        wants_contact=bool(answers.wants_contact),
        safety_concern=bool(answers.safety_concern),
        overdose=bool(answers.overdose),
    )


def record_checkin(
    actor: Any,
    client: Client,
    answers: CheckInAnswers,
    *,
    source: str,
    occurred_at: datetime | None = None,
) -> CheckIn:
    """Record CLIENT's check-in, given by ACTOR at OCCURRED_AT (default now); return it.

    ACTOR is the client themself (their own portal account) or staff with the RECORD
    capability for CLIENT. The check-in belongs to CLIENT's local date at OCCURRED_AT; if that
    day already has one, it is updated with these answers (latest answers win) and audited as
    an update, otherwise a new one is created and audited as a create.

    Raises PermissionDenied if ACTOR may not record for CLIENT, ValidationError (by field)
    for bad answers — nothing is saved — and ValueError for a SOURCE the caller may not use.
    Answers saying the person used since the last check-in are accepted like any other: the
    calling page shows a non-judgemental follow-up.
    """
    require_recorder(actor, client, source, what="check-in")
    cleaned = _clean(answers, occurred_at)
    with transaction.atomic():
        # Check-ins of one client are written one at a time: the one-per-day rule (and the
        # risk rules that will read earlier check-ins) must not race a concurrent submission.
        Client.objects.select_for_update().filter(pk=client.pk).exists()
        # "Now" is read after the lock, so of two near-simultaneous submissions the one
        # saved last also has the later time.
        moment = occurred_at or timezone.now()
        day = local_date_of(client, moment)
        values = {
            "occurred_at": moment,
            "mood": cleaned.mood,
            "craving": cleaned.craving,
            "used_since_last": cleaned.used_since_last,
            "substance": cleaned.substance,
            "sleep_hours": cleaned.sleep_hours,
            "sleep_quality": cleaned.sleep_quality,
            "went_well": cleaned.went_well,
            "wants_contact": cleaned.wants_contact,
            "safety_concern": cleaned.safety_concern,
            "overdose": cleaned.overdose,
            "source": source,
            "recorded_by": actor,
        }
        checkin = CheckIn.objects.filter(client=client, local_date=day).first()
        if checkin is None:
            checkin = CheckIn.objects.create(
                organization_id=client.organization_id, client=client, local_date=day, **values
            )
            action = Action.CREATE
        else:
            for name, value in values.items():
                setattr(checkin, name, value)
            checkin.save()
            action = Action.UPDATE
        audit_client_event(actor, client, action, checkin)
        checkin.flags = [flag for hook in AFTER_RECORD for flag in hook(actor, checkin)]  # type: ignore[attr-defined]
    return checkin
