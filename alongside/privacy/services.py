"""Break-glass and its sign-off: the two writes of privacy oversight.

`break_glass()` is the only way into a record outside one's scope. The caller has already
re-authenticated the person (the form checks the passphrase with `authenticate()`), so what
happens here is: limit the attempts, find the one client the details name inside the
person's own organizations, open a 60-minute grant, write the audit row and queue the
reviewers' notices, all in one transaction.

Never confirming who is a client: nothing is looked up until the reason, the explanation and
the passphrase have all been accepted. "Nothing matched" (no client, several clients, a client
of another organization) is one answer, and that attempt is itself recorded and queued for
review. A record's existence is revealed only by opening it, which is audited, flagged,
notified and reviewed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import dateformat, timezone

from alongside.audit import log as audit_log
from alongside.audit.models import (
    GRANT_DURATION,
    Action,
    BreakGlassGrant,
    BreakGlassReason,
    Outcome,
    ReviewFinding,
)
from alongside.clients.access import audit_client_event, role_label, visible_to
from alongside.clients.models import Client
from alongside.organizations.staff import memberships_of
from alongside.privacy.access import may_sign_off
from alongside.privacy.notices import notify_reviewers

OBJECT_TYPE = "break_glass"
# Anyone needing more records than this in an hour has a staffing problem, not an emergency;
# the limit also caps how fast anyone can probe for names.
ATTEMPTS_PER_HOUR = 5
EXPLANATION_MIN = 10
TOO_MANY = (
    "You have used break-glass {limit} times in the last hour. Ask a director or your "
    "privacy officer for help."
)


@dataclass(frozen=True)
class Identity:
    """What the person already knows about whom they need: the record number (the client's
    public id) or their name and date of birth. Every detail given must match."""

    public_id: uuid.UUID | None = None
    name: str = ""
    date_of_birth: date | None = None

    def is_complete(self) -> bool:
        return self.public_id is not None or bool(self.name and self.date_of_birth)


@dataclass(frozen=True)
class BreakGlassResult:
    """`client` is None when nothing matched; `grant` is None when the record was already
    open to the person (their own scope or an earlier grant still in force)."""

    client: Client | None
    grant: BreakGlassGrant | None

    @property
    def already_open(self) -> bool:
        return self.client is not None and self.grant is None


def _validate(reason: str, explanation: str, identity: Identity) -> None:
    errors: dict[str, str] = {}
    if reason not in BreakGlassReason.values:
        errors["reason"] = "Choose the reason."
    if len(explanation.strip()) < EXPLANATION_MIN:
        errors["explanation"] = "Say in a sentence why you need this record now."
    if not identity.is_complete():
        errors["public_id"] = "Give the record number, or the name and date of birth."
    if errors:
        raise ValidationError(errors)


def _find(user: Any, identity: Identity) -> Client | None:
    """Return the one client of USER's organizations matching IDENTITY; None for none or
    several (the same answer, so duplicates are not revealed either)."""
    organization_ids = sorted({m.organization_id for m in memberships_of(user)})
    clients = Client.objects.filter(organization_id__in=organization_ids)
    if identity.public_id is not None:
        clients = clients.filter(public_id=identity.public_id)
    name = " ".join(identity.name.split())
    if name:
        clients = clients.filter(Q(preferred_name__iexact=name) | Q(legal_name__iexact=name))
    if identity.date_of_birth is not None:
        clients = clients.filter(date_of_birth=identity.date_of_birth)
    found = list(clients.order_by("pk")[:2])
    return found[0] if len(found) == 1 else None


def break_glass(
    user: Any,
    identity: Identity,
    *,
    reason: str,
    explanation: str,
) -> BreakGlassResult:
    """Open the record IDENTITY names for USER for 60 minutes; return what happened.

    USER must have re-authenticated just before. Raises PermissionDenied for someone with no
    organization, ValidationError (by field) for a missing reason, explanation or identity
    and when USER has used break-glass ATTEMPTS_PER_HOUR times in the last hour; nothing is
    looked up in either case.
    """
    memberships = memberships_of(user)
    if not memberships:
        raise PermissionDenied
    _validate(reason, explanation, identity)
    now = timezone.now()
    with transaction.atomic():
        recent = BreakGlassGrant.objects.filter(
            user_id=user.pk, started_at__gt=now - timedelta(hours=1)
        ).count()
        if recent >= ATTEMPTS_PER_HOUR:
            raise ValidationError(TOO_MANY.format(limit=ATTEMPTS_PER_HOUR))
        client = _find(user, identity)
        if client is not None and visible_to(user).filter(pk=client.pk).exists():
            return BreakGlassResult(client, None)
        matched = client is not None
        grant = BreakGlassGrant.objects.create(
            organization_id=client.organization_id if client else memberships[0].organization_id,
            user_id=user.pk,
            user_email=user.email,
            client_id=client.pk if client else None,
            client_public_id=client.public_id if client else None,
            reason=reason,
            explanation=explanation.strip(),
            started_at=now,
            ends_at=now + GRANT_DURATION if matched else now,
        )
        if client is None:
            audit_log.record(
                audit_log.Event(
                    action=Action.VIEW,
                    object_type=OBJECT_TYPE,
                    object_public_id=grant.public_id,
                    organization_id=grant.organization_id,
                    user=user,
                    role=role_label(user, grant.organization_id),
                    outcome=Outcome.DENIED,
                    occurred_at=now,
                )
            )
            return BreakGlassResult(None, grant)
        # Written after the grant, in its transaction: audit.log flags it with the grant.
        audit_client_event(user, client, Action.CREATE, grant, object_type=OBJECT_TYPE)
        notify_reviewers(grant, client, now)
    return BreakGlassResult(client, grant)


def sign_off(
    reviewer: Any,
    grant: BreakGlassGrant,
    *,
    finding: str,
    note: str,
) -> BreakGlassGrant:
    """Record REVIEWER's finding on GRANT once its window has ended; return it, updated.

    Raises PermissionDenied unless REVIEWER reviews the grant's organization (and is not its
    holder); ValidationError for a missing finding, a concern without a note, a window still
    open, or a grant someone else signed off first (a conditional update decides).
    """
    if not may_sign_off(reviewer, grant):
        raise PermissionDenied
    now = timezone.now()
    note = note.strip()
    errors: dict[str, str] = {}
    if finding not in ReviewFinding.values:
        errors["finding"] = "Choose what you found."
    elif finding == ReviewFinding.CONCERN and not note:
        errors["note"] = "Say what concerns you and what happens next."
    if errors:
        raise ValidationError(errors)
    if grant.in_force_at(now):
        end = dateformat.format(timezone.localtime(grant.ends_at), "g:i A")
        raise ValidationError(f"The access is open until {end}; sign it off after it ends.")
    with transaction.atomic():
        signed = BreakGlassGrant.objects.filter(pk=grant.pk, reviewed_at__isnull=True).update(
            reviewed_at=now,
            reviewed_by_id=reviewer.pk,
            reviewed_by_email=reviewer.email,
            finding=finding,
            review_note=note,
        )
        if not signed:
            raise ValidationError("Someone signed this off already.")
        audit_log.record(
            audit_log.Event(
                action=Action.UPDATE,
                object_type=OBJECT_TYPE,
                object_public_id=grant.public_id,
                organization_id=grant.organization_id,
                user=reviewer,
                role=role_label(reviewer, grant.organization_id),
                occurred_at=now,
            )
        )
    grant.refresh_from_db()
    return grant
