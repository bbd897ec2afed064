"""Outgoing notifications and their delivery attempts.

A notification says only that there is something to look at ("Time for your check-in",
"You have a new message in Alongside") and links in: never a name, an answer or a note
(DESIGN.md §4.4). Each one is a database row written before anything is sent, claimed by a
worker with a conditional update, retried with back-off, and kept with its outcome so staff
can see failures.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import models
from django.db.models import Q

from alongside.clients.models import Client
from alongside.organizations.models import Organization


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message (SMS)"


class Kind(models.TextChoices):
    CHECKIN_REMINDER = "checkin_reminder", "Check-in reminder"
    MESSAGE_FOR_CLIENT = "message_for_client", "New message notice (to the person)"
    MESSAGE_FOR_STAFF = "message_for_staff", "New message notice (to an advocate)"
    ALERT_FOR_STAFF = "alert_for_staff", "Alert notice (to staff)"
    BREAK_GLASS_REVIEW = "break_glass_review", "Break-glass access to review (to reviewers)"
    EMERGENCY_DISCLOSURE = "emergency_disclosure", "Emergency disclosure made (to privacy)"


# Notices addressed to the person themself (in their language, on their reminder channel);
# the others go to staff about the person.
TO_CLIENT = frozenset({Kind.CHECKIN_REMINDER, Kind.MESSAGE_FOR_CLIENT})


class Status(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Gave up after several attempts"
    SKIPPED = "skipped", "Not sent: no longer needed"


# Minutes to wait after the 1st, 2nd, … failed attempt; after the last, the delivery fails.
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
CLAIM_FOR = timedelta(minutes=2)


class Delivery(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="deliveries")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=254, help_text="E-mail address or phone number.")
    dedupe_key = models.CharField(
        max_length=200, unique=True, help_text="Makes queuing the same notice twice a no-op."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The worker's claim query: pending rows that are due.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_pending_due",
            ),
            models.Index(fields=["client", "-created_at"], name="delivery_client_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.channel} ({self.status})"


class ReminderPreference(models.Model):
    """When and how a person wants to be reminded to check in (their local time)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.OneToOneField(
        Client, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    enabled = models.BooleanField(default=True)
    local_time = models.TimeField(help_text="In the person's own time zone.")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["enabled"], name="reminder_enabled")]

    def __str__(self) -> str:
        return f"Check-in reminder at {self.local_time:%H:%M} ({self.channel})"


class Heartbeat(models.Model):
    """When a background process last finished a pass; staff pages warn when it is stale."""

    name = models.CharField(max_length=40, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
