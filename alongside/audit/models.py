"""The append-only, hash-chained log of every read and write of client data.

Rows reference people and objects by plain ids (no foreign-key constraints): an audit row
must outlive whatever it describes and must never be touched by a cascade. Each organization
has its own chain so tenants can be partitioned later and writers in different tenants do
not wait on one global lock.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models

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
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_chain_sequence")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type} ({self.occurred_at:%Y-%m-%d %H:%M})"

    def canonical(self) -> bytes:
        """Return the bytes the row's hash covers: every field but id and hash, as JSON."""
        return canonical_bytes(
            {
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
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


def canonical_bytes(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


class ChainHead(models.Model):
    """The last sequence and hash of each chain: the lock writers take, and the anchor that
    lets verification notice rows deleted or appended at the end."""

    chain = models.BigIntegerField(primary_key=True)
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"chain {self.chain} at {self.sequence}"
