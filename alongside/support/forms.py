from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils import timezone

from alongside.lib.forms import LocalDateTimeInput
from alongside.support.models import EncounterKind, Topic
from alongside.support.services import ContactDetails


class ContactForm(forms.Form):
    """Log a support contact. Only the kind is required; when defaults to now."""

    kind = forms.ChoiceField(
        label="Kind of contact", choices=[("", "Choose…"), *EncounterKind.choices]
    )
    occurred_at = forms.DateTimeField(
        label="When",
        required=False,
        widget=LocalDateTimeInput(),
        help_text="Leave as it is for a contact that just happened.",
    )
    minutes = forms.IntegerField(
        label="Minutes",
        required=False,
        min_value=1,
        max_value=1440,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    topics = forms.MultipleChoiceField(
        label="Topics", required=False, choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    location = forms.CharField(label="Where", required=False, max_length=200)
    follow_up_on = forms.DateField(
        label="Follow up on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, zone: zoneinfo.ZoneInfo | Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "occurred_at",
                timezone.localtime(timezone.now(), zone).replace(second=0, microsecond=0),
            )

    def details(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            minutes=data["minutes"],
            location=data["location"],
            topics=data["topics"],
            note=data["note"],
            follow_up_on=data["follow_up_on"],
        )
