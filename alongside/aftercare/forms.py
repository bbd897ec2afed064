"""The follow-up call form (phone-friendly) and the re-admission form. They carry values;
the rules (the window, what a reached call needs) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms

from alongside.aftercare.models import WORDS_LENGTH, Answer, AttemptResult, InRecovery
from alongside.aftercare.services import Outcome
from alongside.assessments.catalog import BARC10
from alongside.clients.models import LevelOfCare
from alongside.lib.forms import LocalDateTimeInput

BARC10_CHOICES = [("", "—")] + [(str(o.value), str(o.label)) for o in BARC10.items[0].options]


class RecordForm(forms.Form):
    result = forms.ChoiceField(
        label="What happened?", choices=AttemptResult.choices, widget=forms.RadioSelect
    )
    attempted_at = forms.DateTimeField(label="When", widget=LocalDateTimeInput())
    in_recovery = forms.ChoiceField(
        label="Still in recovery, in their view?",
        choices=InRecovery.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    in_their_words = forms.CharField(
        label="In their own words",
        required=False,
        max_length=WORDS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": WORDS_LENGTH}),
    )
    housing_stable = forms.ChoiceField(
        label="Housing stable?", choices=Answer.choices, widget=forms.RadioSelect, required=False
    )
    working_or_school = forms.ChoiceField(
        label="Working or in school?",
        choices=Answer.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    returned_to_treatment = forms.ChoiceField(
        label="Any return to treatment?",
        choices=Answer.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    overdose_or_er = forms.ChoiceField(
        label="Any overdose or ER visit?",
        choices=Answer.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    barc10_agreed = forms.BooleanField(label="They agreed to answer the BARC-10", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in BARC10.items:
            self.fields[f"barc10_{item.key}"] = forms.TypedChoiceField(
                label=str(item.text),
                choices=BARC10_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def barc10_fields(self) -> list[Any]:
        return [self[f"barc10_{item.key}"] for item in BARC10.items]

    def outcome(self) -> Outcome | None:
        """The outcome for a reached call (None otherwise), from the cleaned data."""
        data = self.cleaned_data
        if data.get("result") != AttemptResult.REACHED:
            return None
        barc10 = None
        if data.get("barc10_agreed"):
            barc10 = {item.key: data.get(f"barc10_{item.key}") for item in BARC10.items}
        return Outcome(
            in_recovery=data.get("in_recovery") or "",
            in_their_words=data.get("in_their_words") or "",
            housing_stable=data.get("housing_stable") or "",
            working_or_school=data.get("working_or_school") or "",
            returned_to_treatment=data.get("returned_to_treatment") or "",
            overdose_or_er=data.get("overdose_or_er") or "",
            barc10=barc10,
        )


class ReadmitForm(forms.Form):
    program: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label="Program", to_field_name="public_id"
    )
    level_of_care = forms.ChoiceField(label="Level of care", choices=LevelOfCare.choices)

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]
