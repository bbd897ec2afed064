"""Invitations to the client portal: a one-time link and a short code to read aloud.

Neither secret is stored: only a keyed hash of each (HMAC with the install's SECRET_KEY). The
short code has about 40 bits, which an offline search over a plain hash would find in minutes;
keyed, a copy of the database alone is not enough to recover it.
"""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from alongside.clients.models import Client
from alongside.organizations.models import Organization

LIFETIME = timedelta(hours=72)

# Crockford's base 32: digits and capitals without I, L, O and U, so nothing read aloud or
# copied from a phone screen can be mistaken for something else.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
# What people type for the letters left out: O for zero, I and L for one.
_CODE_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def hash_secret(raw: str) -> str:
    """Return the stored form of an invitation token or normalized short code."""
    return salted_hmac("alongside.portal.Invitation", raw, algorithm="sha256").hexdigest()


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def new_short_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(typed: str) -> str:
    """Return TYPED as a bare code ("k7mq 2txa" and "K7MQ-2TXA" → "K7MQ2TXA"); may be invalid."""
    return re.sub(r"[^0-9A-Z]", "", typed.upper()).translate(_CODE_LOOKALIKES)


def format_code(code: str) -> str:
    """Return CODE in two groups of four for reading aloud: "K7MQ-2TXA"."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def is_short_code(candidate: str) -> bool:
    return len(candidate) == CODE_LENGTH and all(c in CODE_ALPHABET for c in candidate)


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    USED = "used", "Accepted"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self, now: datetime) -> InvitationQuerySet:
        """Invitations that can still be redeemed at NOW."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)

    def matching(self, secret: str) -> InvitationQuerySet:
        """Invitations whose link token or short code is SECRET (as typed or pasted)."""
        secret = secret.strip()
        condition = Q(token_hash=hash_secret(secret))
        code = normalize_code(secret)
        if is_short_code(code):
            condition |= Q(code_hash=hash_secret(code))
        return self.filter(condition)


class Invitation(models.Model):
    """An invitation for a client to set up their own portal account.

    Open until used, revoked (by staff, or superseded by a newer invitation) or 72 hours old.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="portal_invitations")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    sent_to = models.CharField(max_length=254, help_text="The e-mail address or phone number.")
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "-created_at"], name="invitation_client_time")]

    def __str__(self) -> str:
        return f"Invitation {self.public_id}"

    def status(self, now: datetime) -> Status:
        if self.used_at is not None:
            return Status.USED
        if self.revoked_at is not None:
            return Status.REVOKED
        if self.expires_at <= now:
            return Status.EXPIRED
        return Status.OPEN

    def is_open(self, now: datetime) -> bool:
        return self.status(now) == Status.OPEN
