"""Raising flags, opening alerts, routing them step by step, acknowledging and resolving.

Every write here runs inside a transaction with its audit row. `raise_flag` is called from
inside record_checkin()'s (and record_assessment()'s) transaction, so the flag, the alert,
its first routing and the notices to send are committed with the answers or not at all.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit.models import Action
from alongside.clients.access import audit_client_event
from alongside.clients.models import Client
from alongside.notifications.delivery import queue_notice
from alongside.notifications.models import Channel, Kind
from alongside.safety import routing
from alongside.safety.access import may_act_on
from alongside.safety.models import (
    ALERTING,
    NOTE_LENGTH,
    REASON_LENGTH,
    Alert,
    AlertRecipient,
    AlertState,
    RiskFlag,
    Severity,
)
from alongside.safety.rules import Finding

logger = logging.getLogger(__name__)

SEVERITY_RANK = {Severity.LOW: 0, Severity.MODERATE: 1, Severity.HIGH: 2}


def raise_flag(
    client: Client,
    finding: Finding,
    *,
    source_type: str = "",
    source_public_id: Any = None,
    raised_by: Any = None,
    now: datetime | None = None,
) -> RiskFlag:
    """Record FINDING as a flag on CLIENT; a moderate or high one opens an alert.

    No second alert opens while the client has an open (not yet taken) alert at least as
    severe: the people already being reached will see the new flag on it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        flag = RiskFlag.objects.create(
            organization_id=client.organization_id,
            client=client,
            severity=finding.severity,
            rule=finding.rule,
            reason=finding.reason[:REASON_LENGTH],
            source_type=source_type,
            source_public_id=source_public_id,
            raised_by=raised_by,
            created_at=now,
        )
        audit_client_event(raised_by, client, Action.CREATE, flag, object_type="risk_flag")
        if finding.severity in ALERTING and not _covered(client, finding.severity):
            open_alert(flag, now)
    return flag


def _covered(client: Client, severity: str) -> bool:
    rank = SEVERITY_RANK[Severity(severity)]
    open_severities = Alert.objects.filter(client=client, state=AlertState.OPEN).values_list(
        "severity", flat=True
    )
    return any(SEVERITY_RANK[Severity(s)] >= rank for s in open_severities)


def open_alert(flag: RiskFlag, now: datetime) -> Alert:
    """Open the alert for FLAG and route its first step (inside the caller's transaction)."""
    client = flag.client
    program = routing.program_of(client)
    interval = routing.interval_minutes(program)
    alert = Alert.objects.create(
        organization_id=client.organization_id,
        client=client,
        program=program,
        flag=flag,
        severity=flag.severity,
        owner=routing.first_owner(client, program, now),
        step=0,
        interval_minutes=interval,
        next_step_at=now + timedelta(minutes=interval),
        created_at=now,
    )
    audit_client_event(None, client, Action.CREATE, alert, object_type="alert")
    route_step(alert, 0, now)
    return alert


def route_step(alert: Alert, step: int, now: datetime) -> list[AlertRecipient]:
    """Record who ALERT reaches at STEP and queue their notices (caller's transaction).

    The notice keys name the alert, the step and the person, so a step replayed after a
    crash queues nothing twice.
    """
    routed = []
    for user, role in routing.recipients_for_step(alert, step, now):
        recipient, created = AlertRecipient.objects.get_or_create(
            alert=alert, user=user, step=step, defaults={"role": role, "routed_at": now}
        )
        if not created:
            continue
        routed.append(recipient)
        for channel, address in ((Channel.EMAIL, user.email), (Channel.SMS, user.phone)):
            if address:
                queue_notice(
                    alert.client,
                    kind=Kind.ALERT_FOR_STAFF,
                    channel=channel,
                    address=address,
                    dedupe_key=f"alert:{alert.pk}:step:{step}:user:{user.pk}:{channel}",
                    send_at=now,
                )
    return routed


def advance(alert_id: int, step: int, now: datetime) -> bool:
    """Move ALERT_ID from STEP to the next one if it is still open and due; return True if
    this call did it. The conditional update makes it happen once, whichever worker wins."""
    with transaction.atomic():
        alert = Alert.objects.select_related("client").get(pk=alert_id)
        if alert.next_step_at is None:
            return False
        next_at = alert.next_step_at + timedelta(minutes=alert.interval_minutes)
        moved = Alert.objects.filter(
            pk=alert_id, state=AlertState.OPEN, step=step, next_step_at__lte=now
        ).update(step=step + 1, next_step_at=next_at)
        if moved != 1:
            return False
        alert.step = step + 1
        route_step(alert, step + 1, now)
    return True


