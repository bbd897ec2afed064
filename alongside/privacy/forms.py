from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest

from alongside.audit.models import Action, BreakGlassReason, Outcome, ReviewFinding
from alongside.audit.queries import AuditFilter
from alongside.lib.forms import LocalDateTimeInput
from alongside.privacy.services import EXPLANATION_MIN, Identity


class BreakGlassForm(forms.Form):
    """Who, why, and the person's passphrase again: all checked before anything is looked up."""

    public_id = forms.UUIDField(
        label="Record number",
        required=False,
        help_text="The long number on their record, like 1b4e28ba-2fa1-11d2-883f-0016d3cca427.",
    )
    name = forms.CharField(
        label="Or their name", max_length=200, required=False, help_text="Preferred or legal."
    )
    date_of_birth = forms.DateField(
        label="And date of birth",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.ChoiceField(
        label="Why you need it", choices=BreakGlassReason.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label="In your own words",
        min_length=EXPLANATION_MIN,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your reviewers read this.",
    )
    password = forms.CharField(
        label="Your passphrase",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Asked again because this opens a record outside your work.",
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        # authenticate() rather than check_password(): a wrong passphrase here counts towards
        # the account's lockout like one at sign-in.
        password = self.cleaned_data["password"]
        user: Any = self.request.user
        again = authenticate(self.request, email=user.email, password=password)
        if again is None or again.pk != user.pk:
            raise forms.ValidationError("That passphrase is not right.")
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.identity().is_complete():
            self.add_error("public_id", "Give the record number, or the name and date of birth.")
        return data

    def identity(self) -> Identity:
        data = self.cleaned_data
        return Identity(
            public_id=data.get("public_id"),
            name=data.get("name") or "",
            date_of_birth=data.get("date_of_birth"),
        )


class SignOffForm(forms.Form):
    finding = forms.ChoiceField(
        label="What you found", choices=ReviewFinding.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for a concern: what it is and what happens next.",
    )


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.email})" if obj.display_name else obj.email


SORTS = {"newest": "Newest first", "oldest": "Oldest first"}


class AuditFilterForm(forms.Form):
    """The audit review's filters, read from the query string (ids only: no names in URLs)."""

    user = _PersonChoiceField(
        label="Person",
        queryset=None,
        to_field_name="public_id",
        required=False,
        empty_label="Anyone",
    )
    client = forms.UUIDField(
        label="Client record number",
        required=False,
        help_text="Who accessed this client's record.",
    )
    action = forms.ChoiceField(
        label="Action", choices=[("", "Any"), *Action.choices], required=False
    )
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("", "Any"), *Outcome.choices], required=False
    )
    since = forms.DateTimeField(label="From", required=False, widget=LocalDateTimeInput())
    until = forms.DateTimeField(label="Until", required=False, widget=LocalDateTimeInput())
    break_glass = forms.BooleanField(label="Break-glass access only", required=False)
    sort = forms.ChoiceField(label="Order", choices=list(SORTS.items()), required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until <= since:
            self.add_error("until", "Choose a time after the start.")
        return data

    def audit_filter(self) -> AuditFilter:
        """Return the filter the valid form describes (nothing filtered if it is invalid)."""
        if not self.is_valid():
            return AuditFilter()
        data = self.cleaned_data
        person = data.get("user")
        return AuditFilter(
            user_id=person.pk if person is not None else None,
            client_public_id=data.get("client"),
            action=data.get("action") or "",
            outcome=data.get("outcome") or "",
            since=data.get("since"),
            until=data.get("until"),
            break_glass_only=bool(data.get("break_glass")),
            oldest_first=data.get("sort") == "oldest",
        )
