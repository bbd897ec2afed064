"""The JSON API under /api/v1/, with its OpenAPI document at /api/v1/openapi.json.

Every endpoint needs a bearer token or a signed-in session (see auth.py); errors share one
shape (see errors.py); lists paginate the same way (see pagination.py).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router

from alongside.api import checkins, clients, encounters, errors, messages, recovery, today
from alongside.api.auth import api_auth

api = NinjaAPI(
    title="Alongside API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    # Ninja's Swagger page pulls its scripts from a CDN unless "ninja" is an installed app;
    # no third-party scripts are allowed (DESIGN.md §4.4), so only the JSON document is served.
    docs_url=None,
)
errors.install(api)

api.add_router("/clients", clients.router)
api.add_router("/clients", encounters.router)
api.add_router("/clients", recovery.router)
api.add_router("/clients", "alongside.api.safetyplans.router")
api.add_router("/clients", "alongside.api.worksheets.router")
api.add_router("", checkins.router)
api.add_router("", "alongside.api.alerts.router")
api.add_router("", today.router)
api.add_router("", messages.router)
api.add_router("", "alongside.api.assessments.router")
api.add_router("", "alongside.api.crisis_events.router")
api.add_router("", "alongside.api.outcomes.router")
api.add_router("", "alongside.api.followups.router")
api.add_router("/clients", "alongside.api.pathways.router")
api.add_router("/clients", "alongside.api.plans.router")
api.add_router("", "alongside.api.groups.router")

# Registered last so it only answers paths no endpoint matched: an API caller gets the
# JSON 404 rather than the site's HTML page.
_unknown = Router()


_ANY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@_unknown.api_operation(_ANY_METHOD, "", auth=None, include_in_schema=False)
def api_root(request: HttpRequest) -> None:
    raise Http404


@_unknown.api_operation(_ANY_METHOD, "/{path:rest}", auth=None, include_in_schema=False)
def unknown_path(request: HttpRequest, rest: str) -> None:
    raise Http404


api.add_router("", _unknown)
