"""Pathways and step work: where each client is on each stage, the client's own stages, and
each advocate's private lived-experience notes.

Progress is history: every move of a stage is a `StageMove` row, never updated or deleted;
a stage's current state is the state of its latest move (no move: not started). Written only
by `services.py`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.clients.models import Client
from alongside.lib.encrypted_fields import EncryptedCharField, EncryptedTextField
from alongside.organizations.models import Organization

KEY_LENGTH = 40
NOTE_LENGTH = 4000
TITLE_LENGTH = 120


class State(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    INTRODUCED = "introduced", _("Introduced")
    WORKING = "working", _("Working on it")
    COMPLETED = "completed", _("Completed")
    REVISITING = "revisiting", _("Revisiting")


# The moves a stage may make. Revisiting is coming back to a completed stage; it ends by
# completing it again. Nothing goes back to "not started": history is kept instead.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.NOT_STARTED: frozenset({State.INTRODUCED}),
    State.INTRODUCED: frozenset({State.WORKING}),
    State.WORKING: frozenset({State.COMPLETED}),
    State.COMPLETED: frozenset({State.REVISITING}),
    State.REVISITING: frozenset({State.COMPLETED}),
}


class OwnStage(models.Model):
    """A stage of a client's own pathway, named by the client or their advocate.

    Its `public_id` (as text) is the stage key its moves carry. The title is the client's own
    words, so it is stored encrypted.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="own_stages")
    position = models.PositiveIntegerField()
    title = EncryptedCharField(max_length=TITLE_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "position"], name="pathways_own_stage_position_per_client"
            )
        ]

    def __str__(self) -> str:
        return f"Own stage {self.position}"

    @property
    def key(self) -> str:
        return str(self.public_id)


class StageMove(models.Model):
    """One move of one stage of one client's pathway: from a state to another, when, by whom,
    with the advocate's guidance note (free text about the client, encrypted)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="stage_moves")
    pathway = models.CharField(max_length=KEY_LENGTH)
    stage = models.CharField(max_length=KEY_LENGTH)
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    note = EncryptedTextField(blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moved_at = models.DateTimeField()

    class Meta:
        ordering = ["moved_at", "pk"]
        indexes = [models.Index(fields=["client", "pathway", "stage", "moved_at"])]

    def __str__(self) -> str:
        return f"{self.pathway}/{self.stage}: {self.from_state} → {self.to_state}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A stage move is never changed; record a new move.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Stage moves are kept: history is never deleted.")


class LivedExperienceNote(models.Model):
    """An advocate's own words about a stage, reusable with every client they support.

    Private to its author in its organization: never shown to clients, supervisors or other
    staff. A client sees it only when the author shares a copy in the conversation (a
    message). Not about a client, so reads are not audited; the text is still encrypted.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    pathway = models.CharField(max_length=KEY_LENGTH)
    stage = models.CharField(max_length=KEY_LENGTH)
    text = EncryptedTextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "pathway", "stage"],
                name="pathways_one_note_per_stage_per_author",
            )
        ]

    def __str__(self) -> str:
        return f"Note on {self.pathway}/{self.stage}"
