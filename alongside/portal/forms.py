"""Forms for inviting a client (staff, in English) and for the portal (translated)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.clients.models import Client, Language
from alongside.portal.models import Channel

# --- Staff ---------------------------------------------------------------------------------


class InviteForm(forms.Form):
    """How to reach the client: the address for the chosen channel is required."""

    channel = forms.ChoiceField(
        label="Send the invitation by",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        initial=Channel.EMAIL,
    )
    email = forms.EmailField(
        label="E-mail address",
        required=False,
        max_length=254,
        help_text="We e-mail the link; the message says only that they are invited to Alongside.",
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text="Nothing is sent: read the code to them or text them the link yourself.",
    )

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"email": client.email, "phone": client.phone})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("channel")
        if channel == Channel.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter the e-mail address to send the link to.")
        if channel == Channel.PHONE and not data.get("phone"):
            self.add_error("phone", "Enter the phone number you will text or call.")
        return data

    def address(self) -> tuple[str | None, str | None]:
        """Return (email, phone) for the service: the chosen channel's address, and None."""
        if self.cleaned_data["channel"] == Channel.PHONE:
            return None, self.cleaned_data["phone"]
        return self.cleaned_data["email"], None


class RevokeForm(forms.Form):
    invitation = forms.UUIDField(widget=forms.HiddenInput)


# --- Portal (clients) ----------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=32,
        help_text=_("Eight letters and numbers, for example K7MQ-2TXA."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class JoinForm(forms.Form):
    """The person's sign-in e-mail and passphrase. Pasting is welcome (no attribute blocks it)."""

    email = forms.CharField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("You will sign in with it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    passphrase = forms.CharField(
        label=_("Choose a passphrase"),
        strip=False,
        help_text=_(
            "At least 15 characters. A few ordinary words with spaces are strong and easy to "
            "remember, for example: blue kettle on a quiet morning."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    passphrase_again = forms.CharField(
        label=_("Type it again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, again = data.get("passphrase"), data.get("passphrase_again")
        if first and again and first != again:
            self.add_error("passphrase_again", _("The two passphrases are not the same."))
        return data


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=Language.choices)
    next = forms.CharField(required=False, max_length=500)
