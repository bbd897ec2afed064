"""The staff page for a client's worksheets, /clients/<uuid>/worksheets/, and the advocate's
comment endpoint beside it.

Everyone who can see the client gets the state of each worksheet (rows, shared rows, last
update). A current advocate also gets the shared rows, the comments on them and a comment
form; a break-glass holder gets the shared rows read-only. Nobody on staff ever gets a
private row (access.py).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from alongside.clients.models import Client
from alongside.lib.forms import add_service_errors
from alongside.worksheets import services
from alongside.worksheets.access import (
    audit_view,
    get_client_for_worksheets,
    may_comment,
    may_read_shared,
    worksheet_of,
)
from alongside.worksheets.forms import CommentForm
from alongside.worksheets.models import Entry
from alongside.worksheets.queries import shared_worksheets, states


def _page(
    request: HttpRequest,
    client: Client,
    failed: CommentForm | None = None,
    failed_for: str = "",
) -> HttpResponse:
    audit_view(request.user, client)
    reader = may_read_shared(request.user, client)
    context = {
        "nav": "caseload",
        "client": client,
        "reader": reader,
        "can_comment": reader and may_comment(request.user, client),
        "worksheets": shared_worksheets(client) if reader else states(client),
        "failed": failed,
        "failed_for": failed_for,
    }
    return render(request, "worksheets/client.html", context, status=422 if failed else 200)


@require_GET
@login_required
def client_worksheets(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _page(request, get_client_for_worksheets(request.user, public_id))


@require_POST
@login_required
def comment(request: HttpRequest, public_id: uuid.UUID, worksheet_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_worksheets(request.user, public_id)
    if not may_comment(request.user, client):
        raise PermissionDenied
    worksheet = worksheet_of(client, worksheet_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        entry = None
        if form.cleaned_data["row"] is not None:
            entry = Entry.objects.filter(
                worksheet=worksheet, public_id=form.cleaned_data["row"]
            ).first()
            if entry is None:
                raise Http404("No such row")
        try:
            services.add_comment(request.user, worksheet, form.cleaned_data["text"], entry)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Comment added. The client sees it with their worksheet.")
            return redirect("worksheets:client", public_id=client.public_id)
    return _page(request, client, failed=form, failed_for=str(worksheet.public_id))
