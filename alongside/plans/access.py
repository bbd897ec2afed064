"""Who may read and write a client's recovery plan (on top of the client access layer).

Goals and tasks are peer-support free text: staff read them with READ_NOTES (advocates,
supervisors, directors) and write them with RECORD (advocates, supervisors). The client
reads and edits their own plan in the portal. Clinicians and administrators see nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from alongside.audit.models import Action, Outcome
from alongside.clients.access import Capability, audit_client_event, get_client_for
from alongside.clients.models import Client
from alongside.plans.models import Goal, Task

OBJECT_TYPE = "recovery_plan"


def get_client_for_plan(user: Any, public_id: uuid.UUID | str, *, write: bool = False) -> Client:
    """Return the client with PUBLIC_ID whose plan USER may read (or, with WRITE, change).

    Http404 when missing or out of scope; PermissionDenied, audited as denied, when USER
    sees the client but not the plan.
    """
    need = Capability.RECORD if write else Capability.READ_NOTES
    client = get_client_for(user, public_id)
    if need not in client.capabilities:  # type: ignore[attr-defined]
        audit_client_event(
            user, client, Action.VIEW, object_type=OBJECT_TYPE, outcome=Outcome.DENIED
        )
        raise PermissionDenied
    return client


def audit_plan_view(user: Any, client: Client) -> None:
    """Write the VIEW row for showing CLIENT's plan."""
    audit_client_event(user, client, Action.VIEW, object_type=OBJECT_TYPE)


def goal_of(client: Client, goal_id: uuid.UUID | str) -> Goal:
    """Return CLIENT's goal GOAL_ID; Http404 if it is not theirs or does not exist."""
    goal = Goal.objects.filter(client=client, public_id=goal_id).first()
    if goal is None:
        raise Http404("No such goal")
    goal.client = client
    return goal


def task_of(client: Client, task_id: uuid.UUID | str) -> Task:
    """Return CLIENT's task TASK_ID; Http404 if it is not theirs or does not exist."""
    task = Task.objects.select_related("goal").filter(client=client, public_id=task_id).first()
    if task is None:
        raise Http404("No such task")
    task.client = client
    task.goal.client = client
    return task
