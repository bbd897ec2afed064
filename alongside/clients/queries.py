"""Set-level reads about clients shared by the web pages and the API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet

from alongside.audit import log as audit_log
from alongside.audit.models import Action
from alongside.clients.access import role_label
from alongside.clients.models import Assignment, Client, Episode


def with_current_care(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Prefetch each client's open episodes (with program) and current advocates.

    Adds `current_episodes` and `current_assignments` lists; two queries whatever the size.
    """
    return clients.prefetch_related(
        Prefetch(
            "episodes",
            queryset=Episode.objects.open().select_related("program").order_by("-admitted_at"),
            to_attr="current_episodes",
        ),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.current().select_related("advocate").order_by("started_at"),
            to_attr="current_assignments",
        ),
    )


def audit_list_view(user: Any, clients: Sequence[Client]) -> None:
    """Record one VIEW event per client shown in a list, in a single insert per tenant."""
    by_org: dict[int, list[audit_log.Event]] = {}
    for client in clients:
        by_org.setdefault(client.organization_id, []).append(
            audit_log.Event(
                action=Action.VIEW,
                object_type="client",
                object_public_id=client.public_id,
                organization_id=client.organization_id,
                client_id=client.pk,
                client_public_id=client.public_id,
                user=user,
                role=role_label(user, client.organization_id),
            )
        )
    for events in by_org.values():
        audit_log.record_many(events)
