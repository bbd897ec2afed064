"""Forms for inviting a client (staff, in English) and for the portal (translated)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alongside.checkins.models import (
    CRAVING_MAX,
    CRAVING_MIN,
    SUBSTANCE_LENGTH,
    WENT_WELL_LENGTH,
    CheckIn,
    Mood,
    SleepQuality,
)
from alongside.checkins.services import CheckInAnswers
from alongside.clients.models import Client, Language
from alongside.messaging.models import BODY_LENGTH
from alongside.notifications.models import Channel as ReminderChannel
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


# --- Check-in (clients) --------------------------------------------------------------------

# The words shown with each answer: the models' choices are the staff pages' English.
MOOD_WORDS: dict[int, Any] = {
    Mood.VERY_LOW: _("Very low"),
    Mood.LOW: _("Low"),
    Mood.OKAY: _("Okay"),
    Mood.GOOD: _("Good"),
    Mood.GREAT: _("Great"),
}
SLEEP_WORDS = {
    SleepQuality.POOR: _("Poor"),
    SleepQuality.OK: _("OK"),
    SleepQuality.GOOD: _("Good"),
}
USED_CHOICES = [("no", _("No")), ("yes", _("Yes"))]


def mood_word(mood: int) -> str:
    return str(MOOD_WORDS.get(mood, mood))


class PortalCheckInForm(forms.Form):
    """The client's own check-in: one screen, mood and craving required, the rest optional."""

    mood = forms.TypedChoiceField(
        label=_("How are you feeling today?"),
        coerce=int,
        choices=[
            (value, format_lazy("{} · {}", value, word)) for value, word in MOOD_WORDS.items()
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you are feeling, from 1 (very low) to 5 (great)."),
            "invalid_choice": _("Choose how you are feeling, from 1 (very low) to 5 (great)."),
        },
    )
    craving = forms.TypedChoiceField(
        label=_("How strong is your craving right now?"),
        coerce=int,
        choices=[(level, str(level)) for level in range(CRAVING_MIN, CRAVING_MAX + 1)],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a craving level from 0 (none) to 10 (very strong)."),
            "invalid_choice": _("Choose a craving level from 0 (none) to 10 (very strong)."),
        },
    )
    used_since_last = forms.ChoiceField(
        label=_("Have you used since your last check-in?"),
        choices=USED_CHOICES,
        widget=forms.RadioSelect,
        initial="no",
        error_messages={"invalid_choice": _("Choose no or yes.")},
    )
    substance = forms.CharField(
        label=_("What did you use? (optional)"),
        required=False,
        max_length=SUBSTANCE_LENGTH,
        help_text=_("Only if you want to say."),
    )
    sleep_quality = forms.ChoiceField(
        label=_("How did you sleep?"),
        required=False,
        choices=list(SLEEP_WORDS.items()),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose poor, OK or good.")},
    )
    went_well = forms.CharField(
        label=_("What went well? (optional)"),
        required=False,
        max_length=WENT_WELL_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wants_contact = forms.BooleanField(label=_("I'd like my advocate to reach out"), required=False)
    overdose = forms.BooleanField(
        label=_("I had an overdose, or someone gave me naloxone (Narcan)"), required=False
    )
    safety_concern = forms.ChoiceField(
        label=_("Are you having thoughts of harming yourself or ending your life?"),
        choices=USED_CHOICES,
        widget=forms.RadioSelect,
        initial="no",
        required=False,
        help_text=_("If yes, you will see right away who to call, and your advocate is told."),
        error_messages={"invalid_choice": _("Choose no or yes.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("substance") and data.get("used_since_last") != "yes":
            self.add_error(
                "substance", _("Leave this empty unless you used since your last check-in.")
            )
        return data

    @classmethod
    def initial_from(cls, checkin: CheckIn | None) -> dict[str, Any]:
        """The answers of CHECKIN (today's, to update), or nothing."""
        if checkin is None:
            return {"used_since_last": "no"}
        return {
            "mood": checkin.mood,
            "craving": checkin.craving,
            "used_since_last": "yes" if checkin.used_since_last else "no",
            "substance": checkin.substance,
            "sleep_quality": checkin.sleep_quality,
            "went_well": checkin.went_well,
            "wants_contact": checkin.wants_contact,
            "overdose": checkin.overdose,
            "safety_concern": "yes" if checkin.safety_concern else "no",
        }

    def answers(self) -> CheckInAnswers:
        data = self.cleaned_data
        return CheckInAnswers(
            mood=data["mood"],
            craving=data["craving"],
            used_since_last=data["used_since_last"] == "yes",
            substance=data["substance"],
            sleep_quality=data["sleep_quality"],
            went_well=data["went_well"],
            wants_contact=data["wants_contact"],
            overdose=data["overdose"],
            safety_concern=data["safety_concern"] == "yes",
        )


# --- Reminders (clients) -------------------------------------------------------------------

REMINDER_CHANNEL_WORDS = {
    ReminderChannel.EMAIL: _("E-mail"),
    ReminderChannel.SMS: _("Text message"),
}


class ReminderForm(forms.Form):
    """On or off, a local time, and a channel the client record has an address for."""

    enabled = forms.ChoiceField(
        label=_("Check-in reminders"),
        choices=[("on", _("On")), ("off", _("Off"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose on or off."),
            "invalid_choice": _("Choose on or off."),
        },
    )
    local_time = forms.TimeField(
        label=_("At what time?"),
        required=False,
        help_text=_("Your own local time."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time, for example 09:00.")},
    )
    channel = forms.ChoiceField(
        label=_("How should we remind you?"),
        required=False,
        choices=list(REMINDER_CHANNEL_WORDS.items()),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose e-mail or text message.")},
    )

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        # Offer only the ways the record has an address for; the others are refused in clean().
        available = self.available_channels()
        self.fields["channel"].widget.choices = [
            (value, label) for value, label in REMINDER_CHANNEL_WORDS.items() if value in available
        ]

    def available_channels(self) -> list[str]:
        return [
            channel
            for channel, address in (
                (ReminderChannel.EMAIL, self.client.email),
                (ReminderChannel.SMS, self.client.phone),
            )
            if address
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("enabled") != "on":
            return data
        if not data.get("local_time") and "local_time" not in self.errors:
            self.add_error("local_time", _("Choose the time for your reminder."))
        channel = data.get("channel")
        if "channel" in self.errors:
            return data
        if not channel:
            self.add_error("channel", _("Choose e-mail or text message."))
        elif channel not in self.available_channels():
            self.add_error(
                "channel",
                _(
                    "We don't have an address for that yet. Ask your advocate to add it to "
                    "your record, or choose another way."
                ),
            )
        return data


# --- Messages (clients) --------------------------------------------------------------------


class MessageForm(forms.Form):
    """A message to the client's advocates: the same limits as `messaging.services`, with the
    errors in the client's language."""

    body = forms.CharField(
        label=_("Your message"),
        max_length=BODY_LENGTH,
        help_text=format_lazy(
            _(
                "Up to {limit} characters. Not for emergencies: for help now, use "
                "“Need help now” at the top of the page."
            ),
            limit=BODY_LENGTH,
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write a message before sending."),
            "max_length": _(
                "Your message is too long: keep it to %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
    )
