"""The filters every outcome page, chart, CSV, report and API endpoint shares: programs, a
date range of admissions, and the early-engagement threshold.

`parse_filters()` is the one validator, so the pages and the API reject the same input with
the same messages; the form renders those messages on its fields.
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.organizations.models import Organization, Program

DEFAULT_EARLY_CONTACTS = 2
DEFAULT_EARLY_DAYS = 14
# Ten years is more than any program's history and keeps a typo from asking for centuries.
MAX_RANGE_DAYS = 3660


@dataclass(frozen=True)
class Filters:
    """Episodes admitted from START to END (inclusive, the organization's calendar days), in
    PROGRAM_IDS (None: every program of the organization)."""

    organization: Organization
    start: date
    end: date
    program_ids: tuple[int, ...] | None = None  # internal keys; never shown
    early_contacts: int = DEFAULT_EARLY_CONTACTS
    early_days: int = DEFAULT_EARLY_DAYS

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.organization.time_zone)

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time(0), tzinfo=self.zone)

    @property
    def ends_before(self) -> datetime:
        """The first moment after the range (midnight after END, local)."""
        return datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=self.zone)

    @cached_property
    def program_public_ids(self) -> list[str]:
        if self.program_ids is None:
            return []
        found = Program.objects.filter(pk__in=self.program_ids).order_by("name")
        return [str(public_id) for public_id in found.values_list("public_id", flat=True)]

    def query(self) -> str:
        """Return the filters as a query string (program ids and dates only: no PHI)."""
        parts = [f"start={self.start.isoformat()}", f"end={self.end.isoformat()}"]
        parts += [f"program={public_id}" for public_id in self.program_public_ids]
        if self.early_contacts != DEFAULT_EARLY_CONTACTS:
            parts.append(f"early_contacts={self.early_contacts}")
        return "&".join(parts)


def default_range(organization: Organization, now: datetime | None = None) -> tuple[date, date]:
    """Return the last 12 months up to today in the organization's zone."""
    today = timezone.localtime(now or timezone.now(), zoneinfo.ZoneInfo(organization.time_zone))
    return today.date() - timedelta(days=365), today.date()


def parse_filters(
    organization: Organization,
    *,
    start: date | str | None,
    end: date | str | None,
    programs: Iterable[uuid.UUID | str] | None = None,
    early_contacts: int | str | None = None,
) -> Filters:
    """Return validated filters for ORGANIZATION; missing dates default to the last year.

    PROGRAMS are public ids. Raises ValidationError keyed by field ("start", "end",
    "program", "early_contacts") for a malformed or reversed date range, a range over ten
    years, a program of another organization (or none at all), or a threshold outside 1-20.
    """
    errors: dict[str, str] = {}
    default_start, default_end = default_range(organization)
    start_day = _day(start, "start", errors) or default_start
    end_day = _day(end, "end", errors) or default_end
    if "start" not in errors and "end" not in errors:
        if end_day < start_day:
            errors["end"] = "The end date must be on or after the start date."
        elif (end_day - start_day).days > MAX_RANGE_DAYS:
            errors["end"] = "Choose a range of ten years or less."
    program_ids = _programs(organization, programs, errors)
    threshold = DEFAULT_EARLY_CONTACTS
    if early_contacts not in (None, ""):
        try:
            threshold = int(early_contacts)
        except (TypeError, ValueError):
            threshold = 0
        if not 1 <= threshold <= 20:
            errors["early_contacts"] = "Enter a whole number of contacts from 1 to 20."
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    return Filters(organization, start_day, end_day, program_ids, threshold)


def _day(value: date | str | None, name: str, errors: dict[str, str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors[name] = "Enter a date as YYYY-MM-DD."
        return None


def _programs(
    organization: Organization,
    programs: Iterable[uuid.UUID | str] | None,
    errors: dict[str, str],
) -> tuple[int, ...] | None:
    """Return the internal keys of the programs named by public id; None for "every program".
    Another organization's program and one that does not exist get the same message."""
    wanted = [p for p in (programs or []) if p not in (None, "")]
    if not wanted:
        return None
    try:
        public_ids = {uuid.UUID(str(p)) for p in wanted}
    except ValueError:
        errors["program"] = "Choose programs from the list."
        return None
    found = dict(
        Program.objects.filter(organization=organization, public_id__in=public_ids).values_list(
            "public_id", "pk"
        )
    )
    if set(found) != public_ids:
        errors["program"] = "Choose programs from the list."
        return None
    return tuple(sorted(found.values()))


class FilterForm(forms.Form):
    """The filter bar on every outcome page (GET). Validation is `parse_filters()`."""

    program = forms.MultipleChoiceField(required=False, label="Programs")
    start = forms.DateField(
        required=False, label="Admitted from", widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(required=False, label="to", widget=forms.DateInput({"type": "date"}))
    early_contacts = forms.IntegerField(
        required=False,
        label="Early engagement: contacts in the first 14 days",
        min_value=1,
        max_value=20,
    )

    def __init__(self, organization: Organization, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organization = organization
        self.fields["program"].choices = [  # type: ignore[attr-defined]
            (str(p.public_id), p.name)
            for p in Program.objects.filter(organization=organization).order_by("name")
        ]
        self.filters: Filters | None = None

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        raw = self.data
        try:
            self.filters = parse_filters(
                self.organization,
                start=raw.get("start"),
                end=raw.get("end"),
                programs=raw.getlist("program") if hasattr(raw, "getlist") else raw.get("program"),
                early_contacts=raw.get("early_contacts"),
            )
        except ValidationError as exc:
            # The shared validator's message replaces the field's own ("Enter a valid
            # date."), so the page and the API say the same thing.
            for name, messages in exc.message_dict.items():
                self.errors[name] = self.error_class(messages)
                self.cleaned_data.pop(name, None)
        return data
