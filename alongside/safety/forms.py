from __future__ import annotations

from typing import Any

from django import forms

from alongside.lib.forms import LocalDateTimeInput
from alongside.safety.models import NOTE_LENGTH, REASON_LENGTH, Severity


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: calling them now.",
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="What was done",
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what was done."},
    )


class FlagForm(forms.Form):
    severity = forms.ChoiceField(
        label="How serious",
        choices=Severity.choices,
        widget=forms.RadioSelect,
        help_text="Moderate and high open an alert that reaches someone until it is taken.",
    )
    reason = forms.CharField(label="Why", max_length=REASON_LENGTH)


class ShiftForm(forms.Form):
    program: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label="Program", queryset=None)
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Who is on call", queryset=None
    )
    starts_at = forms.DateTimeField(label="From", widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label="Until", widget=LocalDateTimeInput())

    def __init__(self, *args: Any, programs: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
