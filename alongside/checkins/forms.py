"""The staff form for recording a check-in on a client's behalf (e.g. during a phone call)."""

from __future__ import annotations

from django import forms

from alongside.checkins.models import (
    CRAVING_MAX,
    CRAVING_MIN,
    SLEEP_HOURS_MAX,
    SUBSTANCE_LENGTH,
    WENT_WELL_LENGTH,
    Mood,
    SleepQuality,
)
from alongside.checkins.services import CheckInAnswers
from alongside.lib.forms import LocalDateTimeInput, StartsNowForm


def _craving_label(level: int) -> str:
    if level == CRAVING_MIN:
        return f"{level} none"
    if level == CRAVING_MAX:
        return f"{level} strongest"
    return str(level)


CRAVING_CHOICES = [(level, _craving_label(level)) for level in range(CRAVING_MIN, CRAVING_MAX + 1)]


class CheckInForm(StartsNowForm):
    """Mood and craving are required; everything else only if it came up."""

    mood = forms.TypedChoiceField(
        label="Mood today", coerce=int, choices=Mood.choices, widget=forms.RadioSelect
    )
    craving = forms.TypedChoiceField(
        label="Craving",
        coerce=int,
        choices=CRAVING_CHOICES,
        widget=forms.RadioSelect,
        help_text="From 0 (none) to 10 (the strongest they can imagine).",
    )
    used_since_last = forms.BooleanField(label="Used since their last check-in", required=False)
    overdose = forms.BooleanField(label="Had an overdose since their last check-in", required=False)
    substance = forms.CharField(
        label="Substance",
        required=False,
        max_length=SUBSTANCE_LENGTH,
        help_text="Optional, only if they want to say.",
    )
    sleep_hours = forms.DecimalField(
        label="Hours of sleep",
        required=False,
        min_value=0,
        max_value=SLEEP_HOURS_MAX,
        max_digits=3,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
    )
    sleep_quality = forms.ChoiceField(
        label="How they slept",
        required=False,
        choices=SleepQuality.choices,
        widget=forms.RadioSelect,
    )
    went_well = forms.CharField(
        label="What went well",
        required=False,
        max_length=WENT_WELL_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wants_contact = forms.BooleanField(
        label="Would like their advocate to reach out", required=False
    )
    safety_concern = forms.BooleanField(
        label="Thinking about harming themself or ending their life",
        required=False,
        help_text="Ask directly. Yes opens a high alert to you and the person on call.",
    )
    occurred_at = forms.DateTimeField(
        label="When",
        required=False,
        widget=LocalDateTimeInput(),
        help_text="Your local time. Leave as it is for a check-in taken just now.",
    )

    def answers(self) -> CheckInAnswers:
        data = self.cleaned_data
        return CheckInAnswers(
            mood=data["mood"],
            craving=data["craving"],
            used_since_last=data["used_since_last"],
            substance=data["substance"],
            sleep_hours=data["sleep_hours"],
            sleep_quality=data["sleep_quality"],
            went_well=data["went_well"],
            wants_contact=data["wants_contact"],
            safety_concern=data["safety_concern"],
            overdose=data["overdose"],
        )
