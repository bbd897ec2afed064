"""Safety plans: a client's own plan for getting through a crisis, in six sections.

Each save is a new `SafetyPlanVersion`; versions are never updated or deleted, so the plan a
client had on any day can be shown again, and who changed what stays answerable. The current
plan is simply the version with the highest number. Written only by
`services.save_safety_plan()`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from alongside.clients.models import Client
from alongside.lib.encrypted_fields import EncryptedTextField
from alongside.organizations.models import Organization
from alongside.safetyplans.sections import SECTION_KEYS, SECTIONS, Section


class SafetyPlanVersion(models.Model):
    """One version of a client's safety plan: the six sections as they were saved.

    `number` counts from 1 per client (`safetyplan_version_number_per_client`, which is also
    the index that finds the latest version). Section texts are at most
    `sections.SECTION_LENGTH` characters, enforced by the service; empty means not filled in.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="safety_plans")
    number = models.PositiveIntegerField()
    # The plan's words are stored encrypted (docs/privacy.md, "Encryption at rest").
    warning_signs = EncryptedTextField(blank=True)
    coping_alone = EncryptedTextField(blank=True)
    distractions = EncryptedTextField(blank=True)
    support_people = EncryptedTextField(blank=True)
    professionals = EncryptedTextField(blank=True)
    safer_surroundings = EncryptedTextField(blank=True)
    # The client's own account, or the staff member who typed it with them.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Not a column: set by the service on the version it has just created, so a caller can
    # tell "saved as a new version" from "nothing had changed" without reading again.
    saved_now: bool = False

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "number"], name="safetyplan_version_number_per_client"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="safetyplan_number_from_1"),
        ]

    def __str__(self) -> str:
        return f"Safety plan version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A safety plan version is never changed; save a new version.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Safety plan versions are kept: history is never deleted.")

    def texts(self) -> dict[str, str]:
        """Return the six section texts by key."""
        return {key: getattr(self, key) for key in SECTION_KEYS}

    def entries(self) -> list[tuple[Section, str]]:
        """Return (section, text) in the plan's order, for templates."""
        return [(section, getattr(self, section.key)) for section in SECTIONS]

    def filled_count(self) -> int:
        return sum(1 for text in self.texts().values() if text)
