from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from alongside.audit.context import current_ip
from alongside.lib.http import is_htmx
from alongside.signins.devices import describe
from alongside.signins.store import SessionStore
from alongside.signins.timeouts import Deadline, idle_timeout_for

NOT_ACTIVITY = "signins_not_activity"


def not_activity(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark VIEW as one whose requests do not count as activity (the warning's status check).

    Like `csrf_exempt`, it sets an attribute the middleware reads.
    """
    setattr(view, NOT_ACTIVITY, True)
    return view


class SessionTimeoutMiddleware:
    """End sessions left idle or signed in too long; count each request as activity.

    Runs after authentication, messages, htmx and the audit context (it stores the address
    the audit log would record). A session that has ended is flushed, then:

    - an htmx request gets `HX-Redirect` to the sign-in page (not a login page swapped into
      a fragment);
    - an API request goes on signed out, so the API answers its usual 401;
    - any other request goes on signed out with a message saying why: pages that need
      sign-in send the person to it, where the message shows; pages that do not (crisis
      help) still work.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if not isinstance(session, SessionStore):
            return self.get_response(request)
        session.seen_from(current_ip.get(), describe(request.headers.get("User-Agent", "")))
        ended = _ended(request, session)
        if ended is not None:
            early = _sign_out(request, ended)
            if early is not None:
                return early
        response = self.get_response(request)
        session = request.session
        if isinstance(session, SessionStore):
            # After the view, which may have signed someone in: their limit goes into the
            # expiry stored with the session.
            if request.user.is_authenticated:
                session.idle_timeout = idle_timeout_for(request.user)
            session.save_activity()
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        session = request.session
        if (
            isinstance(session, SessionStore)
            and request.user.is_authenticated
            and not getattr(view, NOT_ACTIVITY, False)
        ):
            session.touch(timezone.now())


def _ended(request: HttpRequest, session: SessionStore) -> Deadline | None:
    """Return the deadline REQUEST's signed-in session missed; None if it is still valid."""
    signed_in = request.user.is_authenticated  # loads the session
    if session.ended is not None:
        return session.ended
    if not signed_in:
        return None
    session.idle_timeout = idle_timeout_for(request.user)
    limit = session.deadline()
    if limit is not None and timezone.now() >= limit.ends_at:
        return limit
    return None


def _sign_out(request: HttpRequest, ended: Deadline) -> HttpResponse | None:
    if request.user.is_authenticated:
        logout(request)
    if request.path_info.startswith(reverse("api:api_root")):
        return None
    messages.info(request, ended.signed_out_message())
    if is_htmx(request):
        login = resolve_url(settings.LOGIN_URL)
        back = request.htmx.current_url_abs_path  # type: ignore[attr-defined]
        return HttpResponseClientRedirect(f"{login}?{urlencode({'next': back})}" if back else login)
    return None
