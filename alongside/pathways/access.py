"""Who may read and move a client's pathway stages (on top of the client access layer).

Reading the stages and the advocates' guidance notes needs READ_NOTES (advocates,
supervisors, directors, break-glass): it is peer-support free text. Clinicians and
administrators get no step work. Moving a stage or adding an own stage needs RECORD
(advocates, supervisors). The client reads their own stages and states in the portal,
never the guidance notes.

Lived-experience notes are not client data: each person reaches only their own
(`LivedExperienceNote.objects.filter(user=...)`), whatever their role.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied

from alongside.audit.models import Action, Outcome
from alongside.clients.access import Capability, audit_client_event, get_client_for
from alongside.clients.models import Client

OBJECT_TYPE = "pathway_progress"


def get_client_for_pathways(
    user: Any, public_id: uuid.UUID | str, *, write: bool = False
) -> Client:
    """Return the client with PUBLIC_ID whose pathways USER may read (or, with WRITE, move).

    Http404 when missing or out of scope (indistinguishable); PermissionDenied, audited as a
    denied view, when USER sees the client but not their step work or may not write.
    """
    if write:
        return get_client_for(user, public_id, need=Capability.RECORD)
    client = get_client_for(user, public_id)
    if Capability.READ_NOTES not in client.capabilities:  # type: ignore[attr-defined]
        audit_client_event(
            user, client, Action.VIEW, object_type=OBJECT_TYPE, outcome=Outcome.DENIED
        )
        raise PermissionDenied
    return client


def audit_pathways_view(user: Any, client: Client) -> None:
    """Write the VIEW row for showing CLIENT's pathway progress."""
    audit_client_event(user, client, Action.VIEW, object_type=OBJECT_TYPE)
