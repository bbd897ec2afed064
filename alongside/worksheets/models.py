"""Worksheets a client keeps for their step work: rows of their own words, private unless
they share them with their advocate, and the advocate's comments on what was shared.

Everything a person writes is encrypted at rest (`alongside.lib.encrypted_fields`): a row's
answers are one encrypted JSON object, a comment's text is encrypted. Sharing, dates and
counts are plain columns so the staff pages and the Today queue can count and compare them
without reading anyone's words. Written only by `services.py`.

Sharing is chosen per row for the Step 4 inventory (`Sheet.per_row_sharing`) and per
worksheet for the others; `EntryQuerySet.shared()` is the one place that rule is written.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from alongside.clients.models import Client
from alongside.lib.encrypted_fields import EncryptedTextField
from alongside.organizations.models import Organization
from alongside.worksheets.kinds import SHEETS, Kind, Sheet, stage_title

KEY_LENGTH = 40
COMMENT_LENGTH = 2000


class Worksheet(models.Model):
    """One worksheet of one client: a kind, on one pathway stage. At most one per kind and
    stage, so "my Step 4 inventory" is always the same place."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="worksheets")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    pathway = models.CharField(max_length=KEY_LENGTH)
    stage = models.CharField(max_length=KEY_LENGTH)
    # Whole-worksheet sharing (every kind but the inventory, whose rows are shared one by one).
    shared = models.BooleanField(default=False)
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the client last changed a row (or the sharing): the state staff may see.
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "pathway", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "kind", "pathway", "stage"],
                name="worksheets_one_per_kind_and_stage",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.pathway}/{self.stage}"

    @property
    def sheet(self) -> Sheet:
        return SHEETS[self.kind]

    @property
    def per_row_sharing(self) -> bool:
        return self.sheet.per_row_sharing

    def stage_label(self) -> str:
        """Return the stage's title (its key if the catalog no longer has it)."""
        return str(stage_title(self.pathway, self.stage) or self.stage)


class EntryQuerySet(models.QuerySet["Entry"]):
    def shared(self) -> EntryQuerySet:
        """Rows the client has shared: the row itself (inventory) or its whole worksheet."""
        return self.filter(
            Q(worksheet__kind=Kind.INVENTORY, shared=True)
            | (~Q(worksheet__kind=Kind.INVENTORY) & Q(worksheet__shared=True))
        )


class Entry(models.Model):
    """One row of a worksheet: the answers to its section's boxes, in the client's words."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="worksheet_rows")
    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="entries")
    section = models.CharField(max_length=KEY_LENGTH)
    # The client's local day, for the nightly review (one row per day); else null.
    day = models.DateField(null=True, blank=True)
    content = EncryptedTextField()
    # Row-by-row sharing (inventory only; other rows follow their worksheet).
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the words last changed, or sharing last began: "new to the advocate" is later
    # than their last comment (today.py).
    changed_at = models.DateTimeField()

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worksheet", "day"],
                condition=Q(day__isnull=False),
                name="worksheets_one_row_per_day",
            )
        ]
        indexes = [models.Index(fields=["client", "changed_at"])]

    def __str__(self) -> str:
        return f"Row of {self.worksheet_id}"

    def answers(self) -> dict[str, str]:
        """Return the row's answers by box name ({} if none were stored)."""
        if not self.content:
            return {}
        loaded: Any = json.loads(self.content)
        return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}

    def set_answers(self, answers: dict[str, str]) -> None:
        self.content = json.dumps(answers, ensure_ascii=False, sort_keys=True)

    def labelled(self) -> list[tuple[Any, str]]:
        """Return (box label, answer as shown) for each box of the row's section."""
        section = self.worksheet.sheet.section(self.section)
        if section is None:
            return []
        answers = self.answers()
        shown = []
        for box in section.boxes:
            value = answers.get(box.name, "")
            if box.kind == "choice":
                value = str(dict(box.choices).get(value, value))
            shown.append((box.label, value))
        return shown

    def summary(self) -> str:
        """Return the row's first answer, shortened: how the client finds it in a list."""
        first = next((value for _label, value in self.labelled() if value), "")
        return first if len(first) <= 60 else first[:59] + "…"

    def is_shared(self) -> bool:
        return self.shared if self.worksheet.per_row_sharing else self.worksheet.shared


class Comment(models.Model):
    """An advocate's comment on shared content of a worksheet (a row of it, or the whole).
    The client reads every comment; the advocate only those on content still shared."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="worksheet_comments")
    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="comments")
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["worksheet", "created_at"])]

    def __str__(self) -> str:
        return f"Comment on {self.worksheet_id}"
