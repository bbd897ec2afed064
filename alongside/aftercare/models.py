"""Aftercare: the follow-ups after a discharge, each call attempt, and what the person said.

A discharge creates one `FollowUp` per day of the program's schedule (alongside/aftercare/
schedule.py), inside the discharge's transaction. The PRA records `FollowUpAttempt`s (several
per follow-up); the one that reaches the person carries a `FollowUpOutcome`. A follow-up is
SCHEDULED until it is REACHED, or RETURNED when the person starts a new episode (they are in
treatment again, so the call is not needed). "Closed" is not stored: a SCHEDULED follow-up
whose window has ended is closed (lost to follow-up), so no nightly job can forget to run.

The person's own words are free text about a client: encrypted, never searched.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alongside.assessments.models import AssessmentResponse
from alongside.clients.models import Client, Episode
from alongside.lib.encrypted_fields import EncryptedTextField
from alongside.organizations.models import Organization

WORDS_LENGTH = 2000


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    REACHED = "reached", _("Reached")
    RETURNED = "returned", _("Returned to treatment")


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def scheduled(self) -> FollowUpQuerySet:
        return self.filter(status=Status.SCHEDULED)

    def open_on(self, day: date) -> FollowUpQuerySet:
        """Scheduled follow-ups whose window is open on DAY."""
        return self.scheduled().filter(opens_on__lte=day, closes_on__gte=day)


class FollowUp(models.Model):
    """One planned call DAYS after an episode's discharge, with its window (schedule.py)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="followups")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="followups")
    days = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    opens_on = models.DateField()
    closes_on = models.DateField()
    # Who makes the call: the last advocate, or their supervisor if the advocate has left.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    reached_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # Today: a caseload's scheduled follow-ups whose window is open.
            models.Index(fields=["client", "status", "opens_on"], name="followup_client_open"),
            # The rates and the supervisor list: an organization's follow-ups by due date.
            models.Index(fields=["organization", "due_on"], name="followup_org_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["episode", "days"], name="followup_one_per_day"),
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("due_on"), due_on__lte=models.F("closes_on")),
                name="followup_window_order",
            ),
            models.CheckConstraint(
                condition=Q(status="reached", reached_at__isnull=False)
                | ~Q(status="reached") & Q(reached_at__isnull=True),
                name="followup_reached_at_when_reached",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.days}-day follow-up {self.public_id}"

    def is_closed(self, today: date) -> bool:
        """Not reached and its window ended before TODAY (lost to follow-up)."""
        return self.status == Status.SCHEDULED and self.closes_on < today

    def is_open(self, today: date) -> bool:
        return self.status == Status.SCHEDULED and self.opens_on <= today <= self.closes_on

    def state(self, today: date) -> str:
        """A word for lists: reached, returned, closed, open, overdue (open, past due) or
        upcoming."""
        if self.status != Status.SCHEDULED:
            return str(self.status)
        if self.closes_on < today:
            return "closed"
        if self.opens_on > today:
            return "upcoming"
        return "overdue" if self.due_on < today else "open"


class AttemptResult(models.TextChoices):
    REACHED = "reached", _("Reached")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    DECLINED = "declined", _("Declined to talk")


class FollowUpAttempt(models.Model):
    """One try to reach the person for a follow-up: when, by whom, and what happened."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="attempts")
    result = models.CharField(max_length=12, choices=AttemptResult.choices)
    attempted_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attempted_at", "id"]
        indexes = [models.Index(fields=["follow_up", "attempted_at"], name="attempt_followup")]
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=AttemptResult.values), name="attempt_result_known"
            )
        ]

    def __str__(self) -> str:
        return f"Attempt {self.public_id}"


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SAID = "not_said", _("Did not say")


class InRecovery(models.TextChoices):
    YES = "yes", _("Yes")
    UNSURE = "unsure", _("Unsure")
    NO = "no", _("No")


class FollowUpOutcome(models.Model):
    """What the person told us when reached. The BARC-10, if they agreed to it, is an
    ordinary assessment response (alongside/assessments), linked here."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    follow_up = models.OneToOneField(FollowUp, on_delete=models.PROTECT, related_name="outcome")
    attempt = models.OneToOneField(
        FollowUpAttempt, on_delete=models.PROTECT, related_name="outcome"
    )
    in_recovery = models.CharField(max_length=8, choices=InRecovery.choices)
    in_their_words = EncryptedTextField(max_length=WORDS_LENGTH, blank=True)
    housing_stable = models.CharField(max_length=8, choices=Answer.choices)
    working_or_school = models.CharField(max_length=8, choices=Answer.choices)
    returned_to_treatment = models.CharField(max_length=8, choices=Answer.choices)
    overdose_or_er = models.CharField(max_length=8, choices=Answer.choices)
    barc10 = models.OneToOneField(
        AssessmentResponse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followup_outcome",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(in_recovery__in=InRecovery.values), name="outcome_in_recovery_known"
            )
        ]

    def __str__(self) -> str:
        return f"Outcome {self.public_id}"
