"""Forms for the recovery timeline and wins. Rules about meaning stay in services.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from alongside.recovery.models import CONGRATULATION_LENGTH, NOTE_LENGTH, TITLE_LENGTH


def _date_input(today: date) -> forms.DateInput:
    # `max` lets the phone's date picker grey out the future; the service still checks.
    return forms.DateInput(attrs={"type": "date", "max": today.isoformat()}, format="%Y-%m-%d")


class _DatedForm(forms.Form):
    """A form whose date field defaults to, and may not pass, the client's today."""

    date_field = "on_date"

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.date_field].widget = _date_input(today)
        self.initial.setdefault(self.date_field, today)


class RecoveryStartForm(_DatedForm):
    on_date = forms.DateField(
        label="Recovery start date",
        help_text="The first day of this recovery, on the person's own calendar. "
        "An earlier date is fine.",
    )
    note = forms.CharField(
        label="Note", required=False, max_length=NOTE_LENGTH, help_text="Optional, short."
    )


class RecurrenceForm(_DatedForm):
    on_date = forms.DateField(
        label="Date of the recurrence of use",
        help_text="History is kept; the count restarts from the next start date.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=NOTE_LENGTH,
        help_text="Optional, short. Only the peer support team reads it.",
    )


class WinForm(_DatedForm):
    date_field = "occurred_on"

    title = forms.CharField(
        label="What's the win?",
        max_length=TITLE_LENGTH,
        help_text='In their words, e.g. "Got my ID back" or "First paycheck".',
    )
    occurred_on = forms.DateField(label="When")


class CongratulationForm(forms.Form):
    text = forms.CharField(
        label="Your congratulation",
        max_length=CONGRATULATION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few words; they will see it with the win.",
    )
