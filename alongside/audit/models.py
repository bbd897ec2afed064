"""The append-only, hash-chained log of every read and write of client data.

Rows reference people and objects by plain ids (no foreign-key constraints): an audit row
must outlive whatever it describes and must never be touched by a cascade. Each organization
has its own chain so tenants can be partitioned later and writers in different tenants do
not wait on one global lock.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import Q

GENESIS_HASH = "0" * 64


class Action(models.TextChoices):
    VIEW = "view", "View"
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    EXPORT = "export", "Export"


class Outcome(models.TextChoices):
    SUCCESS = "success", "Success"
    DENIED = "denied", "Denied"


class AccessEvent(models.Model):
    chain = models.BigIntegerField(help_text="Organization id; 0 for events outside a tenant.")
    sequence = models.BigIntegerField()
    occurred_at = models.DateTimeField()
    user_id = models.BigIntegerField(null=True)
    user_email = models.CharField(max_length=254, blank=True)
    role = models.CharField(max_length=100, blank=True)
    organization_id = models.BigIntegerField(null=True)
    client_id = models.BigIntegerField(null=True, db_index=True)
    client_public_id = models.UUIDField(null=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=50)
    object_public_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.SUCCESS)
    # Set when the user held a break-glass grant for this client at the time (the flag the
    # review queue reads). Null on every other row, including all rows written before the
    # column existed; `canonical()` leaves a null out, so their hashes still verify.
    grant_public_id = models.UUIDField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_chain_sequence")
        ]
        # The audit review's questions, each answered from one index range on a million rows
        # (bench/audit_review.py). The chain (organization) leads every index because every
        # review is inside one tenant; then the person or client asked about; then time, so
        # the newest-first page is read straight off the index without sorting.
        indexes = [
            # "Who accessed this client?"
            models.Index(
                fields=["chain", "client_public_id", "occurred_at"], name="audit_client_time"
            ),
            # "What did this person access between T1 and T2?"
            models.Index(fields=["chain", "user_id", "occurred_at"], name="audit_user_time"),
            # The unfiltered page and time ranges (action and outcome filter within it).
            models.Index(fields=["chain", "occurred_at"], name="audit_chain_time"),
            # The accesses made under one break-glass grant: few rows, so a partial index.
            models.Index(
                fields=["grant_public_id"],
                condition=Q(grant_public_id__isnull=False),
                name="audit_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type} ({self.occurred_at:%Y-%m-%d %H:%M})"

    def canonical(self) -> bytes:
        """Return the bytes the row's hash covers: every field but id and hash, as JSON.

        Fields added after the first rows were written (`grant_public_id`) appear only when
        set: an old row then hashes exactly as it did, while removing or adding the flag on
        any row changes its bytes and is caught like any other change.
        """
        fields: dict[str, Any] = {
            "chain": self.chain,
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
            "user_id": self.user_id,
            "user_email": self.user_email,
            "role": self.role,
            "organization_id": self.organization_id,
            "client_id": self.client_id,
            "client_public_id": str(self.client_public_id) if self.client_public_id else None,
            "action": self.action,
            "object_type": self.object_type,
            "object_public_id": self.object_public_id,
            "ip": self.ip,
            "outcome": self.outcome,
            "prev_hash": self.prev_hash,
        }
        if self.grant_public_id is not None:
            fields["grant_public_id"] = str(self.grant_public_id)
        return canonical_bytes(fields)

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


def canonical_bytes(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


class BreakGlassReason(models.TextChoices):
    SAFETY = "safety", "Imminent risk to the person's safety"
    COVERING = "covering", "Covering for an absent colleague"
    CLIENT_REQUEST = "client_request", "The person asked me, in person"
    OTHER = "other", "Other (explain below)"


class ReviewFinding(models.TextChoices):
    APPROPRIATE = "appropriate", "Appropriate"
    CONCERN = "concern", "Concern: to follow up"


# How long a break-glass grant opens a record for (DESIGN.md §4.1).
GRANT_DURATION = timedelta(minutes=60)


class BreakGlassGrantQuerySet(models.QuerySet["BreakGlassGrant"]):
    def in_force(self, at: datetime) -> BreakGlassGrantQuerySet:
        """Grants opening a record at AT: started at or before it, ending strictly after."""
        return self.filter(client_id__isnull=False, started_at__lte=at, ends_at__gt=at)

    def awaiting_review(self) -> BreakGlassGrantQuerySet:
        return self.filter(reviewed_at__isnull=True)


class BreakGlassGrant(models.Model):
    """One use of break-glass: a person outside a client's scope stated why they must open the
    record, re-authenticated, and (when the details they gave matched one client) got VIEW
    and READ_NOTES on it from `started_at` until `ends_at`; then a reviewer signs it off.

    Attempts whose details matched no client are kept as well (client null, a window of no
    length): they open nothing, but a reviewer sees who looked for whom and why. Like
    `AccessEvent`, the row holds plain ids rather than foreign keys, so it outlives what it
    names. The history itself is in the hash chain: opening writes a `create` event and
    signing off an `update` event, both naming this row's public id.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization_id = models.BigIntegerField()
    user_id = models.BigIntegerField()
    user_email = models.CharField(max_length=254)
    client_id = models.BigIntegerField(null=True, blank=True)
    client_public_id = models.UUIDField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=BreakGlassReason.choices)
    explanation = models.TextField(max_length=1000)
    started_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by_id = models.BigIntegerField(null=True, blank=True)
    reviewed_by_email = models.CharField(max_length=254, blank=True)
    finding = models.CharField(max_length=20, choices=ReviewFinding.choices, blank=True)
    review_note = models.TextField(max_length=2000, blank=True)

    objects = BreakGlassGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            # The access layer's lookup (is this person's grant on this client in force?) and
            # the audit writer's flag; also the per-person attempt count.
            models.Index(fields=["user_id", "client_id", "ends_at"], name="breakglass_in_force"),
            # The review queue: what is still waiting, oldest first, per organization.
            models.Index(
                fields=["organization_id", "started_at"],
                condition=Q(reviewed_at__isnull=True),
                name="breakglass_awaiting_review",
            ),
            models.Index(fields=["organization_id", "started_at"], name="breakglass_org_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("started_at")), name="breakglass_window_order"
            ),
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True, finding="")
                | Q(reviewed_at__isnull=False) & ~Q(finding=""),
                name="breakglass_review_has_finding",
            ),
        ]

    def __str__(self) -> str:
        return f"break-glass {self.public_id} ({self.get_reason_display()})"

    @property
    def matched(self) -> bool:
        return self.client_id is not None

    def in_force_at(self, at: datetime) -> bool:
        return self.matched and self.started_at <= at < self.ends_at


class ChainCheck(models.Model):
    """The result of checking one chain, stored by `verify_audit` so the audit review page can
    show it at once (walking a million rows takes longer than a page may)."""

    chain = models.BigIntegerField()
    checked_at = models.DateTimeField()
    rows = models.BigIntegerField()
    intact = models.BooleanField()
    problem = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["chain", "checked_at"], name="audit_check_latest")]

    def __str__(self) -> str:
        return f"chain {self.chain} {'intact' if self.intact else 'damaged'} at {self.checked_at}"


class ChainHead(models.Model):
    """The last sequence and hash of each chain: the lock writers take, and the anchor that
    lets verification notice rows deleted or appended at the end."""

    chain = models.BigIntegerField(primary_key=True)
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"chain {self.chain} at {self.sequence}"
