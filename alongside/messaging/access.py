"""Who may read and write a client's conversation.

Staff read it with the access layer's READ_MESSAGES capability (the client's advocates and
their team's supervisor); only a *current advocate* of the client writes in it or marks the
client's messages read, so a supervisor looking over a conversation never sends in an
advocate's name or hides an unread message from them. A client reaches only their own
conversation, found from their account (portal.access / clients.access.own_client).
"""

from __future__ import annotations

import uuid
from typing import Any

from alongside.clients.access import Capability, get_client_for
from alongside.clients.models import Client


def get_conversation_for(user: Any, public_id: uuid.UUID | str) -> Client:
    """Return the client whose conversation USER may read (Http404 / PermissionDenied as
    `get_client_for`)."""
    return get_client_for(user, public_id, need=Capability.READ_MESSAGES)


def is_current_advocate(user: Any, client: Client) -> bool:
    return client.assignments.current().filter(advocate_id=user.pk).exists()


def is_own(user: Any, client: Client) -> bool:
    return client.user_id is not None and client.user_id == getattr(user, "pk", None)
