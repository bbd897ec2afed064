"""Who may reach what in the portal.

Staff invite clients they work with: the access layer's RECORD or MANAGE capability
(advocates, supervisors, directors). A signed-in client reaches only their own record, found
from their account (`own_client`), never from an id in the URL.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from alongside.audit.models import Action, Outcome
from alongside.clients.access import Capability, audit_client_event, get_client_for, own_client
from alongside.clients.models import Client

INVITING = frozenset({Capability.RECORD, Capability.MANAGE})

_REQUEST_CACHE = "_alongside_portal_client"


def may_invite(user: Any, client: Client) -> bool:
    """Return True if USER may invite CLIENT (CLIENT must come from `get_client_for`)."""
    return bool(INVITING & client.capabilities)  # type: ignore[attr-defined]


def get_client_to_invite(user: Any, public_id: uuid.UUID | str) -> Client:
    """Return the client with PUBLIC_ID if USER may manage their portal invitation.

    Http404 outside USER's scope (as everywhere); PermissionDenied, audited as a denied view,
    for a client USER can see but not invite (a clinician).
    """
    client = get_client_for(user, public_id)
    if not may_invite(user, client):
        audit_client_event(user, client, Action.VIEW, outcome=Outcome.DENIED)
        raise PermissionDenied
    return client


def client_of(request: HttpRequest) -> Client | None:
    """Return the signed-in person's own client record (None for staff and visitors).

    Looked up once per request: the language middleware and the view share it.
    """
    if not hasattr(request, _REQUEST_CACHE):
        setattr(request, _REQUEST_CACHE, own_client(request.user))
    client: Client | None = getattr(request, _REQUEST_CACHE)
    return client


def portal_client(request: HttpRequest) -> Client:
    """Return the signed-in client's own record; Http404 for anyone who is not a client."""
    client = client_of(request)
    if client is None:
        raise Http404("The portal is for clients")
    return client
