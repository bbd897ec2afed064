"""Form plumbing shared by apps: binding to POST data and showing a service's errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils import timezone


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach ERROR (raised by a service) to FORM's fields, or to the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def posted(request: HttpRequest) -> QueryDict | None:
    """Return the POST data to bind a form to, or None on GET.

    `request.POST or None` would leave a form unbound (and silently unvalidated) when a POST
    arrives with no fields at all, such as an unticked confirmation box without a CSRF field.
    """
    return request.POST if request.method == "POST" else None


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; the value is read in the viewer's active zone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def form_status(form: forms.Form) -> int:
    """Return the status of a page showing FORM: 422 when it carries errors, else 200."""
    return 422 if form.errors else 200


class StartsNowForm(forms.Form):
    """A form whose `occurred_at` field starts at the current minute in ZONE (the viewer's)."""

    def __init__(self, *args: Any, zone: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "occurred_at",
                timezone.localtime(timezone.now(), zone).replace(second=0, microsecond=0),
            )
