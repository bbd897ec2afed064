"""Check-ins: a client's daily status, one row per client per local day."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from alongside.clients.models import Client
from alongside.lib.encrypted_fields import EncryptedCharField, EncryptedTextField
from alongside.lib.zones import local_date
from alongside.organizations.models import Organization

CRAVING_MIN = 0
CRAVING_MAX = 10
SLEEP_HOURS_MAX = 24
SUBSTANCE_LENGTH = 100
WENT_WELL_LENGTH = 2000


class Mood(models.IntegerChoices):
    """How the person feels, always with words: a face alone is easy to misread."""

    VERY_LOW = 1, "Very low"
    LOW = 2, "Low"
    OKAY = 3, "Okay"
    GOOD = 4, "Good"
    GREAT = 5, "Great"


class SleepQuality(models.TextChoices):
    POOR = "poor", "Poor"
    OK = "ok", "OK"
    GOOD = "good", "Good"


class Source(models.TextChoices):
    """Where a check-in came from; `recorded_by` says who gave it."""

    PORTAL = "portal", "Client portal"
    STAFF = "staff", "Recorded by staff"
    API = "api", "API"


def local_date_of(client: Client, moment: datetime) -> date:
    """Return the calendar date in CLIENT's own zone at the aware instant MOMENT.

    At 10:30 UTC on Jan 1 it is already Jan 2 in Kiritimati (UTC+14) and still Jan 1 in
    Chicago: a check-in belongs to the person's day, not the server's or the advocate's.
    """
    return local_date(client.time_zone, moment)


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def newest_first(self) -> CheckInQuerySet:
        # local_date is unique per client, so within one client this order is total.
        return self.order_by("-local_date")

    def for_local_day(self, day: date) -> CheckInQuerySet:
        return self.filter(local_date=day)


class CheckIn(models.Model):
    """A client's status on one local day. `occurred_at` is when it was given (UTC);
    `local_date` is the client's calendar date at that moment, fixed when it is recorded.

    One row per client per local day (`checkin_one_per_client_day`): a second check-in the
    same day updates the row — the latest answers win and the audit log keeps an `update`
    event (see the package docstring). Written only by `services.record_checkin()`.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="checkins")
    occurred_at = models.DateTimeField()
    local_date = models.DateField()
    mood = models.PositiveSmallIntegerField(choices=Mood.choices)
    craving = models.PositiveSmallIntegerField()
    used_since_last = models.BooleanField(default=False)
    # The client's own words, stored encrypted (docs/privacy.md, "Encryption at rest").
    substance = EncryptedCharField(max_length=SUBSTANCE_LENGTH, blank=True)
    sleep_hours = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    sleep_quality = models.CharField(max_length=8, choices=SleepQuality.choices, blank=True)
    went_well = EncryptedTextField(blank=True)
    wants_contact = models.BooleanField(default=False)
    # The safety question: "Are you thinking about harming yourself or ending your life?"
    # A yes raises a high-severity alert in the same transaction (safety.rules).
    safety_concern = models.BooleanField(default=False)
    # Reported an overdose (theirs, since the last check-in); severity per program rules.
    overdose = models.BooleanField(default=False)
    source = models.CharField(max_length=10, choices=Source.choices)
    # Who gave these answers: the client's own account, or the staff member who recorded them.
    # Null only for rows loaded in bulk (demo data, imports), which no person entered.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-local_date", "-id"]
        indexes = [
            # The Today queue's and reminders' sweeps: everyone's check-ins on given days.
            # "Latest check-ins per client" needs no index of its own: the unique
            # (client, local_date) constraint below is that index, read backwards.
            models.Index(fields=["organization", "local_date"], name="checkin_org_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "local_date"], name="checkin_one_per_client_day"
            ),
            models.CheckConstraint(condition=Q(mood__gte=1, mood__lte=5), name="checkin_mood_1_5"),
            models.CheckConstraint(
                condition=Q(craving__gte=CRAVING_MIN, craving__lte=CRAVING_MAX),
                name="checkin_craving_0_10",
            ),
            models.CheckConstraint(
                condition=Q(sleep_hours__isnull=True)
                | Q(sleep_hours__gte=0, sleep_hours__lte=SLEEP_HOURS_MAX),
                name="checkin_sleep_hours_0_24",
            ),
            models.CheckConstraint(
                condition=Q(used_since_last=True) | Q(substance=""),
                name="checkin_substance_only_if_used",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in on {self.local_date:%Y-%m-%d}"
