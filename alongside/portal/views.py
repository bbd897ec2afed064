"""The client portal under /me/: home, messages, crisis help, joining by invitation, language."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.audit.models import Action
from alongside.checkins import wording
from alongside.checkins.models import CheckIn, Source
from alongside.checkins.services import record_checkin
from alongside.checkins.wording import follow_up_after_use
from alongside.clients.access import audit_client_event
from alongside.clients.models import Client
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.messaging.services import NoAdvocate, mark_read, send_message
from alongside.notifications.models import ReminderPreference
from alongside.portal.access import client_of, portal_client
from alongside.portal.conversation import (
    before_writing,
    current_advocates,
    expectation_for,
    page_of,
    sent_notice,
)
from alongside.portal.crisis import EMERGENCY, LIFELINE, OnCall, on_call_for
from alongside.portal.forms import (
    CodeForm,
    JoinForm,
    LanguageForm,
    MessageForm,
    PortalCheckInForm,
    ReminderForm,
)
from alongside.portal.home import sections_for
from alongside.portal.models import Channel, Invitation
from alongside.portal.services import (
    InvitationNotValid,
    find_open_invitation,
    redeem_invitation,
    save_reminder_preference,
    set_portal_language,
)
from alongside.recovery.milestones import client_today
from alongside.safety.models import Severity
from alongside.safetyplans.queries import plan_for_crisis_view

logger = logging.getLogger(__name__)

LANGUAGE_COOKIE_AGE = timedelta(days=365)

# checkins.wording's prompts after reported use, in the client's language.
FOLLOW_UP = {
    wording.AFTER_USE_CLIENT: gettext_lazy(
        "Thank you for being honest. Would you like your advocate to reach out?"
    ),
    wording.AFTER_USE_CLIENT_ASKED: gettext_lazy(
        "Thank you for being honest. Your advocate will see that you asked them to reach out."
    ),
}


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
    client = None
    try:
        client = client_of(request)
        if client is not None:
            on_call = on_call_for(client)
    except DatabaseError:
        logger.exception("on-call lines unavailable; the help page shows the national lines")
    context = {
        "lifeline": LIFELINE,
        "emergency": EMERGENCY,
        "on_call": on_call,
        "is_client": client is not None,
        "nav": "help",
    }
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
    status = form_status(form)
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
    status = form_status(form)
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


@require_http_methods(["GET", "POST"])
@login_required
def checkin(request: HttpRequest) -> HttpResponse:
    """Today's check-in: a new one, or today's answers to update (one per local day)."""
    client = portal_client(request)
    today = client_today(client, timezone.now())
    todays = CheckIn.objects.filter(client=client, local_date=today).first()
    form = PortalCheckInForm(posted(request), initial=PortalCheckInForm.initial_from(todays))
    if request.method == "POST" and form.is_valid():
        try:
            saved = record_checkin(request.user, client, form.answers(), source=Source.PORTAL)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if any(flag.severity == Severity.HIGH for flag in saved.flags):  # type: ignore[attr-defined]
                # Rendered by this very request: crisis resources never wait for a worker.
                return crisis_after_checkin(request, client)
            messages.success(request, _("Thank you for checking in."))
            follow_up = follow_up_after_use(saved, for_client=True)
            if follow_up is not None:
                messages.info(request, str(FOLLOW_UP.get(follow_up, follow_up)))
            return redirect("portal:home")
    else:
        audit_client_event(request.user, client, Action.VIEW, todays)
    status = form_status(form)
    context = {"form": form, "updating": todays is not None, "nav": "checkin"}
    return render(request, "portal/checkin.html", context, status=status)


def crisis_after_checkin(request: HttpRequest, client: Client) -> HttpResponse:
    """What a client sees at once after a high-risk answer: the lines to call or text, their
    safety plan, who on their team is reaching out, and that their advocate has been told."""
    context = {
        "lifeline": LIFELINE,
        "emergency": EMERGENCY,
        "on_call": on_call_for(client),
        "advocates": [a.advocate for a in client.assignments.current().select_related("advocate")],
        "plan": plan_for_crisis_view(request.user, client),
        "nav": "checkin",
    }
    return render(request, "portal/crisis_after_checkin.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def reminders(request: HttpRequest) -> HttpResponse:
    """The client's own check-in reminder: on or off, a time, e-mail or text message."""
    client = portal_client(request)
    preference = ReminderPreference.objects.filter(client=client).first()
    initial: dict[str, object] = {"enabled": "off"}
    if preference is not None:
        initial = {
            "enabled": "on" if preference.enabled else "off",
            "local_time": preference.local_time,
            "channel": preference.channel,
        }
    form = ReminderForm(posted(request), initial=initial, client=client)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            save_reminder_preference(
                request.user,
                client,
                enabled=data["enabled"] == "on",
                local_time=data["local_time"],
                channel=data["channel"] or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if data["enabled"] == "on":
                messages.success(request, _("Your check-in reminder is saved."))
            else:
                messages.success(request, _("Check-in reminders are off."))
            return redirect("portal:home")
    else:
        audit_client_event(
            request.user, client, Action.VIEW, preference, object_type="reminder_preference"
        )
    status = form_status(form)
    context = {
        "form": form,
        "missing_email": not client.email,
        "missing_phone": not client.phone,
        "nav": "reminders",
    }
    return render(request, "portal/reminders.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def conversation(request: HttpRequest) -> HttpResponse:
    """The client's conversation with their current advocates, and the box to write to them.

    Before writing, a client whose advocates are all off work is told when to expect a reply
    and where to get help now; a client without an advocate gets only the latter.
    """
    client = portal_client(request)
    now = timezone.now()
    advocates = current_advocates(client)
    expectation = expectation_for(advocates, client.organization, now) if advocates else None
    form = MessageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            send_message(request.user, client, form.cleaned_data["body"])
        except NoAdvocate:
            form.add_error(None, _("You have no advocate to write to right now."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, sent_notice(expectation, now))
            return redirect(reverse("portal:messages") + "#latest")
    with transaction.atomic():
        # Read first, then list: every message marked read is on the page the client sees.
        mark_read(request.user, client, now=now)
        page = page_of(client, request.GET.get("before"), read_at=now)
        audit_client_event(request.user, client, Action.VIEW, object_type="conversation")
    context = {
        "form": form,
        "page": page,
        "nav": "messages",
        **before_writing(client, advocates, expectation, now),
    }
    return render(request, "portal/messages.html", context, status=form_status(form))
