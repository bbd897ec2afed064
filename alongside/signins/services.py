"""Ending sessions: one's own, an organization member's (by an administrator), and everything
an account can sign in with when it loses access (sessions and API tokens together)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import ApiToken
from alongside.audit.models import Action
from alongside.organizations.models import Membership, Role
from alongside.organizations.staff import audit_staff_action, roles_in
from alongside.signins.models import Session


def end_own_session(user: Any, public_id: uuid.UUID) -> bool:
    """End USER's session PUBLIC_ID; return False if USER has no such session."""
    deleted, _ = Session.objects.filter(user=user, public_id=public_id).delete()
    return deleted > 0


def end_other_sessions(user: Any, current_key: str | None) -> int:
    """End every session of USER except the one with key CURRENT_KEY; return how many."""
    deleted, _ = Session.objects.filter(user=user).exclude(session_key=current_key).delete()
    return deleted


def end_access(user: Any) -> tuple[int, int]:
    """End every session of USER and revoke their API tokens, in one transaction.

    For an account that lost its access (deactivated, or its last role ended). Returns the
    number of sessions ended and tokens revoked.
    """
    with transaction.atomic():
        sessions, _ = Session.objects.filter(user=user).delete()
        tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    return sessions, tokens


def end_member_sessions(actor: Any, membership: Membership, *, current_key: str | None) -> int:
    """Sign the person holding MEMBERSHIP out everywhere; return how many sessions ended.

    Only an administrator of the membership's organization may, and it is audited on that
    organization's chain like other staff changes. The actor's own current session (key
    CURRENT_KEY) is kept if they sign themself out elsewhere. Raises PermissionDenied.
    """
    organization_id = membership.organization_id
    roles = roles_in(actor, organization_id)
    if Role.ADMIN not in roles:
        raise PermissionDenied
    with transaction.atomic():
        ended, _ = (
            Session.objects.filter(user_id=membership.user_id)
            .exclude(session_key=current_key)
            .delete()
        )
        audit_staff_action(actor, organization_id, Action.DELETE, "sessions", membership.public_id)
    return ended
