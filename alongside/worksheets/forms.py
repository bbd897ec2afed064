"""Worksheet forms. A row's form is built from its section's boxes (kinds.py); the forms
carry the values, the rules (lengths, choices, "not empty") are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.worksheets.kinds import Kind, Section, reflection_stages
from alongside.worksheets.models import COMMENT_LENGTH


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class RowForm(forms.Form):
    """One row of SECTION: a box per field, none required on its own."""

    def __init__(self, *args: Any, section: Section, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        for box in section.boxes:
            field: forms.Field
            if box.kind == "choice":
                field = forms.ChoiceField(choices=[("", "—"), *box.choices], required=False)
            elif box.kind == "date":
                field = forms.DateField(required=False, widget=DateInput())
            elif box.kind == "short":
                field = forms.CharField(
                    required=False,
                    strip=False,
                    widget=forms.TextInput(attrs={"maxlength": box.limit}),
                )
            else:
                field = forms.CharField(
                    required=False,
                    strip=False,
                    widget=forms.Textarea(attrs={"rows": 4, "maxlength": box.limit}),
                )
            field.label = box.label
            field.help_text = box.hint
            self.fields[box.name] = field


def _stage_choices() -> list[tuple[str, str]]:
    return [(f"{p}/{s}", f"{pt} · {st}") for p, s, pt, st in reflection_stages()]


class StartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Worksheet"), choices=Kind.choices)
    stage = forms.ChoiceField(label=_("For a reflection: which stage"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "—"), *_stage_choices()]  # type: ignore[attr-defined]

    def pathway_and_stage(self) -> tuple[str, str]:
        pathway, _slash, stage = (self.cleaned_data.get("stage") or "").partition("/")
        return pathway, stage


class ShareForm(forms.Form):
    share = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
    )
    confirm = forms.BooleanField(
        label=_("Yes, I am sure"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class DeleteRowForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I am sure"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_LENGTH}),
    )
    row = forms.UUIDField(required=False, widget=forms.HiddenInput)
