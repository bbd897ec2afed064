"""/alerts: the caller's alerts, taking one and resolving one. Same services as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from alongside.api.auth import caller
from alongside.api.clients import person
from alongside.api.errors import FieldError
from alongside.api.pagination import Page, PageParams, paginate
from alongside.api.schemas import PersonRef, errors
from alongside.clients.queries import audit_list_view
from alongside.safety import services
from alongside.safety.access import alerts_visible_to, get_alert_for
from alongside.safety.models import NOTE_LENGTH, Alert, AlertState

router = Router(tags=["alerts"])


class AlertOut(Schema):
    id: UUID
    client_id: UUID
    severity: str = Field(description='"moderate" or "high".')
    reason: str
    created_at: datetime
    state: str = Field(description='"open" (waiting for someone), "acknowledged" or "resolved".')
    owner: PersonRef
    step: int = Field(description="How many times it has escalated.")
    next_step_at: datetime | None = Field(description="When it escalates next if still open.")
    acknowledged_by: PersonRef | None
    acknowledged_at: datetime | None
    resolved_by: PersonRef | None
    resolved_at: datetime | None
    resolution: str | None


class AcknowledgeIn(Schema):
    note: str = Field("", max_length=NOTE_LENGTH)


class ResolveIn(Schema):
    resolution: str = Field(description="What was done.", max_length=NOTE_LENGTH)


def alert_out(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.public_id,
        "client_id": alert.client.public_id,
        "severity": alert.severity,
        "reason": alert.flag.reason,
        "created_at": alert.created_at,
        "state": alert.state,
        "owner": person(alert.owner),
        "step": alert.step,
        "next_step_at": alert.next_step_at,
        "acknowledged_by": person(alert.acknowledged_by) if alert.acknowledged_by else None,
        "acknowledged_at": alert.acknowledged_at,
        "resolved_by": person(alert.resolved_by) if alert.resolved_by else None,
        "resolved_at": alert.resolved_at,
        "resolution": alert.resolution or None,
    }


@router.get(
    "/alerts",
    response={200: Page[AlertOut], **errors(401, 422)},
    summary="Your alerts: those routed to you and those of clients you can see",
)
def list_alerts(
    request: HttpRequest, page: Query[PageParams], state: str = "open"
) -> dict[str, Any]:
    """`state` is "open" (default), "acknowledged", "resolved" or "all"; newest first."""
    user = caller(request)
    alerts = alerts_visible_to(user).select_related(
        "client", "flag", "owner", "acknowledged_by", "resolved_by"
    )
    if state != "all":
        if state not in AlertState.values:
            raise FieldError("state", 'Use "open", "acknowledged", "resolved" or "all".')
        alerts = alerts.filter(state=state)
    rows, count = paginate(alerts.order_by("-created_at", "-id"), page)
    audit_list_view(user, [alert.client for alert in rows])
    return {"items": [alert_out(alert) for alert in rows], "count": count}


@router.post(
    "/alerts/{id}/acknowledge",
    response={200: AlertOut, **errors(401, 403, 404, 422)},
    summary="Take an alert: escalation stops and you become its owner",
)
def acknowledge_alert(request: HttpRequest, id: UUID, payload: AcknowledgeIn) -> dict[str, Any]:
    user = caller(request)
    alert = get_alert_for(user, id)
    return alert_out(services.acknowledge(user, alert, payload.note))


@router.post(
    "/alerts/{id}/resolve",
    response={200: AlertOut, **errors(401, 403, 404, 422)},
    summary="Resolve an alert, saying what was done (takes it too, if nobody had)",
)
def resolve_alert(request: HttpRequest, id: UUID, payload: ResolveIn) -> dict[str, Any]:
    user = caller(request)
    alert = get_alert_for(user, id)
    return alert_out(services.resolve(user, alert, payload.resolution))
