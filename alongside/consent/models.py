"""42 CFR Part 2 consents, the disclosure ledger and emergency disclosure records.

A `Consent` holds every element 42 CFR 2.31(a) requires, as the client signed it; it is
written only by `services.record_consent()` and changed only by revocation or by recording the
event it expires on. Nothing here is ever deleted: revoked and expired consents stay on file,
and every `Disclosure` (one row per record that left the program) is kept for the accounting
of disclosures (42 CFR 2.25 asks for 3 years; we keep them all). Ledger rows are written only
by the disclosure gate (`gate.py`).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models

from alongside.clients.models import Client
from alongside.lib.zones import local_date
from alongside.organizations.models import Organization


class ConsentType(models.TextChoices):
    TPO = "tpo", "Treatment, payment and health care operations (one consent for all)"
    SPECIFIC = "specific", "A named person or organization, for a stated purpose"


class Category(models.TextChoices):
    """The kinds of record a consent may cover and a disclosure may contain."""

    CONTACTS = "contacts", "Support contacts"
    CHECKINS = "checkins", "Check-ins"
    RECOVERY = "recovery", "Recovery timeline and wins"
    ASSESSMENTS = "assessments", "Questionnaire results"
    SAFETY_PLAN = "safety_plan", "Safety plan"
    MESSAGES = "messages", "Messages"
    # 42 CFR 2.31(b): SUD counseling notes need a consent of their own, never combined with a
    # consent for anything else. Alongside holds none yet; the rule is in place for when it does.
    COUNSELING_NOTES = "counseling_notes", "Counseling notes (separate consent only)"


GENERAL_CATEGORIES = tuple(c for c in Category if c != Category.COUNSELING_NOTES)


class Purpose(models.TextChoices):
    TREATMENT = "treatment", "Treatment"
    PAYMENT = "payment", "Payment"
    OPERATIONS = "operations", "Health care operations"
    CLIENT_REQUEST = "client_request", "At the client's request"
    FAMILY_SUPPORT = "family_support", "Involving family or friends in recovery support"
    HOUSING_BENEFITS = "housing_benefits", "A housing or benefits application"
    EMPLOYMENT = "employment", "Employment or return to work"
    # Ledger only: a disclosure without consent under 42 CFR 2.51. Never a consent's purpose.
    MEDICAL_EMERGENCY = "medical_emergency", "Medical emergency"


TPO_PURPOSES = (Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS)
CONSENT_PURPOSES = tuple(p for p in Purpose if p != Purpose.MEDICAL_EMERGENCY)


class RecipientClass(models.TextChoices):
    """The classes of recipient a single TPO consent may name (42 CFR 2.31(a)(4)(i))."""

    TREATING_PROVIDERS = "treating_providers", "Treating providers"
    HEALTH_PLANS = "health_plans", "Health plans"
    PAYERS = "payers", "Third-party payers"
    PROGRAM_OPERATIONS = "program_operations", "People helping to operate this program"


class Expiry(models.TextChoices):
    DATE = "date", "On a date"
    EVENT = "event", "When an event happens"
    END_OF_TREATMENT = "end_of_treatment", "At the end of treatment"


class Signer(models.TextChoices):
    CLIENT = "client", "The client"
    REPRESENTATIVE = "representative", "An authorized representative"


class SignatureMethod(models.TextChoices):
    PORTAL = "portal", "E-signature in the portal"
    WET_SCANNED = "wet_scanned", "Signed on paper (scanned)"
    STAFF_RECORDED = "staff_recorded", "Signed in person, recorded by staff"


STAFF_SIGNATURE_METHODS = (SignatureMethod.WET_SCANNED, SignatureMethod.STAFF_RECORDED)


class LegalBasis(models.TextChoices):
    CONSENT = "consent", "Written consent (42 CFR 2.31)"
    MEDICAL_EMERGENCY = "medical_emergency", "Medical emergency (42 CFR 2.51)"
    COURT_ORDER = "court_order", "Court order (42 CFR 2.64)"


class OutputFormat(models.TextChoices):
    HTML = "html", "Printable page (print or save as PDF)"
    CSV = "csv", "Spreadsheet (CSV)"
    NONE = "none", "No output from Alongside (told in person or by phone)"


def long_date(day: date) -> str:
    """Return DAY as "March 5, 2026" (no zero padding, whatever the platform's strftime)."""
    return f"{day:%B} {day.day}, {day.year}"


def normalized_name(name: str) -> str:
    """Return NAME compared case- and space-insensitively ("Dr  Lee " equals "dr lee")."""
    return " ".join(name.split()).casefold()


def start_of_day(day: date, zone_name: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone_name))


