"""Who sees and acts on alerts.

An alert is visible to the people it was routed to (the person on call may not have the
client on their caseload: the alert page shows them what they need to reach the person,
audited) and to staff who can see the client through the access layer. Acting on it
(taking it, resolving it) needs the same: a named person who was asked, or the client's
own care team (RECORD or MANAGE).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, capabilities_for, visible_to
from alongside.safety.models import Alert, AlertRecipient

ACTING = frozenset({Capability.RECORD, Capability.MANAGE})


def alerts_visible_to(user: Any) -> QuerySet[Alert]:
    if user is None or not user.is_authenticated:
        return Alert.objects.none()
    routed = AlertRecipient.objects.filter(alert=OuterRef("pk"), user_id=user.pk)
    return Alert.objects.filter(Q(Exists(routed)) | Q(client__in=visible_to(user)))


def get_alert_for(user: Any, public_id: uuid.UUID | str) -> Alert:
    """Return the alert with PUBLIC_ID if USER may see it (audited); Http404 otherwise."""
    try:
        alert = (
            alerts_visible_to(user)
            .select_related("client", "flag", "owner")
            .get(public_id=public_id)
        )
    except (Alert.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such alert") from None
    audit_client_event(user, alert.client, Action.VIEW, alert, object_type="alert")
    return alert


def may_act_on(user: Any, alert: Alert) -> bool:
    if AlertRecipient.objects.filter(alert=alert, user_id=user.pk).exists():
        return True
    return bool(ACTING & capabilities_for(user, alert.client))
