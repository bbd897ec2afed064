"""Recovery plans: goals by recovery-capital domain, their tasks, and the plan's history.

Goal and task wording is free text about a client, so it is encrypted at rest
(`alongside.lib.encrypted_fields`): it can be shown, never searched or sorted in the database.
The history (`GoalEvent`) records who changed what and when, in fixed wording without the
goal's text, so it can be listed cheaply and says nothing on its own.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alongside.clients.models import Client
from alongside.lib.encrypted_fields import EncryptedCharField
from alongside.organizations.models import Organization
from alongside.recovery.models import Win

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TITLE_LENGTH = 140
# The plain-text title of the Win a finished goal makes. The goal's own title is encrypted,
# so it never goes into the Win's plain column: pages show it through `Win.goal`.
GOAL_WIN_TITLE = "Finished a goal"
PROMPT_LENGTH = 300
TASK_TITLE_LENGTH = 200


class Domain(models.TextChoices):
    """The recovery-capital areas a goal belongs to."""

    RECOVERY = "recovery", _("Recovery")
    HOUSING = "housing", _("Housing")
    WORK = "work", _("Work and education")
    HEALTH = "health", _("Physical and mental health")
    FAMILY = "family", _("Family and relationships")
    COMMUNITY = "community", _("Community and belonging")
    FINANCES = "finances", _("Finances")
    LEGAL = "legal", _("Legal")


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Working on it")
    DONE = "done", _("Done")
    SET_ASIDE = "set_aside", _("Set aside")


# The SMART prompts: field name, label, prompt. Light prompts, all optional.
SMART_FIELDS: tuple[tuple[str, StrOrPromise, StrOrPromise], ...] = (
    ("specific", _("What exactly?"), _("What will be different when this is done?")),
    ("measurable", _("How will you know?"), _("What will show you it is happening?")),
    ("achievable", _("What makes it doable?"), _("What or who will help?")),
    ("relevant", _("Why it matters"), _("Why is this important to you now?")),
    ("time_bound", _("By when?"), _("A rough time frame, in your own words.")),
)


class GoalQuerySet(models.QuerySet["Goal"]):
    def active(self) -> GoalQuerySet:
        return self.filter(status=GoalStatus.ACTIVE)


class Goal(models.Model):
    """One goal in a client's recovery plan. DONE goals carry the Win their completion made
    (`win`, set once: saving "done" again makes no second Win)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="goals")
    domain = models.CharField(max_length=20, choices=Domain.choices)
    title = EncryptedCharField(max_length=TITLE_LENGTH)
    specific = EncryptedCharField(max_length=PROMPT_LENGTH, blank=True)
    measurable = EncryptedCharField(max_length=PROMPT_LENGTH, blank=True)
    achievable = EncryptedCharField(max_length=PROMPT_LENGTH, blank=True)
    relevant = EncryptedCharField(max_length=PROMPT_LENGTH, blank=True)
    time_bound = EncryptedCharField(max_length=PROMPT_LENGTH, blank=True)
    status = models.CharField(max_length=20, choices=GoalStatus.choices, default="active")
    target_date = models.DateField(null=True, blank=True)
    # The BARC-10 item key a suggested goal came from ("" when written by hand).
    suggested_from = models.CharField(max_length=10, blank=True)
    done_on = models.DateField(null=True, blank=True)
    win = models.OneToOneField(
        Win, on_delete=models.PROTECT, null=True, blank=True, related_name="goal"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The plan page (a client's goals) and Today's "target date passed" (active goals
            # of a caseload with a target date).
            models.Index(fields=["client", "status", "target_date"], name="goal_client_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | ~Q(status="done") & Q(done_on__isnull=True),
                name="goal_done_on_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"Goal {self.public_id}"

    def is_overdue(self, today: date) -> bool:
        """Return True if the goal is active and its target date is before TODAY."""
        return (
            self.status == GoalStatus.ACTIVE
            and self.target_date is not None
            and self.target_date < today
        )

    def open_tasks(self) -> list[Task]:
        """Return the tasks not done yet (from the prefetched tasks when there are)."""
        return [task for task in self.tasks.all() if not task.is_done]

    def smart_answers(self) -> list[tuple[StrOrPromise, str]]:
        """Return (label, answer) for each SMART prompt answered."""
        return [
            (label, getattr(self, name)) for name, label, _p in SMART_FIELDS if getattr(self, name)
        ]


class OwnerKind(models.TextChoices):
    CLIENT = "client", _("Me (the client)")
    ADVOCATE = "advocate", _("My advocate")


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(done_at__isnull=True)


class Task(models.Model):
    """A step toward a goal, with an optional due date and whose it is: the client's or an
    advocate's (`owner`, when a named staff member took it on)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    # Denormalized from the goal so Today can read a caseload's due tasks in one query.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="plan_tasks")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="tasks")
    title = EncryptedCharField(max_length=TASK_TITLE_LENGTH)
    due_on = models.DateField(null=True, blank=True)
    owner_kind = models.CharField(max_length=10, choices=OwnerKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # Today's "task due": open tasks of a caseload with a due date.
            models.Index(fields=["client", "done_at", "due_on"], name="task_client_open_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True)
                | Q(done_at__isnull=False, done_by__isnull=False),
                name="task_done_by_with_done_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Task {self.public_id}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class EventKind(models.TextChoices):
    CREATED = "created", _("Goal added")
    SUGGESTED = "suggested", _("Goal suggested from BARC-10")
    EDITED = "edited", _("Goal changed")
    STATUS = "status", _("Status changed")
    TASK_ADDED = "task_added", _("Task added")
    TASK_DONE = "task_done", _("Task ticked off")
    TASK_UNDONE = "task_undone", _("Task unticked")


class GoalEvent(models.Model):
    """One change to a plan: who, when, what (append-only; `detail` names fields and
    statuses, never the client's words)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="plan_events")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    detail = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"], name="goal_event_client_newest")]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"
