"""People receiving peer support, their episodes of care and their advocates over time."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from alongside.lib.zones import validate_zone
from alongside.organizations.models import Organization, Program


class Pathway(models.TextChoices):
    TWELVE_STEP = "12-step", "12-step"
    SMART = "smart", "SMART Recovery"
    MEDICATION = "medication", "Medication-supported recovery"
    FAITH = "faith", "Faith-based"
    HARM_REDUCTION = "harm-reduction", "Harm reduction"
    OTHER = "other", "Other / my own pathway"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"


class Client(models.Model):
    """A person receiving peer support. The public id is the only id shown outside."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    preferred_name = models.CharField(max_length=150)
    legal_name = models.CharField(max_length=200, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, validators=[validate_zone])
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    phone = models.CharField(max_length=32, blank=True)
    email = models.EmailField(blank=True)
    pathways = models.JSONField(default=list, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client_record",
        help_text="The person's own portal account, if they have one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["preferred_name"]
        indexes = [models.Index(fields=["organization", "preferred_name"])]

    def __str__(self) -> str:
        return self.preferred_name

    def pathway_labels(self) -> list[str]:
        labels = dict(Pathway.choices)
        return [labels.get(p, p) for p in self.pathways]


class LevelOfCare(models.TextChoices):
    RESIDENTIAL = "residential", "Residential"
    INTENSIVE_OUTPATIENT = "iop", "Intensive outpatient"
    OUTPATIENT = "outpatient", "Outpatient"
    RECOVERY_SUPPORT = "recovery-support", "Recovery support services"


class DischargeReason(models.TextChoices):
    """The TEDS-style set (DESIGN.md §2)."""

    COMPLETED = "completed", "Completed"
    LEFT = "left", "Left before completion"
    TRANSFERRED = "transferred", "Transferred"
    ADMINISTRATIVE = "administrative", "Administrative discharge"
    INCARCERATED = "incarcerated", "Incarcerated"
    DIED = "died", "Died"
    OTHER = "other", "Other"


class EpisodeQuerySet(models.QuerySet["Episode"]):
    def open(self) -> EpisodeQuerySet:
        return self.filter(discharged_at__isnull=True)


class Episode(models.Model):
    """One stay in a program, from admission to discharge (retention is measured here)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="episodes")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="episodes")
    level_of_care = models.CharField(max_length=20, choices=LevelOfCare.choices)
    admitted_at = models.DateTimeField()
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=20, choices=DischargeReason.choices, blank=True)
    # Re-engagement: the client's discharged episode this one follows (alongside/aftercare).
    previous_episode = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_episodes"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-admitted_at"]
        indexes = [
            # Clinician scope and the director's program view: open episodes per program.
            models.Index(fields=["program", "discharged_at"]),
            models.Index(fields=["client", "discharged_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_at__isnull=True, discharge_reason="")
                | Q(discharged_at__isnull=False) & ~Q(discharge_reason=""),
                name="episode_discharge_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} from {self.admitted_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.discharged_at is None

    def length_in_days(self, now: datetime) -> int:
        end = self.discharged_at or now
        return (end - self.admitted_at).days


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def current(self) -> AssignmentQuerySet:
        return self.filter(ended_at__isnull=True)


class Assignment(models.Model):
    """An advocate working with a client over a period. Ended, never deleted (history)."""

    class EndReason(models.TextChoices):
        TRANSFERRED = "transferred", "Transferred to another advocate"
        DISCHARGED = "discharged", "Client discharged"
        ENDED = "ended", "Ended"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assignments")
    advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            # The access layer's hottest filter: an advocate's current caseload.
            models.Index(fields=["advocate", "ended_at"]),
            models.Index(fields=["client", "ended_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "advocate"],
                condition=Q(ended_at__isnull=True),
                name="assignment_one_current_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.advocate} with client {self.client_id}"


def age_on(date_of_birth: date | None, today: date) -> int | None:
    if date_of_birth is None:
        return None
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - before_birthday
