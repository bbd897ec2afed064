"""Plan forms, shared by the staff pages (English) and the portal (translated). They carry
the values; the rules (lengths, dates, whose task) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.plans.models import (
    PROMPT_LENGTH,
    SMART_FIELDS,
    TASK_TITLE_LENGTH,
    TITLE_LENGTH,
    Domain,
    Goal,
    GoalStatus,
    OwnerKind,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Area of life"), choices=Domain.choices)
    title = forms.CharField(
        label=_("Goal"),
        max_length=TITLE_LENGTH,
        widget=forms.TextInput(attrs={"maxlength": TITLE_LENGTH}),
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, goal: Goal | None = None, **kwargs: Any) -> None:
        if goal is not None:
            initial = {"domain": goal.domain, "title": goal.title, "target_date": goal.target_date}
            initial.update({name: getattr(goal, name) for name, _l, _p in SMART_FIELDS})
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name, label, prompt in SMART_FIELDS:
            self.fields[name] = forms.CharField(
                label=label,
                help_text=prompt,
                required=False,
                widget=forms.TextInput(attrs={"maxlength": PROMPT_LENGTH}),
            )

    def smart_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _l, _p in SMART_FIELDS]


class TaskForm(forms.Form):
    title = forms.CharField(
        label=_("Task"),
        max_length=TASK_TITLE_LENGTH,
        widget=forms.TextInput(attrs={"maxlength": TASK_TITLE_LENGTH}),
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    owner_kind = forms.ChoiceField(
        label=_("Whose task"), choices=OwnerKind.choices, initial=OwnerKind.CLIENT
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class TickForm(forms.Form):
    done = forms.BooleanField(required=False)
