"""Risk flags, alerts that a named person must take, and the on-call rota.

A RiskFlag is a fact: a rule (or a person) judged a situation risky. A moderate or high
flag opens an Alert in the same transaction. An alert always has an owner; it is routed
step by step (the client's advocates and the person on call, then the supervisor, then the
director, then everyone again) until someone acknowledges it, and each routing is an
AlertRecipient row written in the same transaction as the step, so a step happens once.
Rows here are never deleted.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from alongside.clients.models import Client
from alongside.lib.encrypted_fields import EncryptedCharField, EncryptedTextField
from alongside.organizations.models import Organization, Program

REASON_LENGTH = 280
NOTE_LENGTH = 2000


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


ALERTING = frozenset({Severity.MODERATE, Severity.HIGH})


class RiskFlag(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="risk_flags")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    rule = models.CharField(max_length=40, help_text="The rule's code, or 'manual'.")
    # A rule's words, or what the person who raised it by hand wrote: stored encrypted, like
    # every free text field here (docs/privacy.md, "Encryption at rest").
    reason = EncryptedCharField(max_length=REASON_LENGTH)
    source_type = models.CharField(max_length=20, blank=True)
    source_public_id = models.UUIDField(null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who raised it by hand; empty for a rule.",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "-created_at"], name="riskflag_client_recent")]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} flag ({self.rule})"


class AlertState(models.TextChoices):
    OPEN = "open", "Waiting for someone to take it"
    ACKNOWLEDGED = "acknowledged", "Taken"
    RESOLVED = "resolved", "Resolved"


class Alert(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="alerts")
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    flag = models.OneToOneField(RiskFlag, on_delete=models.PROTECT, related_name="alert")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    state = models.CharField(max_length=14, choices=AlertState.choices, default=AlertState.OPEN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who answers for it now: the advocate, on call, or whoever took it.",
    )
    # Routing: step 0 went out when the alert opened; step N is due at next_step_at.
    step = models.PositiveSmallIntegerField(default=0)
    interval_minutes = models.PositiveSmallIntegerField()
    next_step_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_note = EncryptedTextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = EncryptedTextField(blank=True, help_text="What was done.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The escalation sweep: open alerts whose next step is due.
            models.Index(fields=["next_step_at"], condition=Q(state="open"), name="alert_open_due"),
            models.Index(fields=["client", "state"], name="alert_client_state"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(interval_minutes__gte=5), name="alert_interval_5"),
        ]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} alert ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state == AlertState.OPEN


class RecipientRole(models.TextChoices):
    ADVOCATE = "advocate", "Advocate"
    ON_CALL = "on_call", "On call"
    SUPERVISOR = "supervisor", "Supervisor"
    DIRECTOR = "director", "Director"


class AlertRecipient(models.Model):
    """Someone an alert was routed to, at which step and why."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    step = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=12, choices=RecipientRole.choices)
    routed_at = models.DateTimeField()

    class Meta:
        ordering = ["step", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "user", "step"], name="alert_recipient_once_per_step"
            )
        ]
        indexes = [models.Index(fields=["user", "alert"], name="alert_recipient_user")]

    def __str__(self) -> str:
        return f"Step {self.step}: {self.get_role_display()}"


class OnCallShift(models.Model):
    """Who is on call for a program between two moments (the rota)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="on_call_shifts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["program", "starts_at"], name="oncall_program_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="oncall_order"
            )
        ]

    def __str__(self) -> str:
        return f"On call {self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%Y-%m-%d %H:%M}"


CRISIS_TEXT_LENGTH = 4000


class CrisisAction(models.TextChoices):
    LISTENED_STAYED = "listened_stayed", "Listened and stayed with them"
    CALLED_988 = "called_988", "Called 988 with them or for them"
    WARM_HANDOFF_CLINICIAN = "warm_handoff_clinician", "Warm handoff to a clinician"
    EMERGENCY_SERVICES = "emergency_services", "Called emergency services"
    NALOXONE_GIVEN = "naloxone_given", "Gave naloxone"
    OTHER = "other", "Something else"


class CrisisEvent(models.Model):
    """What happened in a crisis and what the advocate did, as they record it afterwards.

    It may follow an alert (one record per alert) or stand alone. A supervisor of the
    recording advocate's team, or a director, signs it off; nobody signs off their own.
    Never deleted: a correction is a new record.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="crisis_events")
    alert = models.OneToOneField(
        Alert,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="crisis_event",
        help_text="The alert this crisis followed, if any.",
    )
    occurred_at = models.DateTimeField(help_text="When the crisis happened.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(help_text="When it was recorded.")
    what_happened = EncryptedTextField()
    risk_level = models.CharField(max_length=10, choices=Severity.choices)
    actions = models.JSONField(default=list, help_text="CrisisAction codes, in form order.")
    actions_other = EncryptedCharField(max_length=REASON_LENGTH, blank=True)
    outcome = EncryptedTextField()
    follow_up_on = models.DateField(null=True, blank=True)
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    follow_up_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["client", "-occurred_at"], name="crisis_client_recent"),
            # The review queue: events of an organization not yet signed off.
            models.Index(
                fields=["organization", "created_at"],
                condition=Q(reviewed_at__isnull=True),
                name="crisis_awaiting_review",
            ),
            # Today: follow-ups set and not yet done, per client.
            models.Index(
                fields=["client", "follow_up_on"],
                condition=Q(follow_up_on__isnull=False, follow_up_done_at__isnull=True),
                name="crisis_followup_open",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True, reviewed_at__isnull=True)
                | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="crisis_review_named",
            ),
            # The database refuses a self sign-off even if a caller skips the service.
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=models.F("recorded_by")),
                name="crisis_review_not_own",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_risk_level_display()} crisis event"

    @property
    def is_signed_off(self) -> bool:
        return self.reviewed_at is not None

    @property
    def follow_up_pending(self) -> bool:
        return self.follow_up_on is not None and self.follow_up_done_at is None

    def action_labels(self) -> list[str]:
        """The actions in words; "Something else" becomes what the advocate wrote."""
        labels = dict(CrisisAction.choices)
        return [
            (self.actions_other or labels[code]) if code == CrisisAction.OTHER else labels[code]
            for code in self.actions
            if code in labels
        ]
