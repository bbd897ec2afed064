"""Who may read and write a client's safety plan (on top of the client access layer).

Writing: the plan is made together by the client and the people supporting them. The client
themself (their own portal account) and staff with RECORD on the client (their advocates and
the team's supervisor) may save a new version. Directors read but do not write, as with
other support records.

Reading needs READ_NOTES (advocates, supervisors, directors) — or, for a clinician, that the
client is in one of their programs (the scope `get_client_for()` already applies to them).
Clinicians get no other peer-support free text, but a safety plan is written to be used by
whoever helps in a crisis: a clinician in the same program who takes a warm handoff needs to
know the warning signs and who to call (DESIGN.md §4.1, need to know). They read it; they do
not edit it. Administrators see nothing (no client content without break-glass).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from alongside.audit.models import Action, Outcome
from alongside.clients.access import Capability, audit_client_event, get_client_for
from alongside.clients.models import Client
from alongside.organizations.models import Role
from alongside.organizations.staff import roles_in
from alongside.safetyplans.models import SafetyPlanVersion

OBJECT_TYPE = "safety_plan"


def may_read_plan(user: Any, client: Client) -> bool:
    """Return True if USER may read CLIENT's plan (CLIENT must come from `get_client_for`)."""
    capabilities: frozenset[Capability] = getattr(client, "capabilities", frozenset())
    if Capability.READ_NOTES in capabilities:
        return True
    # VIEW without READ_NOTES comes only from a clinician membership whose programs hold
    # the client; checking the role as well keeps a future view-only role from inheriting it.
    return Capability.VIEW in capabilities and Role.CLINICIAN in roles_in(
        user, client.organization_id
    )


def get_client_for_plan(user: Any, public_id: uuid.UUID | str, *, write: bool = False) -> Client:
    """Return the client with PUBLIC_ID whose plan USER may read (or, with WRITE, save).

    Http404 when the client is missing or out of scope (indistinguishable); PermissionDenied,
    audited as a denied view, when USER sees the client but not the plan or may not write.
    """
    if write:
        return get_client_for(user, public_id, need=Capability.RECORD)
    client = get_client_for(user, public_id)
    if not may_read_plan(user, client):
        audit_client_event(
            user, client, Action.VIEW, object_type=OBJECT_TYPE, outcome=Outcome.DENIED
        )
        raise PermissionDenied
    return client


def audit_plan_view(user: Any, client: Client, version: SafetyPlanVersion | None) -> None:
    """Write the VIEW row for showing CLIENT's plan: VERSION, or None when there is none yet
    (the row then names the client, as a view of the empty plan)."""
    audit_client_event(user, client, Action.VIEW, version, object_type=OBJECT_TYPE)


def get_version_for(user: Any, public_id: uuid.UUID | str, number: int) -> SafetyPlanVersion:
    """Return version NUMBER of the plan of a client USER may read; Http404 if missing."""
    client = get_client_for_plan(user, public_id)
    try:
        version = SafetyPlanVersion.objects.select_related("created_by").get(
            client=client, number=number
        )
    except SafetyPlanVersion.DoesNotExist:
        raise Http404("No such version") from None
    version.client = client
    return version
