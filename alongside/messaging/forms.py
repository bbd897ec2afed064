"""Staff forms: writing a message and setting one's working week."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms

from alongside.messaging.hours import WEEKDAYS
from alongside.messaging.models import BODY_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message",
        max_length=BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person is told only that there is a new message; the text stays here.",
        error_messages={"required": "Write a message before sending."},
    )


class WorkingWeekForm(forms.Form):
    """Seven days, each with a "working" box and start and end times."""

    def __init__(self, *args: Any, week: dict[int, tuple[time, time]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day, name in enumerate(WEEKDAYS):
            hours = week.get(day)
            self.fields[f"works_{day}"] = forms.BooleanField(
                label=f"I work on {name}s", required=False, initial=hours is not None
            )
            self.fields[f"starts_{day}"] = forms.TimeField(
                label="From",
                required=False,
                initial=hours[0] if hours else time(9),
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"ends_{day}"] = forms.TimeField(
                label="Until",
                required=False,
                initial=hours[1] if hours else time(17),
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def days(self) -> list[dict[str, Any]]:
        """The bound fields of each day, for the template."""
        return [
            {
                "name": name,
                "works": self[f"works_{day}"],
                "starts": self[f"starts_{day}"],
                "ends": self[f"ends_{day}"],
            }
            for day, name in enumerate(WEEKDAYS)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        week: dict[int, tuple[time, time]] = {}
        for day in range(len(WEEKDAYS)):
            if not cleaned.get(f"works_{day}"):
                continue
            starts, ends = cleaned.get(f"starts_{day}"), cleaned.get(f"ends_{day}")
            if starts is None:
                self.add_error(f"starts_{day}", "Give the time you start.")
            if ends is None:
                self.add_error(f"ends_{day}", "Give the time you finish.")
            if starts is not None and ends is not None:
                if ends <= starts:
                    self.add_error(f"ends_{day}", "Finish after you start, on the same day.")
                else:
                    week[day] = (starts, ends)
        if not self.errors and not week:
            raise forms.ValidationError("Choose at least one working day.")
        cleaned["week"] = week
        return cleaned
