"""The safety plan form, shared by the staff page (English) and the portal (translated).

Lengths and the "not entirely empty" rule are the service's: the form only carries the text.
The length check is left to the service because a browser sends each line break as two
characters ("\\r\\n") while `maxlength` and the service count one.
"""

from __future__ import annotations

from typing import Any

from django import forms

from alongside.safetyplans.models import SafetyPlanVersion
from alongside.safetyplans.sections import SECTION_LENGTH, SECTIONS


class SafetyPlanForm(forms.Form):
    def __init__(self, *args: Any, current: SafetyPlanVersion | None = None, **kwargs: Any):
        if current is not None:
            kwargs.setdefault("initial", current.texts())
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section.key] = forms.CharField(
                label=section.title,
                help_text=section.prompt,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "maxlength": SECTION_LENGTH}),
            )

    def sections(self) -> dict[str, str]:
        """Return the cleaned texts by section key, for `save_safety_plan()`."""
        return {section.key: self.cleaned_data[section.key] for section in SECTIONS}