def treatment_ended_at(client: Client, since: datetime) -> datetime | None:
    """Return when CLIENT's treatment ended after SINCE: the first moment after it with no
    open episode; None while treatment goes on.

    A readmission after that moment is new treatment: a consent that ran "until the end of
    treatment" does not come back to life with it.
    """
    # client.episodes uses a prefetched list when the caller made one (consent lists).
    spans = [(e.admitted_at, e.discharged_at) for e in client.episodes.all()]

    def open_at(moment: datetime) -> bool:
        return any(start <= moment and (end is None or end > moment) for start, end in spans)

    if not open_at(since) and not any(start > since for start, _ in spans):
        return since
    for end in sorted(end for _, end in spans if end is not None and end >= since):
        if not open_at(end):
            return end
    return None


class Consent(models.Model):
    """A client's written consent to disclose (42 CFR 2.31), with every required element."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    # 2.31(a)(1) the patient.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    consent_type = models.CharField(max_length=10, choices=ConsentType.choices)
    # 2.31(a)(2) who may disclose.
    discloser = models.CharField(max_length=300)
    # 2.31(a)(3) what information: record categories, plus optional detail in words.
    scope = models.JSONField(default=list)
    information_detail = models.CharField(max_length=500, blank=True)
    # 2.31(a)(4) recipients: by name (specific consent) or by class (TPO consent).
    recipient_names = models.JSONField(default=list, blank=True)
    recipient_classes = models.JSONField(default=list, blank=True)
    recipient_description = models.CharField(max_length=500, blank=True)
    # 2.31(a)(5) purposes.
    purposes = models.JSONField(default=list)
    purpose_detail = models.CharField(max_length=500, blank=True)
    # 2.31(a)(6) the right to revoke and how, as the consent stated it.
    revocation_statement = models.TextField()
    # 2.31(a)(4)(iii): the fixed redisclosure statement of a TPO consent.
    tpo_statement = models.TextField(blank=True)
    # 2.31(a)(7) expiry: a date, an event, or the end of treatment.
    expiry = models.CharField(max_length=20, choices=Expiry.choices)
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = models.CharField(max_length=300, blank=True)
    expiry_event_on = models.DateField(
        null=True, blank=True, help_text="When the expiry event happened (recorded by staff)."
    )
    # 2.31(a)(8) signature: the client or an authorized representative, and how it was given.
    signer = models.CharField(max_length=20, choices=Signer.choices)
    signer_name = models.CharField(max_length=200)
    representative_authority = models.CharField(max_length=200, blank=True)
    signature_method = models.CharField(max_length=20, choices=SignatureMethod.choices)
    # 2.31(a)(9) the date signed.
    signed_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revocation_how = models.CharField(max_length=20, choices=SignatureMethod.choices, blank=True)
    revocation_signed_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-signed_on", "-created_at"]
        indexes = [models.Index(fields=["client", "-signed_on"], name="consent_client_signed")]

    def __str__(self) -> str:
        return f"Consent ({self.get_consent_type_display()}) signed {self.signed_on:%Y-%m-%d}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Consents are kept: revoke one instead of deleting it.")

    @property
    def zone(self) -> str:
        return self.organization.time_zone

    def scope_labels(self) -> list[str]:
        return [Category(c).label for c in Category if c in self.scope]

    def purpose_labels(self) -> list[str]:
        return [Purpose(p).label for p in Purpose if p in self.purposes]

    def recipients_text(self) -> str:
        if self.consent_type == ConsentType.TPO:
            classes = [
                RecipientClass(c).label for c in RecipientClass if c in self.recipient_classes
            ]
            described = self.recipient_description or ", ".join(classes)
            return (
                f"{described} ({', '.join(classes)})" if self.recipient_description else described
            )
        return "; ".join(self.recipient_names)

    def expiry_text(self) -> str:
        if self.expiry == Expiry.DATE and self.expires_on:
            return f"on {long_date(self.expires_on)}"
        if self.expiry == Expiry.EVENT:
            return f"when this happens: {self.expiry_event}"
        return "at the end of treatment"

    def signature_text(self) -> str:
        who = self.signer_name
        if self.signer == Signer.REPRESENTATIVE:
            who = f"{who}, authorized representative ({self.representative_authority})"
        return f"{who}; {self.get_signature_method_display().lower()}"

    def summary(self) -> str:
        """Return the clear explanation of the consent's scope that goes with each disclosure
        made under it (42 CFR 2.32(b)); no internal ids but the consent's reference."""
        parts = [
            f"Consent signed {long_date(self.signed_on)} by {self.signature_text()}.",
            f"Type: {self.get_consent_type_display()}.",
            f"Disclosure by: {self.discloser}.",
            f"Information: {', '.join(self.scope_labels())}"
            + (f" ({self.information_detail})" if self.information_detail else "")
            + ".",
            f"Recipients: {self.recipients_text()}.",
            f"Purposes: {', '.join(self.purpose_labels())}"
            + (f" ({self.purpose_detail})" if self.purpose_detail else "")
            + ".",
            f"Expires {self.expiry_text()}.",
            "The client may revoke it in writing at any time.",
            f"Consent reference: {self.public_id}.",
        ]
        return " ".join(parts)

    # --- Is it in force? -------------------------------------------------------------------

    def ended_at(self) -> datetime | None:
        """Return when the consent stopped (or will stop) being in force by its own terms,
        ignoring revocation; None while it has not."""
        if self.expiry == Expiry.DATE and self.expires_on is not None:
            return start_of_day(self.expires_on + timedelta(days=1), self.zone)
        if self.expiry == Expiry.EVENT and self.expiry_event_on is not None:
            return start_of_day(self.expiry_event_on, self.zone)
        if self.expiry == Expiry.END_OF_TREATMENT:
            return treatment_ended_at(self.client, start_of_day(self.signed_on, self.zone))
        return None

    def inactive_reason(self, at: datetime) -> str | None:
        """Return why the consent is not in force at AT; None when it is."""
        if self.revoked_at is not None and self.revoked_at <= at:
            return (
                f"This consent was revoked on {long_date(local_date(self.zone, self.revoked_at))}."
            )
        if local_date(self.zone, at) < self.signed_on:
            return "This consent was not yet signed at that time."
        ended = self.ended_at()
        if ended is not None and ended <= at:
            when = local_date(self.zone, ended - timedelta(microseconds=1))
            if self.expiry == Expiry.END_OF_TREATMENT:
                return f"This consent ended with the end of treatment on {long_date(when)}."
            if self.expiry == Expiry.EVENT:
                return f"This consent ended when its expiry event happened ({long_date(when)})."
            return f"This consent expired on {long_date(when)}."
        return None

    def is_active(self, at: datetime) -> bool:
        return self.inactive_reason(at) is None

    def status(self, at: datetime) -> str:
        """Return "active", "revoked" or "expired" (for lists)."""
        if self.revoked_at is not None and self.revoked_at <= at:
            return "revoked"
        return "active" if self.is_active(at) else "expired"

    def refusals(
        self, recipient_name: str, recipient_class: str, purpose: str, scope: set[str], at: datetime
    ) -> list[str]:
        """Return every reason this consent does not allow disclosing SCOPE to the recipient
        for PURPOSE at AT; an empty list when it does."""
        problems = []
        reason = self.inactive_reason(at)
        if reason:
            problems.append(reason)
        if self.consent_type == ConsentType.TPO:
            if recipient_class not in self.recipient_classes:
                named = ", ".join(
                    RecipientClass(c).label.lower()
                    for c in RecipientClass
                    if c in self.recipient_classes
                )
                problems.append(
                    f"The recipient is not in a class of recipient this consent names ({named})."
                )
        elif normalized_name(recipient_name) not in {
            normalized_name(n) for n in self.recipient_names
        }:
            problems.append(
                f"“{recipient_name}” is not a recipient this consent names "
                f"({'; '.join(self.recipient_names)})."
            )
        if purpose not in self.purposes:
            problems.append(
                f"“{Purpose(purpose).label}” is not a purpose this consent allows "
                f"({', '.join(self.purpose_labels())})."
            )
        if Category.COUNSELING_NOTES in scope and self.scope != [Category.COUNSELING_NOTES]:
            problems.append(
                "Counseling notes need their own separate consent; "
                "this consent does not cover them."
            )
        missing = [Category(c).label for c in Category if c in scope and c not in self.scope]
        missing = [m for m in missing if m != Category.COUNSELING_NOTES.label]
        if missing:
            problems.append(f"Not covered by this consent: {', '.join(missing)}.")
        return problems


