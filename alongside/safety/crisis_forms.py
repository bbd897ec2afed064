from __future__ import annotations

from typing import Any

from django import forms

from alongside.lib.forms import LocalDateTimeInput, StartsNowForm
from alongside.safety.crisis import CrisisDetails
from alongside.safety.models import (
    CRISIS_TEXT_LENGTH,
    NOTE_LENGTH,
    REASON_LENGTH,
    Alert,
    CrisisAction,
    Severity,
)


class CrisisEventForm(StartsNowForm):
    """What happened in a crisis. The service checks the rules; the form the shapes."""

    occurred_at = forms.DateTimeField(
        label="When it happened",
        widget=LocalDateTimeInput(),
        error_messages={"required": "Say when it happened."},
    )
    what_happened = forms.CharField(
        label="What happened",
        max_length=CRISIS_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In plain words: what the person told you and what you saw.",
        error_messages={"required": "Say what happened."},
    )
    risk_level = forms.ChoiceField(
        label="How serious was the risk",
        choices=Severity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose low, moderate or high."},
    )
    actions = forms.MultipleChoiceField(
        label="What you did",
        choices=CrisisAction.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one thing you did."},
    )
    actions_other = forms.CharField(
        label="If something else, what",
        required=False,
        max_length=REASON_LENGTH,
    )
    outcome = forms.CharField(
        label="How it ended, for now",
        max_length=CRISIS_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: safe at home with their sister; agreed to call 988 if it builds.",
        error_messages={"required": "Say how it ended, for now."},
    )
    follow_up_on = forms.DateField(
        label="Follow up on (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The person shows on Today from this day until the follow-up is marked done.",
    )

    def __init__(self, *args: Any, alert: Alert | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if alert is not None and not self.is_bound:
            # Most of the time the crisis is the alert's: start from its moment and severity.
            self.initial["occurred_at"] = alert.created_at.replace(second=0, microsecond=0)
            self.initial["risk_level"] = alert.severity

    def details(self, alert: Alert | None = None) -> CrisisDetails:
        data = self.cleaned_data
        return CrisisDetails(
            what_happened=data["what_happened"],
            risk_level=data["risk_level"],
            actions=list(data["actions"]),
            actions_other=data["actions_other"],
            outcome=data["outcome"],
            occurred_at=data["occurred_at"],
            follow_up_on=data["follow_up_on"],
            alert_id=alert.public_id if alert is not None else None,
        )


class SignOffForm(forms.Form):
    note = forms.CharField(
        label="Note for the advocate (optional)",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
