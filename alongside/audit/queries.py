"""Reading the audit log back: the audit review's filters, break-glass grants awaiting review,
and the last stored check of each chain.

Every read here starts from the chains (organizations) the reader reviews. The indexes in
`AccessEvent.Meta` are shaped for exactly these filters; `bench/audit_review.py` times them on
a million rows and the tests check that the planner uses them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from alongside.audit.models import AccessEvent, BreakGlassGrant, ChainCheck


@dataclass(frozen=True)
class AuditFilter:
    """What a reviewer asks of the log; every field is optional."""

    user_id: int | None = None
    client_public_id: uuid.UUID | None = None
    action: str = ""
    outcome: str = ""
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    break_glass_only: bool = False
    oldest_first: bool = False


def events_for_review(chains: Sequence[int], wanted: AuditFilter) -> QuerySet[AccessEvent]:
    """Return the events of CHAINS matching WANTED, newest first unless asked otherwise.

    "Who accessed this client" is `client_public_id` (index audit_client_time); "what did
    this person access between T1 and T2" is `user_id` with `since`/`until`
    (audit_user_time); anything else walks audit_chain_time from the requested end.
    """
    if not chains:
        return AccessEvent.objects.none()
    # One chain is the usual case; an equality keeps every planner on the composite index.
    if len(chains) == 1:
        events = AccessEvent.objects.filter(chain=chains[0])
    else:
        events = AccessEvent.objects.filter(chain__in=list(chains))
    if wanted.client_public_id is not None:
        events = events.filter(client_public_id=wanted.client_public_id)
    if wanted.user_id is not None:
        events = events.filter(user_id=wanted.user_id)
    if wanted.action:
        events = events.filter(action=wanted.action)
    if wanted.outcome:
        events = events.filter(outcome=wanted.outcome)
    if wanted.since is not None:
        events = events.filter(occurred_at__gte=wanted.since)
    if wanted.until is not None:
        events = events.filter(occurred_at__lt=wanted.until)
    if wanted.break_glass_only:
        events = events.filter(grant_public_id__isnull=False)
    if wanted.oldest_first:
        return events.order_by("occurred_at", "id")
    return events.order_by("-occurred_at", "-id")


def grants_awaiting_review(organization_ids: Sequence[int]) -> QuerySet[BreakGlassGrant]:
    """Return the organizations' break-glass grants nobody has signed off, oldest first (so
    nothing sinks out of sight); index breakglass_awaiting_review."""
    return (
        BreakGlassGrant.objects.awaiting_review()
        .filter(organization_id__in=list(organization_ids))
        .order_by("started_at", "id")
    )


def grants_signed_off(organization_ids: Sequence[int]) -> QuerySet[BreakGlassGrant]:
    """Return the organizations' signed-off break-glass grants, most recent first."""
    return BreakGlassGrant.objects.filter(
        organization_id__in=list(organization_ids), reviewed_at__isnull=False
    ).order_by("-started_at", "-id")


def events_under_grant(grant: BreakGlassGrant) -> QuerySet[AccessEvent]:
    """Return every audit row flagged with GRANT, in the order they happened."""
    return AccessEvent.objects.filter(
        chain=grant.organization_id, grant_public_id=grant.public_id
    ).order_by("occurred_at", "id")


def latest_checks(chains: Sequence[int]) -> dict[int, ChainCheck]:
    """Return the most recent stored check of each of CHAINS that has one (one query each)."""
    checks = {}
    for chain in chains:
        check = ChainCheck.objects.filter(chain=chain).order_by("-checked_at").first()
        if check is not None:
            checks[chain] = check
    return checks
