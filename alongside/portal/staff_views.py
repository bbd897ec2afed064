"""Staff pages for a client's portal access: invite (link and code shown once), revoke."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.audit.models import Action
from alongside.clients.access import audit_client_event
from alongside.clients.models import Client
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.portal.access import get_client_to_invite
from alongside.portal.emails import absolute
from alongside.portal.forms import InviteForm, RevokeForm
from alongside.portal.services import IssuedInvitation, invite_client, revoke_invitation


def _page(
    request: HttpRequest,
    client: Client,
    form: InviteForm,
    issued: IssuedInvitation | None = None,
) -> HttpResponse:
    now = timezone.now()
    latest = client.portal_invitations.select_related("created_by").first()
    context = {
        "nav": "caseload",
        "client": client,
        "form": form,
        "issued": issued,
        "latest": latest,
        "latest_status": latest.status(now) if latest else None,
        "open": latest if latest and latest.is_open(now) else None,
        "join_page_url": absolute(reverse("portal:join")),
    }
    status = form_status(form)
    return render(request, "portal/staff/invitation.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def invitation(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The client's portal access. After sending, the link and code are shown on this response
    only: they are not stored, so reloading the page cannot show them again."""
    client = get_client_to_invite(request.user, public_id)
    audit_client_event(request.user, client, Action.VIEW)
    form = InviteForm(posted(request), client=client)
    if request.method == "POST" and form.is_valid():
        try:
            email, phone = form.address()
            issued = invite_client(request.user, client, email=email, phone=phone)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _page(request, client, InviteForm(client=client), issued)
    return _page(request, client, form)


@require_http_methods(["GET", "POST"])
@login_required
def revoke(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_to_invite(request.user, public_id)
    form = RevokeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        target = client.portal_invitations.filter(public_id=form.cleaned_data["invitation"]).first()
        if target is None:
            form.add_error(None, "This invitation is no longer open, so nothing was changed.")
        else:
            target.client = client
            try:
                revoke_invitation(request.user, target)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Invitation revoked: its link and code no longer work.")
                return redirect("invitations:manage", public_id=client.public_id)
    audit_client_event(request.user, client, Action.VIEW)
    now = timezone.now()
    open_invitation = client.portal_invitations.open(now).first()
    context = {"nav": "caseload", "client": client, "form": form, "open": open_invitation}
    return render(request, "portal/staff/revoke.html", context, status=form_status(form))
