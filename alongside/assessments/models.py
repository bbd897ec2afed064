"""Assessment responses: one row per questionnaire a client answered, never changed after.

The answers are stored as given, with the score the pure scoring function gave them on the
instrument version they were answered on (`instrument`, `version`), so a response can always
be read again with its own definition, whatever later versions change. Written only by
`services.record_assessment()`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from alongside.assessments.catalog import get_instrument
from alongside.assessments.instruments import FEMALE, MALE, Instrument
from alongside.assessments.scoring import Result, score
from alongside.clients.models import Client
from alongside.organizations.models import Organization

INSTRUMENT_KEY_LENGTH = 20
BAND_KEY_LENGTH = 40


class Source(models.TextChoices):
    """Where a response came from; `created_by` says who gave it. The same values as a
    check-in's source, so reports can put the two side by side."""

    PORTAL = "portal", "Client portal"
    STAFF = "staff", "Given with staff"
    API = "api", "API"


class Sex(models.TextChoices):
    """Only to choose AUDIT-C's cut-off (4 for men, 3 for women). Left blank, the lower
    cut-off applies, so nobody is missed because the question was not asked."""

    FEMALE = FEMALE, "Female"
    MALE = MALE, "Male"


class AssessmentResponseQuerySet(models.QuerySet["AssessmentResponse"]):
    def newest_first(self) -> AssessmentResponseQuerySet:
        return self.order_by("-occurred_at", "-id")

    def of_instrument(self, key: str) -> AssessmentResponseQuerySet:
        return self.filter(instrument=key)


class AssessmentResponse(models.Model):
    """A client's answers to one instrument, with the total, band and flags they scored.

    ANSWERS maps every item key of the instrument version to the value given, or None for an
    item left blank. TOTAL is None (and BAND blank) when a required item was left blank: a
    total is never made up around a blank. FLAGS are the stable keys of
    `instruments.SAFETY` and friends, in the order raised. OCCURRED_AT is when the person
    answered; CREATED_AT when it was recorded, by CREATED_BY (their own account, or the
    staff member who gave it with them; null only for rows loaded in bulk).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="assessment_responses"
    )
    instrument = models.CharField(max_length=INSTRUMENT_KEY_LENGTH)
    version = models.PositiveSmallIntegerField()
    answers = models.JSONField()
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=BAND_KEY_LENGTH, blank=True)
    flags = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = AssessmentResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # "The latest response per client per instrument": the schedule, the Today
            # reason and the profile read it for a whole caseload at once.
            models.Index(
                fields=["client", "instrument", "-occurred_at"],
                name="assessment_client_instrument",
            ),
            # A client's history across instruments, newest first (lists, the API).
            models.Index(fields=["client", "-occurred_at"], name="assessment_client_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__isnull=True, band="") | Q(total__isnull=False) & ~Q(band=""),
                name="assessment_band_only_with_total",
            ),
            models.CheckConstraint(
                condition=Q(source__in=Source.values), name="assessment_source_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition} on {self.occurred_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A clinical record: a wrong response is followed by a new one, never edited.
        if not self._state.adding:
            raise ValueError("assessment responses are never changed after they are saved")
        super().save(*args, **kwargs)

    @property
    def definition(self) -> Instrument:
        """The instrument version these answers were given on."""
        return get_instrument(self.instrument, self.version)

    @property
    def complete(self) -> bool:
        return self.total is not None

    def result(self) -> Result:
        """Return the stored answers scored again on their own definition: the same total,
        band and flags as stored, plus the explanation and strongest areas, in the active
        language (definitions never change once answered on, so the two always agree)."""
        return score(self.definition, self.answers, sex=self.sex or None)

    def band_label(self) -> Any:
        """The band's name in the active language; "" when there is no total."""
        if not self.band:
            return ""
        bands = self.definition.bands_for(self.sex or None)
        return next((band.label for band in bands if band.key == self.band), self.band)
