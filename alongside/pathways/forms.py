"""Forms for the pathway pages. They carry the input; the rules (which moves, which stages,
lengths) are the services', whose errors `add_service_errors` puts back on these fields."""

from __future__ import annotations

from django import forms

from alongside.messaging.models import BODY_LENGTH
from alongside.pathways.catalog import PATHWAYS
from alongside.pathways.models import NOTE_LENGTH, TITLE_LENGTH, State


class MoveForm(forms.Form):
    pathway = forms.CharField(max_length=40, widget=forms.HiddenInput)
    stage = forms.CharField(max_length=40, widget=forms.HiddenInput)
    to_state = forms.ChoiceField(choices=State.choices, label="Move to")
    note = forms.CharField(
        label="Guidance note",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_LENGTH}),
        help_text="Optional: what you suggested, what to try next.",
    )


class FollowForm(forms.Form):
    pathway = forms.ChoiceField(
        label="Add a pathway",
        choices=[(key, str(p.title)) for key, p in PATHWAYS.items()],
    )


class OwnStageForm(forms.Form):
    title = forms.CharField(
        label="Name a stage of their own pathway",
        max_length=TITLE_LENGTH,
        help_text="In the person's own words.",
    )


class ShareForm(forms.Form):
    pathway = forms.CharField(max_length=40, widget=forms.HiddenInput)
    stage = forms.CharField(max_length=40, widget=forms.HiddenInput)


class LivedNoteForm(forms.Form):
    text = forms.CharField(
        label="My note",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": BODY_LENGTH}),
        help_text="Only you see this. Leave it empty to remove the note.",
    )
