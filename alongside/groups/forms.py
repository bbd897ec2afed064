from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from alongside.clients.models import Client
from alongside.groups.models import PERSON_NOTE_MAX, Topic
from alongside.groups.services import GroupDetails, Mark, ScheduleChange
from alongside.organizations.models import Program

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
MAX_CAPACITY = 100


def parse_dates(text: str) -> list[date]:
    """Read dates written as YYYY-MM-DD separated by commas; ValidationError for another."""
    days = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        try:
            days.append(date.fromisoformat(part))
        except ValueError:
            raise forms.ValidationError(f"“{part}” is not a date like 2026-12-24.") from None
    return days


class GroupForm(forms.Form):
    name = forms.CharField(max_length=120)
    program: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Program.objects.none(), empty_label=None, to_field_name="public_id"
    )
    topic = forms.ChoiceField(choices=Topic.choices)
    capacity = forms.IntegerField(min_value=1, max_value=MAX_CAPACITY, initial=12)
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple, label="Meets on"
    )
    start_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}), help_text="In the organization's time."
    )
    minutes = forms.IntegerField(min_value=15, max_value=480, initial=60, label="Length (minutes)")
    location = forms.CharField(max_length=200, required=False)
    video_link = forms.URLField(required=False, assume_scheme="https")
    exceptions = forms.CharField(
        required=False,
        label="Dates skipped",
        help_text="Dates the group does not meet, as YYYY-MM-DD, separated by commas.",
    )

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]

    def clean_exceptions(self) -> list[date]:
        return parse_dates(self.cleaned_data["exceptions"])

    def details(self) -> GroupDetails:
        data = self.cleaned_data
        return GroupDetails(
            program=data["program"],
            name=data["name"],
            topic=data["topic"],
            capacity=data["capacity"],
            weekdays=data["weekdays"],
            start_time=data["start_time"],
            minutes=data["minutes"],
            location=data["location"],
            video_link=data["video_link"],
            exceptions=data["exceptions"],
        )


class RosterForm(forms.Form):
    client: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Client.objects.none(), label="Add a client"
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["client"].label_from_instance = lambda c: c.preferred_name  # type: ignore[attr-defined]
        self.fields["client"].to_field_name = "public_id"  # type: ignore[attr-defined]


class GroupNoteForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Group note",
    )


def read_marks(data: Any, rows: list[Any]) -> tuple[dict[int, Mark], list[str]]:
    """Read each row's status and short note from the posted DATA; return the marks by client
    id and the errors (one per problem, naming no one in logs)."""
    marks: dict[int, Mark] = {}
    errors: list[str] = []
    for row in rows:
        key = str(row.client.public_id)
        status = data.get(f"status-{key}", "")
        note = data.get(f"note-{key}", "").strip()
        row.status, row.note = status, note
        if not status:
            row.error = "Choose a status."
        elif len(note) > PERSON_NOTE_MAX:
            row.error = f"Keep the note to {PERSON_NOTE_MAX} characters."
        else:
            marks[row.client.pk] = Mark(status=status, note=note)
            continue
        errors.append(row.error)
    return marks, errors


class ScheduleForm(forms.Form):
    """The weekly schedule of an existing group."""

    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple, label="Meets on"
    )
    start_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}), help_text="In the organization's time."
    )
    minutes = forms.IntegerField(min_value=15, max_value=480, label="Length (minutes)")
    exceptions = forms.CharField(
        required=False,
        label="Dates skipped",
        help_text="Dates the group does not meet, as YYYY-MM-DD, separated by commas.",
    )

    def clean_exceptions(self) -> list[date]:
        return parse_dates(self.cleaned_data["exceptions"])

    def change(self) -> ScheduleChange:
        data = self.cleaned_data
        return ScheduleChange(
            weekdays=data["weekdays"],
            start_time=data["start_time"],
            minutes=data["minutes"],
            exceptions=data["exceptions"],
        )


class CancelSessionForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, cancel this session",
        error_messages={"required": "Tick the box to confirm the cancellation."},
    )


class FacilitatorForm(forms.Form):
    """Add (from CANDIDATES) or remove (from CURRENT) one facilitator, by public id."""

    action = forms.ChoiceField(choices=[("add", "Add"), ("remove", "Remove")])
    user = forms.UUIDField(
        error_messages={"required": "Choose a person.", "invalid": "Choose a person."}
    )

    def __init__(self, *args: Any, candidates: Any, current: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.current = current

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        pool = self.candidates if data["action"] == "add" else self.current
        person = pool.filter(public_id=data["user"]).first()
        if person is None:
            raise forms.ValidationError({"user": "Choose a person from the list."})
        data["person"] = person
        return data
