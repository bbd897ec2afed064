"""Support contacts (encounters) an advocate logs with a client."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from alongside.clients.models import Client
from alongside.lib.encrypted_fields import EncryptedCharField, EncryptedTextField
from alongside.organizations.models import Organization


class EncounterKind(models.TextChoices):
    ONE_ON_ONE = "one-on-one", "One-on-one"
    PHONE = "phone", "Phone call"
    MESSAGE = "message", "Text / message"
    GROUP = "group", "Group"
    OUTREACH = "outreach", "Outreach"
    ACCOMPANIMENT = "accompaniment", "Accompaniment (e.g. to an appointment)"
    BRIEF = "brief", "Brief check-in"


class Topic(models.TextChoices):
    STEP_WORK = "step-work", "Step work"
    GOALS = "goals", "Goals"
    HOUSING = "housing", "Housing"
    EMPLOYMENT = "employment", "Employment"
    FAMILY = "family", "Family"
    HEALTH = "health", "Health"
    CRISIS = "crisis", "Crisis"
    OTHER = "other", "Other"


class EncounterQuerySet(models.QuerySet["Encounter"]):
    def timeline(self) -> EncounterQuerySet:
        return self.order_by("-occurred_at", "-id")


class Encounter(models.Model):
    """One support contact. `occurred_at` is when it happened; `created_at` when logged."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="encounters")
    advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="encounters"
    )
    kind = models.CharField(max_length=20, choices=EncounterKind.choices)
    occurred_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    # Free text: stored encrypted (docs/privacy.md, "Encryption at rest").
    location = EncryptedCharField(max_length=200, blank=True)
    topics = models.JSONField(default=list, blank=True)
    note = EncryptedTextField(blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EncounterQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # The profile timeline and "last contact" per client on the caseload.
            models.Index(fields=["client", "-occurred_at"], name="encounter_client_time"),
            # Team view: contacts per advocate this week.
            models.Index(fields=["advocate", "occurred_at"], name="encounter_advocate_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%Y-%m-%d}"

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [labels.get(t, t) for t in self.topics]
