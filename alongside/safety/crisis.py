"""Crisis events: who sees them, recording one, the supervisor's sign-off, the follow-up.

After an alert, or any crisis, the advocate records what happened, how serious the risk
was, what they did and how it ended (`record_crisis_event`). A supervisor of the recording
advocate's team, or a director, reads it and signs it off once (`sign_off`); nobody signs
off their own record. A follow-up date puts the person on Today until someone marks it done
(`mark_follow_up_done`).

Reading follows the client access layer: anyone who can see the client reads their crisis
events. That includes clinicians in the client's program, as for safety plans: a clinician
who takes a warm handoff needs to know what happened and what was already done (need to
know). One addition: a supervisor keeps reading the events their team's advocates recorded
(and a director their organization's), so a review is not lost when a person moves to
another team. Writing needs RECORD on the client (the advocates and their supervisor).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, capabilities_for, visible_to
from alongside.clients.models import Client
from alongside.lib.zones import local_date
from alongside.organizations.models import Membership, Role
from alongside.organizations.staff import memberships_of
from alongside.safety.access import alerts_visible_to
from alongside.safety.models import (
    CRISIS_TEXT_LENGTH,
    NOTE_LENGTH,
    REASON_LENGTH,
    Alert,
    CrisisAction,
    CrisisEvent,
    Severity,
)

OBJECT_TYPE = "crisis_event"
# Recorded after the fact; a phone clock a few minutes fast must not refuse a crisis that
# just ended (as for contacts).
FUTURE_TOLERANCE = timedelta(minutes=5)
# A follow-up further out than this is almost certainly a typo in the year.
FOLLOW_UP_HORIZON = timedelta(days=366)


# --- Who sees what ---------------------------------------------------------------------------


def _review_scope(user: Any) -> Q | None:
    """Return the filter on CrisisEvent for the events USER reviews; None if none.

    A director reviews their organization's; a supervisor those recorded by the advocates on
    their team. Each membership counts inside its own organization only.
    """
    scope: Q | None = None
    for membership in memberships_of(user):
        org_id = membership.organization_id
        if membership.role == Role.DIRECTOR:
            rule = Q(organization_id=org_id)
        elif membership.role == Role.SUPERVISOR:
            team = (
                Membership.objects.active()
                .filter(organization_id=org_id, role=Role.PRA, supervisor_id=user.pk)
                .values("user_id")
            )
            rule = Q(organization_id=org_id, recorded_by_id__in=team)
        else:
            continue
        scope = rule if scope is None else scope | rule
    return scope


def reviewable_by(user: Any) -> QuerySet[CrisisEvent]:
    """Return the events USER may sign off (whether or not already signed): never their own."""
    scope = _review_scope(user)
    if scope is None:
        return CrisisEvent.objects.none()
    return CrisisEvent.objects.filter(scope).exclude(recorded_by_id=user.pk)


def crisis_events_visible_to(user: Any) -> QuerySet[CrisisEvent]:
    """Return the crisis events USER may read (empty for anonymous users and administrators)."""
    if user is None or not user.is_authenticated:
        return CrisisEvent.objects.none()
    readable = Q(client__in=visible_to(user))
    scope = _review_scope(user)
    if scope is not None:
        readable |= scope
    return CrisisEvent.objects.filter(readable)


def get_crisis_event_for(user: Any, public_id: uuid.UUID | str) -> CrisisEvent:
    """Return the event with PUBLIC_ID if USER may read it (audited as a view); Http404
    otherwise, for missing and out-of-scope alike."""
    try:
        event = (
            crisis_events_visible_to(user)
            .select_related(
                "client", "recorded_by", "reviewed_by", "follow_up_done_by", "alert__flag"
            )
            .get(public_id=public_id)
        )
    except (CrisisEvent.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such crisis event") from None
    audit_client_event(user, event.client, Action.VIEW, event, object_type=OBJECT_TYPE)
    return event


def may_sign_off(user: Any, event: CrisisEvent) -> bool:
    return reviewable_by(user).filter(pk=event.pk).exists()


def may_record(user: Any, client: Client) -> bool:
    return Capability.RECORD in capabilities_for(user, client)


def find_alert(user: Any, client: Client, alert_public_id: Any) -> Alert | None:
    """Return CLIENT's alert with ALERT_PUBLIC_ID if USER can see it; None otherwise."""
    try:
        return alerts_visible_to(user).filter(client=client, public_id=alert_public_id).first()
    except (ValueError, ValidationError):
        return None


