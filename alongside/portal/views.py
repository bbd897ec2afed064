"""The client portal under /me/: home, crisis help, joining by invitation, language."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.audit.models import Action
from alongside.clients.access import audit_client_event
from alongside.lib.forms import add_service_errors, posted
from alongside.portal.access import client_of, portal_client
from alongside.portal.crisis import EMERGENCY, LIFELINE, OnCall, on_call_for
from alongside.portal.forms import CodeForm, JoinForm, LanguageForm
from alongside.portal.home import sections_for
from alongside.portal.models import Channel, Invitation
from alongside.portal.services import (
    InvitationNotValid,
    find_open_invitation,
    redeem_invitation,
    set_portal_language,
)

logger = logging.getLogger(__name__)

LANGUAGE_COOKIE_AGE = timedelta(days=365)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    client = portal_client(request)
    audit_client_event(request.user, client, Action.VIEW)
    context = {"client": client, "sections": sections_for(client), "nav": "home"}
    return render(request, "portal/home.html", context)


@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    """Crisis resources, for anyone, signed in or not. Nothing here may stop the page: the
    national lines need no data, and the program's on-call line is shown only if it can be
    read."""
    on_call: list[OnCall] = []
    try:
        client = client_of(request)
        if client is not None:
            on_call = on_call_for(client)
    except DatabaseError:
        logger.exception("on-call lines unavailable; the help page shows the national lines")
    context = {"lifeline": LIFELINE, "emergency": EMERGENCY, "on_call": on_call, "nav": "help"}
    return render(request, "portal/help.html", context)


def _not_valid(request: HttpRequest) -> HttpResponse:
    """The one answer for every unusable link: unknown, mistyped, expired, used or revoked."""
    return render(request, "portal/join_not_valid.html", status=404)


def _choose_account(
    request: HttpRequest, secret: str, invitation: Invitation, *, carry_code: bool
) -> HttpResponse:
    """Show or handle the e-mail + passphrase step for an open invitation."""
    # The link (256 random bits) may offer the address it was sent to; a short code is far
    # easier to guess, so it reveals nothing about the invitation.
    prefill = invitation.channel == Channel.EMAIL and not carry_code
    initial = {"email": invitation.sent_to} if prefill else {}
    # After a code, the first POST carried only the code: this step is bound from its own.
    submitted = request.method == "POST" and (
        not carry_code or request.POST.get("step") == "account"
    )
    form = JoinForm(request.POST if submitted else None, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            redeem_invitation(secret, data["email"], data["passphrase"])
        except InvitationNotValid:
            return _not_valid(request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The same answer whether or not the address already had an account elsewhere.
            messages.success(
                request,
                _("You're all set. Sign in with your e-mail address and your new passphrase."),
            )
            return redirect("account_login")
    context = {"form": form, "code": secret if carry_code else ""}
    status = 422 if form.errors else 200
    return render(request, "portal/join_account.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def join_link(request: HttpRequest, token: str) -> HttpResponse:
    invitation = find_open_invitation(token)
    if invitation is None:
        return _not_valid(request)
    return _choose_account(request, token, invitation, carry_code=False)


@never_cache
@require_http_methods(["GET", "POST"])
def join_code(request: HttpRequest) -> HttpResponse:
    """Step one: the code read out by the advocate. Step two, posted to the same page with the
    code in a hidden field: the e-mail and passphrase."""
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        invitation = find_open_invitation(form.cleaned_data["code"])
        if invitation is not None:
            return _choose_account(request, form.cleaned_data["code"], invitation, carry_code=True)
        form.add_error("code", InvitationNotValid())
    status = 422 if form.errors else 200
    return render(request, "portal/join_code.html", {"form": form}, status=status)


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Switch the portal's language: a client's choice is kept on their record; a visitor's
    (before signing in) in a cookie."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    chosen = form.cleaned_data["language"]
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    client = client_of(request)
    if client is not None:
        set_portal_language(request.user, client, chosen)
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        chosen,
        max_age=int(LANGUAGE_COOKIE_AGE.total_seconds()),
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