def escalate_due(now: datetime | None = None, limit: int = 500) -> int:
    """Advance every open alert whose next step is due, catching up missed steps; return
    how many steps were taken."""
    now = now or timezone.now()
    due = list(
        Alert.objects.filter(state=AlertState.OPEN, next_step_at__lte=now)
        .order_by("next_step_at")
        .values_list("pk", "step")[:limit]
    )
    taken = 0
    for alert_id, step in due:
        try:
            while advance(alert_id, step, now):
                taken += 1
                step += 1
        except Exception:
            # One alert that cannot be routed must not hold back the others, nor the notices
            # the sweeper sends after this: its step was rolled back, and it is tried again
            # next pass. The log names the alert's internal id only.
            logger.exception("could not escalate alert %s; retrying next pass", alert_id)
    return taken


def _clean_text(value: Any, field: str, *, required: str | None = None) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise ValidationError({field: required})
    if len(text) > NOTE_LENGTH:
        raise ValidationError({field: f"Use at most {NOTE_LENGTH} characters."})
    if "\x00" in text:
        raise ValidationError({field: "Remove the null character."})
    return text


def acknowledge(user: Any, alert: Alert, note: Any = "", *, now: datetime | None = None) -> Alert:
    """USER takes ALERT: escalation stops and USER becomes its owner.

    Raises PermissionDenied if USER may not act on it, ValidationError if it was already
    taken (the message names by whom) or the note is bad; nothing changes then.
    """
    now = now or timezone.now()
    if not may_act_on(user, alert):
        raise PermissionDenied
    text = _clean_text(note, "note")
    with transaction.atomic():
        taken = Alert.objects.filter(pk=alert.pk, state=AlertState.OPEN).update(
            state=AlertState.ACKNOWLEDGED,
            acknowledged_by=user,
            acknowledged_at=now,
            acknowledgement_note=text,
            owner=user,
            next_step_at=None,
        )
        alert.refresh_from_db()
        if taken != 1:
            raise ValidationError(f"{alert.acknowledged_by or 'Someone'} already took this alert.")
        audit_client_event(user, alert.client, Action.UPDATE, alert, object_type="alert")
    return alert


def resolve(user: Any, alert: Alert, resolution: Any, *, now: datetime | None = None) -> Alert:
    """USER closes ALERT, saying what was done. An alert not yet taken is taken by USER at
    the same moment: nothing closes without a named person."""
    now = now or timezone.now()
    if not may_act_on(user, alert):
        raise PermissionDenied
    text = _clean_text(resolution, "resolution", required="Say what was done.")
    with transaction.atomic():
        current = Alert.objects.select_for_update().get(pk=alert.pk)
        if current.state == AlertState.RESOLVED:
            raise ValidationError(f"{current.resolved_by} already resolved this alert.")
        if current.state == AlertState.OPEN:
            current.acknowledged_by, current.acknowledged_at = user, now
        current.state = AlertState.RESOLVED
        current.owner = user
        current.next_step_at = None
        current.resolved_by, current.resolved_at, current.resolution = user, now, text
        current.save()
        audit_client_event(user, current.client, Action.UPDATE, current, object_type="alert")
    return current


def raise_manual_flag(
    user: Any, client: Client, severity: Any, reason: Any, *, now: datetime | None = None
) -> RiskFlag:
    """A person raises a flag by hand (CLIENT from the access layer with RECORD)."""
    errors = {}
    if severity not in Severity.values:
        errors["severity"] = "Choose low, moderate or high."
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        errors["reason"] = "Say why, in a few words."
    elif len(text) > REASON_LENGTH:
        errors["reason"] = f"Use at most {REASON_LENGTH} characters."
    elif "\x00" in text:
        errors["reason"] = "Remove the null character."
    if errors:
        raise ValidationError(errors)
    return raise_flag(
        client,
        Finding("manual", severity, text),
        source_type="manual",
        raised_by=user,
        now=now,
    )
