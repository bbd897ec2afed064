"""The audit review's own pieces: whom a reviewer can filter by, how an exported row reads,
and the audit rows that reviewing itself leaves (the review is reviewable too)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from alongside.accounts.models import User
from alongside.audit import log as audit_log
from alongside.audit.models import AccessEvent, Action, BreakGlassGrant
from alongside.audit.queries import AuditFilter
from alongside.clients.access import role_label

OBJECT_TYPE = "audit_log"
# Integer keys (user, client, chain, sequence) stay out of exports (STYLE.md 14).
CSV_HEADER = [
    "occurred_at_utc",
    "user_email",
    "role",
    "action",
    "object_type",
    "object_public_id",
    "client_public_id",
    "outcome",
    "ip",
    "break_glass_grant",
]
# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def people_of(organization_ids: Sequence[int]) -> Any:
    """Return everyone who has held a role in the organizations (former staff included)."""
    return (
        User.objects.filter(memberships__organization_id__in=list(organization_ids))
        .distinct()
        .order_by("display_name", "email")
    )


def grant_holders(grants: Iterable[BreakGlassGrant]) -> dict[int, User]:
    """Return the holders of GRANTS by user id (one query)."""
    ids = {grant.user_id for grant in grants}
    if not ids:
        return {}
    return {user.pk: user for user in User.objects.filter(pk__in=ids)}


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(event: AccessEvent) -> list[str]:
    return [
        _cell(event.occurred_at.isoformat(timespec="seconds")),
        _cell(event.user_email),
        _cell(event.role),
        _cell(event.action),
        _cell(event.object_type),
        _cell(event.object_public_id),
        _cell(event.client_public_id),
        _cell(event.outcome),
        _cell(event.ip),
        _cell(event.grant_public_id),
    ]


def _record(
    user: Any, organization_ids: Sequence[int], action: str, wanted: AuditFilter
) -> list[AccessEvent]:
    # Searching a client's access history is itself recorded against that client's public id
    # (no client row is read, so there is no internal id), so "who accessed this client" also
    # shows who looked at their history.
    return [
        audit_log.record(
            audit_log.Event(
                action=action,
                object_type=OBJECT_TYPE,
                object_public_id=None,
                organization_id=organization_id,
                client_public_id=wanted.client_public_id,
                user=user,
                role=role_label(user, organization_id),
            )
        )
        for organization_id in organization_ids
    ]


def audit_review_view(user: Any, organization_ids: Sequence[int], wanted: AuditFilter) -> None:
    """Record that USER read the audit log of the organizations with WANTED."""
    _record(user, organization_ids, Action.VIEW, wanted)


def audit_review_export(user: Any, organization_ids: Sequence[int], wanted: AuditFilter) -> int:
    """Record that USER exported the audit log of the organizations with WANTED; return the
    id of the first row written, so the export can stop short of its own rows."""
    return min(row.pk for row in _record(user, organization_ids, Action.EXPORT, wanted))
