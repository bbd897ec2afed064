from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.clients.access import Capability, get_client_for
from alongside.clients.pages import client_form_page
from alongside.lib.forms import add_service_errors, posted
from alongside.lib.http import is_htmx
from alongside.support.forms import ContactForm
from alongside.support.services import log_encounter


@require_http_methods(["GET", "POST"])
@login_required
def log_contact(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Log a contact: a full page, or (with htmx, from the caseload) an inline form."""
    client = get_client_for(request.user, public_id, need=Capability.RECORD)
    inline = is_htmx(request) and request.GET.get("inline") == "1"
    template = "support/_contact_inline.html" if inline else "support/log_contact.html"
    form = ContactForm(posted(request), zone=timezone.get_current_timezone())
    if request.method == "POST" and form.is_valid():
        try:
            encounter = log_encounter(request.user, client, form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if inline:
                return render(
                    request,
                    "support/_contact_logged.html",
                    {"client": client, "encounter": encounter},
                )
            messages.success(request, "Contact logged.")
            return redirect("workspace:client", public_id=client.public_id)
    return client_form_page(request, template, client, form)
