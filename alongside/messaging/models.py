"""Secure messages between a person in recovery and their current advocates.

Each client has one conversation, shared by whoever is currently assigned to them: a client
with two advocates writes once and either may answer, and after a transfer the new advocate
reads the history as they read the rest of the record (the previous advocate no longer can,
because the access layer no longer shows them the client). Messages are client data: read
and written only through `messaging.access`, audited, and never copied into a notification.

A message is never edited or deleted. `read_at` is the read receipt: when the other side
(the client, or one of the client's current advocates) first opened it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from alongside.clients.models import Client
from alongside.lib.encrypted_fields import EncryptedTextField
from alongside.organizations.models import Organization

BODY_LENGTH = 2000


class MessageQuerySet(models.QuerySet["Message"]):
    def unread_by_staff(self) -> MessageQuerySet:
        return self.filter(from_client=True, read_at__isnull=True)

    def unread_by_client(self) -> MessageQuerySet:
        return self.filter(from_client=False, read_at__isnull=True)


class Message(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_client = models.BooleanField(help_text="Written by the client (else by an advocate).")
    # Stored encrypted; BODY_LENGTH applies to the text as written.
    body = EncryptedTextField(max_length=BODY_LENGTH)
    sent_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [
            # A conversation page and the inbox's "latest message" read one client's messages
            # newest first.
            models.Index(fields=["client", "-sent_at"], name="message_client_recent"),
            # Today's "unread messages" reason and the inbox's counts: the few unread rows.
            models.Index(
                fields=["client", "from_client"],
                condition=Q(read_at__isnull=True),
                name="message_unread",
            ),
        ]

    def __str__(self) -> str:
        # No body: a message's text must not reach logs or admin lists.
        who = "client" if self.from_client else "advocate"
        return f"Message from {who} at {self.sent_at:%Y-%m-%d %H:%M}"


class WorkingDay(models.Model):
    """One day of an advocate's working week, in their own (or their organization's) zone.

    An advocate without any rows works the default week (hours.DEFAULT_WEEK). Messages that
    arrive outside these hours wait: the advocate is not notified until their next start, and
    the client is told when to expect a reply and where to get help now.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_days"
    )
    weekday = models.PositiveSmallIntegerField(help_text="0 Monday … 6 Sunday.")
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "weekday"], name="working_day_unique"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="working_day_weekday"
            ),
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="working_day_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Day {self.weekday}: {self.starts:%H:%M} to {self.ends:%H:%M}"