def events_of(client: Client) -> QuerySet[CrisisEvent]:
    """CLIENT's crisis events, latest first (CLIENT from the access layer)."""
    return (
        CrisisEvent.objects.filter(client=client)
        .select_related("recorded_by", "reviewed_by")
        .order_by("-occurred_at", "-id")
    )


def review_queue(user: Any) -> QuerySet[CrisisEvent]:
    """Events waiting for USER's sign-off, the longest waiting first."""
    return (
        reviewable_by(user)
        .filter(reviewed_at__isnull=True)
        .select_related("client", "recorded_by")
        .order_by("created_at", "id")
    )


# --- Recording -------------------------------------------------------------------------------


@dataclass
class CrisisDetails:
    what_happened: str
    risk_level: str
    actions: list[str]
    outcome: str
    actions_other: str = ""
    occurred_at: datetime | None = None
    follow_up_on: date | None = None
    alert_id: uuid.UUID | str | None = None


def _text(value: Any, limit: int, *, required: str | None = None) -> tuple[str, str | None]:
    """Return VALUE stripped and the problem with it, if any."""
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        return text, required
    if len(text) > limit:
        return text, f"Use at most {limit:,} characters."
    if "\x00" in text:
        return text, "Remove the null character."
    return text, None


def _clean(details: CrisisDetails, client: Client, now: datetime) -> dict[str, Any]:
    """Return the fields to save; raise ValidationError naming every bad field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name, required in (
        ("what_happened", "Say what happened."),
        ("outcome", "Say how it ended, for now."),
    ):
        values[name], problem = _text(getattr(details, name), CRISIS_TEXT_LENGTH, required=required)
        if problem:
            errors[name] = problem
    values["actions_other"], problem = _text(details.actions_other, REASON_LENGTH)
    if problem:
        errors["actions_other"] = problem

    if details.risk_level not in Severity.values:
        errors["risk_level"] = "Choose low, moderate or high."
    values["risk_level"] = details.risk_level

    given = details.actions if isinstance(details.actions, list | tuple) else [details.actions]
    unknown = [code for code in given if not (isinstance(code, str) and code in CrisisAction)]
    chosen = {code for code in given if code not in unknown}
    if values["actions_other"]:
        # Writing what else was done is saying something else was done.
        chosen.add(CrisisAction.OTHER.value)
    if unknown:
        errors["actions"] = "Choose from the list."
    elif not chosen:
        errors["actions"] = "Tick at least one thing you did."
    elif CrisisAction.OTHER in chosen and not values["actions_other"]:
        errors["actions_other"] = "Say what else you did."
    # Stored in the form's order, whatever order they were ticked or sent in.
    values["actions"] = [code for code in CrisisAction.values if code in chosen]

    occurred_at = details.occurred_at or now
    if timezone.is_naive(occurred_at):
        errors["occurred_at"] = "Give the time with its time zone."
    elif occurred_at > now + FUTURE_TOLERANCE:
        errors["occurred_at"] = "A crisis cannot be recorded in the future."
    values["occurred_at"] = occurred_at

    if details.follow_up_on is not None:
        today = local_date(client.time_zone, now)
        if details.follow_up_on < today:
            errors["follow_up_on"] = "Choose today or a later day."
        elif details.follow_up_on > today + FOLLOW_UP_HORIZON:
            errors["follow_up_on"] = "Choose a day within the next year."
    values["follow_up_on"] = details.follow_up_on

    if errors:
        raise ValidationError(errors)
    return values


def record_crisis_event(
    actor: Any, client: Client, details: CrisisDetails, *, now: datetime | None = None
) -> CrisisEvent:
    """Record a crisis event by ACTOR about CLIENT (from the access layer); return it.

    Raises PermissionDenied unless ACTOR may record for CLIENT; ValidationError, by field,
    for bad input, for an alert that is not CLIENT's or not visible to ACTOR (`alert_id`),
    or for an alert whose crisis is already recorded. Nothing is saved then.
    """
    now = now or timezone.now()
    if not may_record(actor, client):
        raise PermissionDenied
    alert = find_alert(actor, client, details.alert_id) if details.alert_id else None
    errors: dict[str, list[str]] = {}
    try:
        values = _clean(details, client, now)
    except ValidationError as error:
        errors.update(error.message_dict)
    if details.alert_id and alert is None:
        errors["alert_id"] = ["That alert is not one of this person's."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if alert is not None:
            # One record per alert: the lock makes a second recorder wait, then see the first.
            Alert.objects.select_for_update().get(pk=alert.pk)
            if CrisisEvent.objects.filter(alert=alert).exists():
                raise ValidationError(
                    {"alert_id": "What happened after this alert is already recorded."}
                )
        event = CrisisEvent.objects.create(
            organization_id=client.organization_id,
            client=client,
            alert=alert,
            recorded_by=actor,
            created_at=now,
            **values,
        )
        audit_client_event(actor, client, Action.CREATE, event, object_type=OBJECT_TYPE)
    return event


# --- Review and follow-up --------------------------------------------------------------------


def sign_off(
    supervisor: Any, event: CrisisEvent, note: Any = "", *, now: datetime | None = None
) -> CrisisEvent:
    """SUPERVISOR signs EVENT off, with an optional NOTE; return it.

    Only a supervisor of the recording advocate's team or a director of the organization,
    never the person who recorded it (PermissionDenied). Once only: a second sign-off, even
    one racing the first, is a ValidationError naming who signed; nothing changes then.
    """
    now = now or timezone.now()
    if not may_sign_off(supervisor, event):
        raise PermissionDenied
    text, problem = _text(note, NOTE_LENGTH)
    if problem:
        raise ValidationError({"note": problem})
    with transaction.atomic():
        signed = CrisisEvent.objects.filter(pk=event.pk, reviewed_at__isnull=True).update(
            reviewed_by=supervisor, reviewed_at=now, review_note=text
        )
        event.refresh_from_db()
        if signed != 1:
            raise ValidationError(f"{event.reviewed_by} already signed this off.")
        audit_client_event(supervisor, event.client, Action.UPDATE, event, object_type=OBJECT_TYPE)
    return event


def mark_follow_up_done(
    actor: Any, event: CrisisEvent, *, now: datetime | None = None
) -> CrisisEvent:
    """ACTOR (with RECORD on the client) says EVENT's follow-up happened; Today clears.

    Raises PermissionDenied without RECORD; ValidationError when no follow-up was set or it
    is already done (naming by whom).
    """
    now = now or timezone.now()
    if not may_record(actor, event.client):
        raise PermissionDenied
    with transaction.atomic():
        done = CrisisEvent.objects.filter(
            pk=event.pk, follow_up_on__isnull=False, follow_up_done_at__isnull=True
        ).update(follow_up_done_at=now, follow_up_done_by=actor)
        event.refresh_from_db()
        if done != 1:
            if event.follow_up_on is None:
                raise ValidationError("No follow-up was set for this crisis.")
            raise ValidationError(f"{event.follow_up_done_by} already marked the follow-up done.")
        audit_client_event(actor, event.client, Action.UPDATE, event, object_type=OBJECT_TYPE)
    return event
