"""The client's own assessments in the portal, under /me/assessments/.

The client is always the signed-in person's own record (`portal_client`), never an id from
the URL. After answering, the result is shown by the same response that saved it: when an
answer raises the safety flag, the crisis resources are on that page whatever else happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from alongside.assessments.catalog import get_instrument
from alongside.assessments.forms import AnswersForm
from alongside.assessments.instruments import Instrument
from alongside.assessments.models import AssessmentResponse, Source
from alongside.assessments.queries import due_for, responses_of
from alongside.assessments.schedule import DISCHARGE, INTAKE, ORDER, Due
from alongside.assessments.scoring import Result
from alongside.assessments.services import record_assessment
from alongside.audit.models import Action
from alongside.clients.access import audit_client_event
from alongside.clients.models import Client
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.portal.access import portal_client
from alongside.portal.crisis import EMERGENCY, LIFELINE, on_call_for
from alongside.safetyplans.queries import plan_for_crisis_view

# Past results listed on the page, newest first.
PAST_SHOWN = 20

# Instruments whose questions and answers are shown in English in every language: a
# questionnaire is translated only from a published, checked translation, never by us.
# Their titles, results and explanations (our own words) are translated.
ENGLISH_ONLY = frozenset({"barc10", "auditc"})


def why_due(due: Due) -> str:
    """Why DUE is asked now, in the client's language."""
    if due.occasion == INTAKE:
        return str(_("As you start your program"))
    if due.occasion == DISCHARGE:
        return str(_("As you finish your program"))
    days = due.every_days or 0
    return ngettext(
        "It has been %(days)d day since the last one",
        "It has been %(days)d days since the last one",
        days,
    ) % {"days": days}


@dataclass(frozen=True)
class PastResult:
    response: AssessmentResponse
    result: Result


def due_now(client: Client) -> list[tuple[Instrument, str]]:
    """The instruments due for CLIENT now, with why; [] if none (two queries)."""
    due = due_for([client], timezone.now()).get(client.pk, [])
    return [(get_instrument(d.instrument), why_due(d)) for d in due]


def _instrument(key: str) -> Instrument:
    try:
        return get_instrument(key)
    except LookupError:
        raise Http404("No such questionnaire") from None


@require_GET
@login_required
def my_assessments(request: HttpRequest) -> HttpResponse:
    """What is due, the other questionnaires, and the client's past results."""
    client = portal_client(request)
    due = due_now(client)
    due_keys = {instrument.key for instrument, _why in due}
    past = [
        PastResult(response, response.result()) for response in responses_of(client)[:PAST_SHOWN]
    ]
    audit_client_event(request.user, client, Action.VIEW, object_type="assessment_list")
    context: dict[str, Any] = {
        "due": due,
        "others": [get_instrument(key) for key in ORDER if key not in due_keys],
        "past": past,
        "nav": "assessments",
    }
    return render(request, "assessments/portal/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def answer(request: HttpRequest, instrument: str) -> HttpResponse:
    """One questionnaire; after it is sent, the result on the same response."""
    client = portal_client(request)
    definition = _instrument(instrument)
    form = AnswersForm(posted(request), instrument=definition)
    if request.method == "POST" and form.is_valid():
        try:
            response = record_assessment(
                request.user,
                client,
                definition.key,
                form.answers(),
                sex=form.sex(),
                source=Source.PORTAL,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _result_page(request, client, response)
    context = {
        "form": form,
        "instrument": definition,
        "in_english_only": definition.key in ENGLISH_ONLY and get_language() != "en",
        "nav": "assessments",
    }
    return render(request, "assessments/portal/answer.html", context, status=form_status(form))


def _result_page(
    request: HttpRequest, client: Client, response: AssessmentResponse
) -> HttpResponse:
    """The result, explained; with the safety flag, the crisis resources first."""
    result = response.result()
    context: dict[str, Any] = {
        "response": response,
        "result": result,
        "instrument": result.instrument,
        "nav": "assessments",
    }
    if result.safety_flag:
        context |= {
            "lifeline": LIFELINE,
            "emergency": EMERGENCY,
            "on_call": on_call_for(client),
            "plan": plan_for_crisis_view(request.user, client),
        }
    return render(request, "assessments/portal/result.html", context)
