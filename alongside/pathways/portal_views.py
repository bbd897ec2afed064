"""The client's own pathways in the portal, read-only: each stage and where they are on it.
Guidance notes are the advocates' working notes and are not shown here; an advocate's
lived-experience note reaches a client only as a message they chose to send."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alongside.pathways.access import audit_pathways_view
from alongside.pathways.queries import progress_for
from alongside.portal.access import portal_client


@require_GET
@login_required
def my_pathways(request: HttpRequest) -> HttpResponse:
    client = portal_client(request)
    audit_pathways_view(request.user, client)
    context = {"progress": progress_for(client), "nav": "pathways"}
    return render(request, "pathways/portal/pathways.html", context)
