from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from alongside.checkins.forms import CheckInForm
from alongside.checkins.models import Source
from alongside.checkins.services import record_checkin
from alongside.checkins.wording import follow_up_after_use
from alongside.clients.access import Capability, get_client_for
from alongside.clients.pages import client_form_page
from alongside.lib.forms import add_service_errors, posted


@require_http_methods(["GET", "POST"])
@login_required
def record(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record a check-in on the client's behalf, e.g. while they are on the phone."""
    client = get_client_for(request.user, public_id, need=Capability.RECORD)
    form = CheckInForm(posted(request), zone=timezone.get_current_timezone())
    if request.method == "POST" and form.is_valid():
        try:
            checkin = record_checkin(
                request.user,
                client,
                form.answers(),
                source=Source.STAFF,
                occurred_at=form.cleaned_data["occurred_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            day = date_format(checkin.local_date, "D M j")
            messages.success(request, f"Check-in saved for {day}.")
            follow_up = follow_up_after_use(checkin, for_client=False)
            if follow_up:
                messages.info(request, follow_up)
            alert = next((f.alert for f in checkin.flags if hasattr(f, "alert")), None)  # type: ignore[attr-defined]
            if alert is not None:
                messages.warning(request, "An alert is open. Stay with them; take it here.")
                return redirect("safety:alert", alert_id=alert.public_id)
            return redirect("workspace:client", public_id=client.public_id)
    return client_form_page(request, "checkins/record.html", client, form)
