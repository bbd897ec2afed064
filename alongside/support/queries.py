"""Reads about support contacts for pages and the API."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery

from alongside.clients.models import Client
from alongside.support.models import Encounter


def with_last_contact(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Annotate `last_contact_at`: the newest encounter per client (served by the
    (client, -occurred_at) index, one index probe per client)."""
    newest = Encounter.objects.filter(client=OuterRef("pk")).order_by("-occurred_at")
    return clients.annotate(last_contact_at=Subquery(newest.values("occurred_at")[:1]))


def last_contacts(client_ids: list[int]) -> dict[int, datetime]:
    """Return {client id: time of their latest contact} for CLIENT_IDS, in one grouped query."""
    rows = (
        Encounter.objects.filter(client_id__in=client_ids)
        .values("client_id")
        .annotate(latest=Max("occurred_at"))
    )
    return {row["client_id"]: row["latest"] for row in rows}


def timeline(client: Client) -> QuerySet[Encounter]:
    """Return CLIENT's contacts, newest first, with the advocate who logged each."""
    return Encounter.objects.filter(client=client).select_related("advocate").timeline()


def contacts_since(
    organization_id: int, advocate_ids: list[int], since: datetime
) -> dict[int, int]:
    """Return {advocate id: contacts in the organization since SINCE} in one grouped query.

    Only the organization's own contacts count: an advocate may also work elsewhere.
    """
    rows = (
        Encounter.objects.filter(
            organization_id=organization_id, advocate_id__in=advocate_ids, occurred_at__gte=since
        )
        .values("advocate_id")
        .annotate(n=Count("id"))
    )
    return {row["advocate_id"]: row["n"] for row in rows}
