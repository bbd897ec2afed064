"""Forms for answering an instrument: built from its definition, one radio group per item.

Every item may be left blank: a person may choose not to answer a question, and the result
then has no total (never a made-up one). A form with no answer at all is refused, since it
records nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.assessments.instruments import FEMALE, MALE, Instrument
from alongside.lib.forms import LocalDateTimeInput, StartsNowForm


def _item_field(instrument: Instrument, index: int, *, with_values: bool) -> forms.Field:
    item = instrument.items[index]
    choices = [
        (option.value, f"{option.label} ({option.value})" if with_values else option.label)
        for option in item.options
    ]
    return forms.TypedChoiceField(
        label=item.text,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class AnswersForm(forms.Form):
    """The items of INSTRUMENT as radio groups (fields named by item key), and, for
    instruments with sex-specific cut-offs (AUDIT-C), the optional sex question."""

    def __init__(
        self, *args: Any, instrument: Instrument, with_values: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        items = {
            item.key: _item_field(instrument, index, with_values=with_values)
            for index, item in enumerate(instrument.items)
        }
        extra: dict[str, forms.Field] = {}
        if instrument.bands_by_sex:
            extra["sex"] = forms.ChoiceField(
                label=_("Sex assigned at birth"),
                choices=[(FEMALE, _("Female")), (MALE, _("Male")), ("", _("Prefer not to say"))],
                required=False,
                widget=forms.RadioSelect,
                help_text=_(
                    "Used only to compare your answers with the right guideline, which is a "
                    "little different for men and women."
                ),
            )
        # The items first, in the instrument's order, then the sex question, then the rest.
        self.fields = {**items, **extra, **self.fields}

    @property
    def item_fields(self) -> list[forms.BoundField]:
        return [self[item.key] for item in self.instrument.items]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(item.key) is None for item in self.instrument.items) and not any(
            item.key in self.errors for item in self.instrument.items
        ):
            raise forms.ValidationError(_("Answer at least one question."), code="empty")
        return data

    def answers(self) -> dict[str, int | None]:
        return {item.key: self.cleaned_data.get(item.key) for item in self.instrument.items}

    def sex(self) -> str | None:
        return self.cleaned_data.get("sex") or None


class StaffAnswersForm(StartsNowForm, AnswersForm):
    """Given with staff (on the phone, in a session): English, the scored value shown next
    to each answer, and when it was answered."""

    occurred_at = forms.DateTimeField(
        label="When",
        required=False,
        widget=LocalDateTimeInput(),
        help_text="Your local time. Leave as it is for answers given just now.",
    )

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, instrument=instrument, with_values=True, **kwargs)
