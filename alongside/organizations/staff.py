"""Who the signed-in person is at work: their memberships, roles and home organization.

Memberships are loaded once per request and cached on the user object, so access checks,
navigation and audit rows share one query.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from alongside.audit import log as audit_log
from alongside.organizations.models import Membership, Organization, Role

_CACHE_ATTR = "_alongside_memberships"


def memberships_of(user: Any) -> list[Membership]:
    """Return the active memberships of USER (empty for anonymous users), with programs."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("organization")
            .prefetch_related("programs")
            .order_by("organization_id", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: Any) -> None:
    """Drop the per-request cache (after roles change within one request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_in(user: Any, organization_id: int) -> set[str]:
    return {m.role for m in memberships_of(user) if m.organization_id == organization_id}


def audit_staff_action(
    actor: Any, organization_id: int, action: str, object_type: str, public_id: Any
) -> None:
    """Write a change that names no client (a staff role, a group, ended sign-ins) to the
    organization's audit chain, as ACTOR with their roles there. Call it inside the change's
    transaction, like every audit write."""
    audit_log.record(
        audit_log.Event(
            action=action,
            object_type=object_type,
            object_public_id=public_id,
            organization_id=organization_id,
            user=actor,
            role=",".join(sorted(roles_in(actor, organization_id))),
        )
    )


def home_organization(user: Any) -> Organization | None:
    """Return the organization the person works in; None if they have no membership.

    People normally work for one organization. With several, the first one (by id) is home;
    every access check still considers all of their memberships, each within its own tenant.
    """
    memberships = memberships_of(user)
    return memberships[0].organization if memberships else None


def home_roles(user: Any) -> set[str]:
    organization = home_organization(user)
    return roles_in(user, organization.pk) if organization else set()


def has_role(user: Any, *roles: str) -> bool:
    return bool(home_roles(user) & set(roles))


def zone_for(user: Any) -> zoneinfo.ZoneInfo:
    """Return the zone to show times in for a staff member: theirs, else their organization's."""
    name = getattr(user, "time_zone", "") or ""
    if not name:
        organization = home_organization(user)
        name = organization.time_zone if organization else "UTC"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


ROLE_LANDING = [
    (Role.PRA, "today:home"),
    (Role.SUPERVISOR, "overview:team"),
    (Role.DIRECTOR, "overview:program"),
    (Role.CLINICIAN, "workspace:caseload"),
    (Role.PRIVACY_OFFICER, "privacy:audit"),
    (Role.ADMIN, "overview:staff"),
]
