"""The recovery timeline (start dates and recurrences of use) and wins.

Timeline rows are never updated or deleted: a wrong date is corrected by recording a new
event, and "days in recovery" is derived from the rows (see milestones.py), never stored.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from alongside.clients.models import Client
from alongside.organizations.models import Organization
from alongside.recovery import milestones

NOTE_LENGTH = 280
TITLE_LENGTH = 140
CONGRATULATION_LENGTH = 500


class EventKind(models.TextChoices):
    # Person-first wording: a recurrence of use, never a "relapse". There is no kind for
    # taking prescribed medication, which never affects the count.
    START = milestones.START, "Recovery start date"
    RECURRENCE = milestones.RECURRENCE, "Recurrence of use"


class RecoveryEventQuerySet(models.QuerySet["RecoveryEvent"]):
    def in_recorded_order(self) -> RecoveryEventQuerySet:
        """Oldest first, as recorded: the order the counting rules read events in."""
        return self.order_by("created_at", "id")


class RecoveryEvent(models.Model):
    """A recovery start date or a recurrence of use, on a date in the client's own zone.

    `on_date` is when it happened (backdating allowed, never in the future); `created_at` is
    when it was recorded.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="recovery_events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    on_date = models.DateField()
    note = models.CharField(max_length=NOTE_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecoveryEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The profile and the counters read one client's events in recorded order.
            models.Index(fields=["client", "created_at"], name="recovery_event_client_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on_date:%Y-%m-%d}"


class WinKind(models.TextChoices):
    MILESTONE = "milestone", "Milestone"
    GOAL = "goal", "Goal completed"
    TASK = "task", "Task completed"
    PERSONAL = "personal", "Personal win"


class WinQuerySet(models.QuerySet["Win"]):
    def feed(self) -> WinQuerySet:
        """Newest first, with the people shown next to each win and the goal a goal win
        links to (its title is shown from the goal, never copied into the win)."""
        return self.select_related("created_by", "congratulated_by", "goal").order_by(
            "-occurred_on", "-created_at", "-id"
        )


class Win(models.Model):
    """A celebrated moment: a milestone reached (created automatically, `created_by` empty),
    a goal or task completed, or something the client or their advocate entered.

    A milestone win belongs to the recovery start that earned it (`start`), so each milestone
    is awarded once per attempt and again after a new start.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="wins")
    kind = models.CharField(max_length=20, choices=WinKind.choices)
    title = models.CharField(max_length=TITLE_LENGTH)
    occurred_on = models.DateField()
    milestone_key = models.CharField(max_length=8, blank=True)
    start = models.ForeignKey(
        RecoveryEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestone_wins",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    congratulation = models.CharField(max_length=CONGRATULATION_LENGTH, blank=True)
    congratulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    congratulated_at = models.DateTimeField(null=True, blank=True)

    objects = WinQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-created_at", "-id"]
        indexes = [
            # The wins feed: one client's wins, newest first.
            models.Index(fields=["client", "-occurred_on"], name="win_client_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "start", "milestone_key"],
                condition=Q(kind="milestone"),
                name="win_milestone_once_per_start",
            ),
            models.CheckConstraint(
                condition=Q(kind="milestone", start__isnull=False) & ~Q(milestone_key="")
                | ~Q(kind="milestone") & Q(start__isnull=True, milestone_key=""),
                name="win_milestone_has_start_and_key",
            ),
            models.CheckConstraint(
                condition=Q(congratulation="", congratulated_at__isnull=True)
                | ~Q(congratulation="") & Q(congratulated_at__isnull=False),
                name="win_congratulation_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%Y-%m-%d}"

    @property
    def is_congratulated(self) -> bool:
        return bool(self.congratulation)
