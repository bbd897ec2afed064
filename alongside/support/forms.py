from __future__ import annotations

from django import forms

from alongside.lib.forms import LocalDateTimeInput, StartsNowForm
from alongside.support.models import EncounterKind, Topic
from alongside.support.services import ContactDetails


class ContactForm(StartsNowForm):
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
