"""Every URL of the site with real ids filled in, and a check of a page's HTML against the
Content Security Policy. Shared by the header, log and XSS tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from alongside.clients.models import Client
from alongside.organizations.models import Membership
from alongside.recovery.tests.factories import make_win
from alongside.safety.models import Alert, OnCallShift
from alongside.safety.tests.factories import make_alert
from alongside.testing.personas import Cast


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry, route)
        else:
            yield route, entry


def routes() -> list[str]:
    """Every route in the URL configuration, the Django admin's included, once each."""
    return sorted({route for route, _ in _walk(get_resolver())})


_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
# For a parameter these tests have no real id for (a page added since): a well-formed value
# of its converter's type, so the page still answers (a 404) and its headers are checked.
_PLACEHOLDER = {"uuid": "00000000-0000-4000-8000-000000000000", "int": "1"}


def path_for(route: str, values: dict[str, Any]) -> str:
    """ROUTE with each parameter replaced by VALUES[name] (both path() and re_path() forms)."""

    def converted(match: re.Match[str]) -> str:
        kind, name = match.group(1) or "str", match.group(2)
        return str(values.get(name, _PLACEHOLDER.get(kind, "x")))

    path = route.replace("^", "").replace("$", "")
    path = _REGEX_GROUP.sub(lambda m: str(values.get(m.group(1), "x")), path)
    path = _CONVERTER.sub(converted, path)
    return "/" + path


def values_for(cast: Cast, client: Client) -> dict[str, Any]:
    """Real ids around CLIENT (their assignment, a win, an alert, a plan version), by the
    parameter names the URL configuration uses."""
    assignment = client.assignments.current().first()
    win = client.wins.first() or make_win(client)
    alert = Alert.objects.filter(client=client).first() or make_alert(client)
    plan = client.safety_plans.first() or client.safety_plans.create(
        organization_id=client.organization_id,
        number=1,
        warning_signs="Not sleeping",
        created_by=cast.ana,
    )
    shift = OnCallShift.objects.filter(organization=cast.org).first()
    if shift is None:
        start = timezone.now()
        shift = OnCallShift.objects.create(
            organization=cast.org,
            program=cast.residential,
            user=cast.ana,
            starts_at=start,
            ends_at=start + timedelta(hours=8),
        )
    membership = Membership.objects.filter(organization=cast.org, user=cast.ana).get()
    return {
        "public_id": client.public_id,
        "assignment_id": assignment.public_id if assignment else client.public_id,
        "win_id": win.public_id,
        "number": plan.number,
        "alert_id": alert.public_id if alert else client.public_id,
        "shift_id": shift.pk,
        "membership_id": membership.public_id,
        "instrument": "phq2",
        "token": "not-a-real-invitation",
        "key": "not-a-real-key",
        "uidb36": "1",
        "rest": "nothing-here",
        # The Django admin's own parameters.
        "app_label": "accounts",
        "object_id": cast.ana.pk,
        # A real content type: the numbering differs with the apps installed (django-rq's
        # stand-in model, which has no table, is number 1 with REDIS_URL set).
        "content_type_id": ContentType.objects.get_for_model(cast.ana).pk,
    }


def url_for(route: str, values: dict[str, Any]) -> str:
    """The URL of ROUTE; the API's alert routes take the alert's id as `id`."""
    key = "alert_id" if route.startswith("api/v1/alerts/") else "public_id"
    if key in values:
        values = {**values, "id": values[key]}
    return path_for(route, values)


# Attributes that load something: anything but our own origin breaks "no third parties".
_LOADING = {"src", "srcset", "poster", "data", "action", "formaction", "background"}
_URL_ATTRIBUTES = _LOADING | {"href", "xlink:href"}


class _Inspector(HTMLParser):
    def __init__(self, nonce: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>: inline event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…>: inline style")
            if name.startswith("hx-on") or name.startswith("data-hx-on"):
                self.problems.append(f"<{tag} {name}=…>: htmx inline handler (needs eval)")
            if name in _URL_ATTRIBUTES:
                squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if squashed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"<{tag} {name}={value!r}>: script URL")
            loads = name in _LOADING or (tag == "link" and name == "href")
            if loads and re.match(r"^\s*(https?:)?//", value, re.IGNORECASE):
                self.problems.append(f"<{tag} {name}={value!r}>: another origin")
        if tag == "script":
            kind = values.get("type", "").lower()
            if kind in ("application/json", "application/ld+json"):
                return
            if "src" not in values and values.get("nonce") != self.nonce:
                self.problems.append("<script> without src or this response's nonce")
        if tag == "style" and values.get("nonce") != self.nonce:
            self.problems.append("<style> without this response's nonce")


def csp_problems(html: str, nonce: str | None) -> list[str]:
    """What in HTML the Content Security Policy would block or that loads from elsewhere:
    inline handlers and styles, scripts without NONCE, javascript: URLs, other origins."""
    inspector = _Inspector(nonce)
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def directives(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed
