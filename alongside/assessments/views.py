"""Staff pages: a client's assessments (trends, history, what is due) and giving one with
them (e.g. in a session or on the phone)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from alongside.assessments.catalog import get_instrument
from alongside.assessments.charts import trend_chart
from alongside.assessments.forms import StaffAnswersForm
from alongside.assessments.instruments import Instrument
from alongside.assessments.models import Source
from alongside.assessments.queries import due_for, responses_of, trends_of
from alongside.assessments.reasons import occasion_text
from alongside.assessments.schedule import ORDER
from alongside.assessments.scoring import Result
from alongside.assessments.services import record_assessment
from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, get_client_for
from alongside.clients.pages import client_form_page
from alongside.lib.forms import add_service_errors, posted
from alongside.lib.paging import paginate

RESPONSES_PER_PAGE = 20


def _instrument(key: str) -> Instrument:
    try:
        return get_instrument(key)
    except LookupError:
        raise Http404("No such instrument") from None


def offered() -> list[Instrument]:
    """The instruments staff can give, in the usual order."""
    return [get_instrument(key) for key in ORDER]


@require_GET
@login_required
def client_assessments(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A client's totals over time (a chart and a table per instrument), every response,
    and what is due under their program's schedule."""
    client = get_client_for(request.user, public_id)
    audit_client_event(request.user, client, Action.VIEW, object_type="assessment_list")
    capabilities = client.capabilities  # type: ignore[attr-defined]
    due = due_for([client], timezone.now()).get(client.pk, [])
    context = {
        "nav": "caseload",
        "client": client,
        "charts": [trend_chart(trend) for trend in trends_of(client)],
        "page_obj": paginate(request, responses_of(client), per_page=RESPONSES_PER_PAGE),
        "due": [(get_instrument(d.instrument), occasion_text(d), d) for d in due],
        "instruments": offered(),
        "can_record": Capability.RECORD in capabilities,
    }
    return render(request, "assessments/client_assessments.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def give(request: HttpRequest, public_id: uuid.UUID, instrument: str) -> HttpResponse:
    """Record answers the client gives with staff (source "staff")."""
    client = get_client_for(request.user, public_id, need=Capability.RECORD)
    definition = _instrument(instrument)
    form = StaffAnswersForm(
        posted(request), instrument=definition, zone=timezone.get_current_timezone()
    )
    if request.method == "POST" and form.is_valid():
        try:
            response = record_assessment(
                request.user,
                client,
                definition.key,
                form.answers(),
                sex=form.sex(),
                source=Source.STAFF,
                occurred_at=form.cleaned_data["occurred_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _tell_what_was_saved(request, response.result())
            return redirect("assessments:list", public_id=client.public_id)
    return client_form_page(request, "assessments/give.html", client, form, instrument=definition)


def _tell_what_was_saved(request: HttpRequest, result: Result) -> None:
    title = result.instrument.short_title
    if result.total is None:
        messages.success(
            request, f"{title} saved. Some questions were left blank, so there is no total."
        )
    else:
        messages.success(request, f"{title} saved: {result.total} ({result.band_label}).")
    if result.safety_flag:
        messages.warning(
            request,
            "Item 9 was answered above “Not at all”: check on their safety now and follow "
            "your program's crisis steps. 988 (call or text) is open around the clock.",
        )
