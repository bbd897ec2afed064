"""Tenants (organizations), their programs, and who works there in which role."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from alongside.lib.zones import validate_zone


class Organization(models.Model):
    """A tenant: a treatment center or recovery community organization."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_zone]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """A service line inside an organization; episodes of care belong to one."""

    class Kind(models.TextChoices):
        RESIDENTIAL = "residential", "Residential"
        INTENSIVE_OUTPATIENT = "iop", "Intensive outpatient"
        OUTPATIENT = "outpatient", "Outpatient"
        RECOVERY_CENTER = "rcc", "Recovery community center"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="programs"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    settings = models.JSONField(
        default=dict, blank=True, help_text="Program-specific settings (timers, schedules)."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="program_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRA = "pra", "Peer recovery advocate"
    SUPERVISOR = "supervisor", "Supervisor"
    CLINICIAN = "clinician", "Clinician"
    DIRECTOR = "director", "Program director"
    ADMIN = "admin", "Administrator"
    # Reviews the audit log and break-glass access; sees no client content (empty scope).
    PRIVACY_OFFICER = "privacy_officer", "Privacy officer"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    """One role a user holds in one organization; a user may hold several.

    A PRA membership may name the supervisor whose team the PRA is on. A clinician
    membership lists the programs the clinician works in (their need-to-know scope).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    programs = models.ManyToManyField(Program, blank=True, related_name="memberships")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_memberships",
        help_text="For advocates: the supervisor whose team they are on.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "role"], name="membership_role_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organization}"

    def clean(self) -> None:
        if self.supervisor_id is not None:
            if self.role != Role.PRA:
                raise ValidationError({"supervisor": "Only advocates have a supervisor."})
            if not Membership.objects.filter(
                organization_id=self.organization_id,
                user_id=self.supervisor_id,
                role=Role.SUPERVISOR,
            ).exists():
                raise ValidationError(
                    {"supervisor": "The supervisor must be a supervisor in this organization."}
                )
