"""Forms for the consent pages. They carry values; the rules are the services' and the gate's
(`services.record_consent`, `gate.disclose`), whose errors land on these fields by name."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from alongside.consent.models import (
    CONSENT_PURPOSES,
    STAFF_SIGNATURE_METHODS,
    TPO_PURPOSES,
    Category,
    Consent,
    ConsentType,
    Expiry,
    OutputFormat,
    RecipientClass,
    Signer,
)
from alongside.lib.forms import LocalDateTimeInput, StartsNowForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choices(values: tuple[Any, ...]) -> list[tuple[str, str]]:
    return [(v.value, v.label) for v in values]


class ConsentForm(forms.Form):
    consent_type = forms.ChoiceField(
        label="Kind of consent",
        choices=ConsentType.choices,
        widget=forms.RadioSelect,
        initial=ConsentType.SPECIFIC,
    )
    discloser = forms.CharField(
        label="Who may disclose",
        max_length=300,
        required=False,
        help_text="The program or staff the client allows to share the information.",
    )
    scope = forms.MultipleChoiceField(
        label="Information that may be disclosed",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=(
            "Counseling notes need a consent of their own: never tick them with anything else."
        ),
    )
    information_detail = forms.CharField(
        label="More detail about the information (optional)",
        max_length=500,
        required=False,
        help_text="For example: “check-ins from the last 90 days”.",
    )
    recipient_names = forms.CharField(
        label="Recipients, by name (specific consent)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One person or organization per line, as written on the consent.",
    )
    recipient_classes = forms.MultipleChoiceField(
        label="Classes of recipient (treatment, payment and operations consent)",
        choices=RecipientClass.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=RecipientClass.values,
    )
    purposes = forms.MultipleChoiceField(
        label="What it may be used for",
        choices=_choices(CONSENT_PURPOSES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    purpose_detail = forms.CharField(
        label="More detail about the purpose (optional)", max_length=500, required=False
    )
    revocation_statement = forms.BooleanField(
        label=(
            "The consent states the client's right to revoke it in writing, "
            "and how (the statement above)"
        ),
        required=False,
    )
    expiry = forms.ChoiceField(
        label="Expires", choices=Expiry.choices, widget=forms.RadioSelect, required=False
    )
    expires_on = forms.DateField(label="Expiry date", required=False, widget=DATE)
    expiry_event = forms.CharField(label="Expiry event", max_length=300, required=False)
    signer = forms.ChoiceField(
        label="Signed by", choices=Signer.choices, widget=forms.RadioSelect, initial=Signer.CLIENT
    )
    signer_name = forms.CharField(
        label="Name of the person who signed", max_length=200, required=False
    )
    representative_authority = forms.CharField(
        label="Representative's authority",
        max_length=200,
        required=False,
        help_text="Only for a representative: parent of a minor, court-appointed guardian, …",
    )
    signature_method = forms.ChoiceField(
        label="How it was signed",
        choices=_choices(STAFF_SIGNATURE_METHODS),
        widget=forms.RadioSelect,
        required=False,
    )
    signed_on = forms.DateField(label="Date signed", required=False, widget=DATE)

    def __init__(self, *args: Any, organization_name: str = "", today: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["discloser"].initial = organization_name
        self.fields["signed_on"].initial = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent_type") == ConsentType.TPO:
            # The TPO consent's purposes are fixed by what it is.
            data["purposes"] = data.get("purposes") or [p.value for p in TPO_PURPOSES]
        return data

    def service_arguments(self, revocation_statement: str) -> dict[str, Any]:
        """Return the cleaned values as keyword arguments for `record_consent()`."""
        data = self.cleaned_data
        return {
            "consent_type": data["consent_type"],
            "discloser": data["discloser"],
            "scope": data["scope"],
            "information_detail": data["information_detail"],
            "recipient_names": data["recipient_names"].splitlines(),
            "recipient_classes": (
                data["recipient_classes"] if data["consent_type"] == ConsentType.TPO else []
            ),
            "purposes": data["purposes"],
            "purpose_detail": data["purpose_detail"],
            "revocation_statement": revocation_statement if data["revocation_statement"] else "",
            "expiry": data["expiry"],
            "expires_on": data["expires_on"],
            "expiry_event": data["expiry_event"],
            "signer": data["signer"],
            "signer_name": data["signer_name"],
            "representative_authority": data["representative_authority"],
            "signature_method": data["signature_method"],
            "signed_on": data["signed_on"],
        }


class ConsentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        consent: Consent = obj
        if consent.consent_type == ConsentType.TPO:
            who = "treatment, payment and operations"
        else:
            who = "; ".join(consent.recipient_names)
        return f"Signed {consent.signed_on:%Y-%m-%d}: {who}"


class DisclosureForm(forms.Form):
    consent = ConsentChoiceField(
        label="Consent",
        queryset=Consent.objects.none(),
        to_field_name="public_id",
        empty_label=None,
    )
    recipient_name = forms.CharField(
        label="Recipient",
        max_length=300,
        help_text="The person or organization receiving the record, as the consent names them.",
        widget=forms.TextInput(attrs={"list": "consent-recipients", "autocomplete": "off"}),
    )
    recipient_class = forms.ChoiceField(
        label="Class of recipient (treatment, payment and operations consent only)",
        choices=[("", "—"), *RecipientClass.choices],
        required=False,
    )
    purpose = forms.ChoiceField(label="Purpose", choices=_choices(CONSENT_PURPOSES))
    scope = forms.MultipleChoiceField(
        label="Information to disclose",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only what the recipient needs for the purpose.",
    )
    output_format = forms.ChoiceField(
        label="Output",
        choices=[
            (OutputFormat.HTML.value, OutputFormat.HTML.label),
            (OutputFormat.CSV.value, OutputFormat.CSV.label),
        ],
        widget=forms.RadioSelect,
        initial=OutputFormat.HTML,
    )

    def __init__(self, *args: Any, consents: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["consent"])
        field.queryset = consents if consents is not None else Consent.objects.none()


class EmergencyForm(StartsNowForm):
    recipient_name = forms.CharField(
        label="Who received the information", max_length=200, help_text="The medical personnel."
    )
    facility = forms.CharField(
        label="Their facility", max_length=200, help_text="Hospital, ambulance service, clinic…"
    )
    disclosed_by = forms.CharField(label="Who disclosed it", max_length=200)
    occurred_at = forms.DateTimeField(
        label="Date and time of the disclosure", widget=LocalDateTimeInput()
    )
    nature = forms.CharField(
        label="Nature of the emergency",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Plain words: what was happening that needed medical help at once.",
    )
    information = forms.CharField(
        label="What was disclosed",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StaffRevocationForm(forms.Form):
    how = forms.ChoiceField(
        label="How the revocation was signed",
        choices=_choices(STAFF_SIGNATURE_METHODS),
        widget=forms.RadioSelect,
    )
    signed_by = forms.CharField(
        label="Who signed the revocation",
        max_length=200,
        help_text="The client, or their authorized representative.",
    )


class ExpiryEventForm(forms.Form):
    happened_on = forms.DateField(label="The event happened on", widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate()