class DisclosureQuerySet(models.QuerySet["Disclosure"]):
    def since(self, moment: datetime) -> DisclosureQuerySet:
        return self.filter(occurred_at__gte=moment)


class Disclosure(models.Model):
    """One disclosure of a client's information outside the program: the ledger row the
    accounting of disclosures is made from. Written only by the gate; never changed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="disclosures")
    occurred_at = models.DateTimeField()
    recipient_name = models.CharField(max_length=300)
    recipient_class = models.CharField(max_length=30, choices=RecipientClass.choices, blank=True)
    description = models.CharField(max_length=1000, help_text="What was disclosed, in words.")
    scope = models.JSONField(default=list)
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    basis = models.CharField(max_length=20, choices=LegalBasis.choices)
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="disclosures", null=True, blank=True
    )
    basis_reference = models.CharField(
        max_length=300, blank=True, help_text="Court order reference, when that is the basis."
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    output_format = models.CharField(max_length=10, choices=OutputFormat.choices)
    output_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the output exactly as it was handed out."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["client", "-occurred_at"], name="disclosure_client_recent")]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient_name} ({self.occurred_at:%Y-%m-%d})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("The disclosure ledger is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("The disclosure ledger is append-only.")

    def basis_text(self) -> str:
        if self.basis == LegalBasis.CONSENT and self.consent is not None:
            return f"Consent signed {long_date(self.consent.signed_on)} ({self.consent.public_id})"
        if self.basis_reference:
            return f"{self.get_basis_display()}: {self.basis_reference}"
        return self.get_basis_display()


class EmergencyDisclosure(models.Model):
    """The record 42 CFR 2.51(c) requires after a disclosure in a medical emergency."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    disclosure = models.OneToOneField(
        Disclosure, on_delete=models.PROTECT, related_name="emergency"
    )
    # 2.51(c)(1) the medical personnel who received it and their facility.
    recipient_name = models.CharField(max_length=200)
    facility = models.CharField(max_length=200)
    # 2.51(c)(2) who disclosed (may differ from who records it: `disclosure.made_by`).
    disclosed_by = models.CharField(max_length=200)
    # 2.51(c)(3) date and time.
    disclosed_at = models.DateTimeField()
    # 2.51(c)(4) the nature of the emergency.
    nature = models.TextField()
    information = models.TextField(help_text="What was disclosed.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Emergency disclosure ({self.disclosed_at:%Y-%m-%d %H:%M})"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Emergency disclosure records are kept.")
