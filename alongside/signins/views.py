"""My sign-ins (every signed-in person), the idle warning's two endpoints, and an
administrator signing a staff member out everywhere."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_POST

from alongside.organizations.models import Membership, Role
from alongside.organizations.staff import memberships_of
from alongside.signins import services
from alongside.signins.middleware import not_activity
from alongside.signins.models import Session
from alongside.signins.store import SessionStore
from alongside.signins.timeouts import absolute_timeout, idle_timeout_for, is_staff_account


@require_GET
@login_required
def my_signins(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    current = request.session.session_key
    live = Session.objects.live(timezone.now()).filter(user=user)
    # This session first, then the others, most recently used first.
    sessions = sorted(
        live.order_by("-last_activity", "public_id"), key=lambda s: s.session_key != current
    )
    here = sessions[0] if sessions and sessions[0].session_key == current else None
    if here is not None and isinstance(request.session, SessionStore):
        # This request's address and browser, saved with the session as the request ends.
        here.ip, here.device = request.session.ip, request.session.device
    context = {
        "sessions": sessions,
        "here": here,
        "others": len(sessions) - (here is not None),
        # People using the portal see it in the portal's frame, staff in theirs.
        "base": "base.html" if is_staff_account(user) else "portal/base.html",
        "nav": "signins",
        "idle_minutes": round(idle_timeout_for(user).total_seconds() / 60),
        "absolute_hours": round(absolute_timeout().total_seconds() / 3600),
    }
    return render(request, "signins/my_signins.html", context)


@require_POST
@login_required
def end_session(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    session = request.session
    if isinstance(session, SessionStore) and session.public_id == public_id:
        logout(request)
        return redirect("account_login")
    if not services.end_own_session(request.user, public_id):
        raise Http404("No such session")
    messages.success(request, gettext("That session is signed out."))
    return redirect("signins:list")


@require_POST
@login_required
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    ended = services.end_other_sessions(request.user, request.session.session_key)
    if ended:
        text = ngettext(
            "Signed out of %(count)d other session.",
            "Signed out of %(count)d other sessions.",
            ended,
        ) % {"count": ended}
    else:
        text = gettext("There were no other sessions to sign out.")
    messages.success(request, text)
    return redirect("signins:list")


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _time_left(request: HttpRequest) -> dict[str, object]:
    session = request.session
    limit = session.deadline() if isinstance(session, SessionStore) else None
    if not request.user.is_authenticated or limit is None:
        return {"seconds": 0, "extendable": False}
    return {"seconds": limit.seconds_left(timezone.now()), "extendable": limit.extendable}


@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """The warning's "Stay signed in": the request itself is the activity (counted by the
    middleware), so this only reports the time now left, or returns to the page without the
    script."""
    if _wants_json(request):
        status = 200 if request.user.is_authenticated else 401
        return JsonResponse(_time_left(request), status=status)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = resolve_url("home")
    return redirect(back)


@require_GET
@not_activity
def time_left(request: HttpRequest) -> JsonResponse:
    """How long until this session ends, for the warning; reading it is not activity."""
    return JsonResponse(_time_left(request))


@require_POST
@login_required
def end_member_sessions(request: HttpRequest, membership_id: uuid.UUID) -> HttpResponse:
    administered = [m.organization_id for m in memberships_of(request.user) if m.role == Role.ADMIN]
    if not administered:
        raise PermissionDenied
    membership = (
        Membership.objects.select_related("user")
        .filter(organization_id__in=administered, public_id=membership_id)
        .first()
    )
    if membership is None:
        raise Http404("No such membership")
    ended = services.end_member_sessions(
        request.user, membership, current_key=request.session.session_key
    )
    if ended:
        text = ngettext(
            "%(name)s is signed out everywhere (%(count)d session ended).",
            "%(name)s is signed out everywhere (%(count)d sessions ended).",
            ended,
        ) % {"name": membership.user, "count": ended}
    else:
        text = gettext("%(name)s was not signed in anywhere.") % {"name": membership.user}
    messages.success(request, text)
    return redirect("organizations:edit_membership", membership.public_id)
