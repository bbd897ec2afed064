"""Who reviews: privacy officers and program directors, each for their own organization.

A reviewer never signs off their own break-glass access, and reviewing gives no access to
client records (a privacy officer's `visible_to()` stays empty).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from alongside.audit.models import BreakGlassGrant
from alongside.organizations.models import Role
from alongside.organizations.staff import memberships_of

REVIEWING_ROLES = frozenset({Role.PRIVACY_OFFICER, Role.DIRECTOR})


def reviewed_organizations(user: Any) -> list[int]:
    """Return the ids of the organizations whose audit log USER reviews (sorted)."""
    return sorted({m.organization_id for m in memberships_of(user) if m.role in REVIEWING_ROLES})


def require_reviewer(user: Any) -> list[int]:
    """Return the organizations USER reviews; PermissionDenied if none."""
    organization_ids = reviewed_organizations(user)
    if not organization_ids:
        raise PermissionDenied
    return organization_ids


def may_sign_off(user: Any, grant: BreakGlassGrant) -> bool:
    return grant.organization_id in reviewed_organizations(user) and grant.user_id != user.pk
