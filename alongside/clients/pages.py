"""Rendering a form page about one client, the same way everywhere."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alongside.audit.models import Action
from alongside.clients.access import audit_client_event
from alongside.clients.models import Client
from alongside.lib.forms import form_status


def client_form_page(
    request: HttpRequest,
    template: str,
    client: Client,
    form: forms.Form,
    **context: Any,
) -> HttpResponse:
    """Render TEMPLATE with FORM about CLIENT: audited as a view (the page shows the client),
    status 422 when the form carries errors."""
    audit_client_event(request.user, client, Action.VIEW)
    context = {"nav": "caseload", "client": client, "form": form, **context}
    return render(request, template, context, status=form_status(form))
