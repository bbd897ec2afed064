"""Group sessions: groups, their weekly schedule, sessions, roster and attendance."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from alongside.clients.models import Client
from alongside.lib.encrypted_fields import EncryptedCharField, EncryptedTextField
from alongside.organizations.models import Organization, Program
from alongside.support.models import Encounter

PERSON_NOTE_MAX = 200


class Topic(models.TextChoices):
    STEP_STUDY = "step-study", "Step study"
    # The stored value keeps the field's usual name; the label follows DESIGN.md §4.9.
    RELAPSE_PREVENTION = "relapse-prevention", "Recurrence prevention"
    LIFE_SKILLS = "life-skills", "Life skills"
    OPEN_SHARE = "open-share", "Open share"
    OTHER = "other", "Other"


class Group(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=120)
    topic = models.CharField(max_length=30, choices=Topic.choices)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="facilitated")
    capacity = models.PositiveSmallIntegerField()
    # Where the group meets is about the group, not about anyone in it: plain text.
    location = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Schedule(models.Model):
    """A weekly schedule in the organization's zone; EXCEPTIONS are ISO dates skipped."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="schedule")
    weekdays = models.JSONField(default=list)  # 0 = Monday … 6 = Sunday
    start_time = models.TimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    starts_on = models.DateField()
    exceptions = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"Schedule of {self.group}"


class SessionQuerySet(models.QuerySet["Session"]):
    def upcoming(self, now: object) -> SessionQuerySet:
        return self.filter(starts_at__gte=now, cancelled=False).order_by("starts_at")


class Session(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    cancelled = models.BooleanField(default=False)
    # The one group note, written once for everyone present: encrypted at rest.
    note = EncryptedTextField(blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "starts_at"], name="group_session_once"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="group_session_time")]

    def __str__(self) -> str:
        return f"{self.group} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


class RosterMember(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="roster")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="group_rosters")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "client"], name="group_roster_once"),
        ]

    def __str__(self) -> str:
        return f"Roster member of {self.group}"


class Status(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    EXCUSED = "excused", "Excused"
    ABSENT = "absent", "Absent"


ATTENDED = frozenset({Status.PRESENT, Status.LATE})


class Attendance(models.Model):
    """One client's attendance at one session. Present or late links the group Encounter
    logged for it; saving again updates that encounter instead of adding one."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="group_attendance")
    status = models.CharField(max_length=10, choices=Status.choices)
    note = EncryptedCharField(max_length=PERSON_NOTE_MAX, blank=True)
    encounter = models.OneToOneField(
        Encounter, on_delete=models.SET_NULL, null=True, blank=True, related_name="attendance"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "client"], name="group_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.session_id}"


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL. Only its SHA-256 is stored, so the
    database cannot hand the URL out again; regenerating replaces it, revoking deletes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar token of user {self.user_id}"
