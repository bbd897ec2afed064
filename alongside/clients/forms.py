from __future__ import annotations

from typing import Any

from django import forms

from alongside.clients.access import admitting_programs, assignable_advocates
from alongside.clients.models import DischargeReason, Language, LevelOfCare, Pathway
from alongside.clients.services import Admission
from alongside.lib.forms import LocalDateTimeInput
from alongside.lib.zones import zone_choices
from alongside.organizations.models import Program
from alongside.organizations.staff import home_organization


class AdvocateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name or obj.email


class AdmitForm(forms.Form):
    """Admit a person into a program. Three required inputs: name, program, level of care."""

    preferred_name = forms.CharField(
        label="Preferred name", max_length=150, help_text="The name they would like to be called."
    )
    program = forms.ModelChoiceField(
        label="Program",
        queryset=Program.objects.none(),
        to_field_name="public_id",
        empty_label="Choose…",
    )
    level_of_care = forms.ChoiceField(
        label="Level of care", choices=[("", "Choose…"), *LevelOfCare.choices]
    )
    advocate = AdvocateChoiceField(
        label="Peer recovery advocate",
        queryset=None,
        to_field_name="public_id",
        required=False,
        empty_label="Assign later",
    )
    admitted_at = forms.DateTimeField(
        label="Admitted",
        required=False,
        widget=LocalDateTimeInput(),
        help_text="Leave empty for now.",
    )
    pronouns = forms.CharField(label="Pronouns", max_length=40, required=False)
    pathways = forms.MultipleChoiceField(
        label="Recovery pathways",
        choices=Pathway.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Any that fit; people often combine pathways.",
    )
    legal_name = forms.CharField(label="Legal name", max_length=200, required=False)
    date_of_birth = forms.DateField(
        label="Date of birth", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(label="Language", choices=Language.choices, initial="en")
    time_zone = forms.ChoiceField(label="Time zone", choices=(), required=False)
    phone = forms.CharField(label="Phone", max_length=32, required=False)
    email = forms.EmailField(label="E-mail", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        programs = admitting_programs(user).select_related("organization")
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]
        organization = home_organization(user)
        self.fields["advocate"].queryset = assignable_advocates(  # type: ignore[attr-defined]
            user, organization.pk if organization else 0
        )
        self.fields["time_zone"].choices = [("", "Same as the organization"), *zone_choices()]  # type: ignore[attr-defined]
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "off"})

    def admission(self) -> Admission:
        data = self.cleaned_data
        return Admission(
            program=data["program"],
            preferred_name=data["preferred_name"],
            level_of_care=data["level_of_care"],
            admitted_at=data["admitted_at"],
            legal_name=data["legal_name"],
            pronouns=data["pronouns"],
            date_of_birth=data["date_of_birth"],
            time_zone=data["time_zone"],
            language=data["language"],
            phone=data["phone"],
            email=data["email"],
            pathways=data["pathways"],
            advocate=data["advocate"],
        )


class AssignForm(forms.Form):
    advocate = AdvocateChoiceField(
        label="Peer recovery advocate",
        queryset=None,
        to_field_name="public_id",
        empty_label="Choose…",
    )

    def __init__(self, *args: Any, user: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advocate"].queryset = assignable_advocates(user, organization_id)  # type: ignore[attr-defined]


class EndAssignmentForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, end this assignment (it stays in the history)", required=True
    )


class DischargeForm(forms.Form):
    reason = forms.ChoiceField(
        label="Discharge reason", choices=[("", "Choose…"), *DischargeReason.choices]
    )
    discharged_at = forms.DateTimeField(
        label="Discharged",
        required=False,
        widget=LocalDateTimeInput(),
        help_text="Leave empty for now.",
    )
    end_assignments = forms.BooleanField(
        label="Also end advocate assignments",
        required=False,
        help_text="Leave unticked to keep supporting them after discharge (aftercare).",
    )
