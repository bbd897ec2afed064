from __future__ import annotations

from typing import Any

from django import forms

from alongside.accounts.models import User
from alongside.organizations.models import Membership, Organization, Program, Role
from alongside.organizations.services import StaffDetails


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name or obj.email


def _supervisors(organization: Organization) -> Any:
    ids = Membership.objects.active().filter(organization=organization, role=Role.SUPERVISOR)
    return User.objects.filter(pk__in=ids.values("user_id")).order_by("display_name")


class _TeamFields(forms.Form):
    supervisor = _PersonChoiceField(
        label="Supervisor (advocates only)",
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label="None",
    )
    programs = forms.ModelMultipleChoiceField(
        label="Programs",
        queryset=Program.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For clinicians: the programs whose clients they may see.",
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = _supervisors(organization)  # type: ignore[attr-defined]
        self.fields["programs"].queryset = organization.programs.order_by("name")  # type: ignore[attr-defined]


class AddStaffForm(_TeamFields):
    display_name = forms.CharField(label="Name", max_length=150)
    email = forms.EmailField(label="E-mail")
    role = forms.ChoiceField(label="Role", choices=[("", "Choose…"), *Role.choices])
    field_order = ["display_name", "email", "role", "supervisor", "programs"]

    def details(self) -> StaffDetails:
        data = self.cleaned_data
        return StaffDetails(
            email=data["email"],
            display_name=data["display_name"],
            role=data["role"],
            supervisor=data["supervisor"],
            programs=data["programs"],
        )


class EditMembershipForm(_TeamFields):
    is_active = forms.BooleanField(
        label="Active", required=False, help_text="Untick to remove this role's access at once."
    )
