"""Reaching one win: through its client, so the client access layer decides (404 or 403)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from alongside.clients.access import Capability, get_client_for
from alongside.recovery.models import Win


def get_win_for(
    user: Any,
    client_public_id: uuid.UUID | str,
    win_public_id: uuid.UUID | str,
    *,
    need: Capability = Capability.VIEW,
) -> Win:
    """Return a win of a client USER may see with NEED; Http404 if either is missing or out
    of scope (indistinguishable), PermissionDenied as get_client_for() decides."""
    client = get_client_for(user, client_public_id, need=need)
    try:
        win = client.wins.select_related("created_by").get(public_id=win_public_id)
    except (Win.DoesNotExist, ValueError):
        raise Http404("No such win") from None
    win.client = client
    return win
