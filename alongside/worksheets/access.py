"""Who may see what of a client's worksheets (on top of the client access layer).

- The client owns them: reads and writes everything, in the portal or with their own token.
- Their current advocate(s) read only what the client shared and comment only on it.
- Everyone else who can see the client (supervisors, clinicians, directors) learns only that
  a worksheet exists and its state (rows, how many shared, when updated), never a word of it.
- A break-glass grant (alongside/privacy) lets its holder read the shared content, read-only;
  every row they write is flagged for review by the audit log. Private rows stay private
  even then: the client kept them from their own advocate.

Every page and endpoint writes a VIEW row, whether it shows words or only the state.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from alongside.audit.models import Action
from alongside.clients.access import audit_client_event, get_client_for, has_break_glass
from alongside.clients.models import Client
from alongside.worksheets.models import Entry, Worksheet

OBJECT_TYPE = "worksheet"


def get_client_for_worksheets(user: Any, public_id: uuid.UUID | str) -> Client:
    """Return the client with PUBLIC_ID if USER may see them (Http404 as `get_client_for`).
    What USER sees of the worksheets is decided by `may_read_shared` / `may_comment`."""
    return get_client_for(user, public_id)


def is_current_advocate(user: Any, client: Client) -> bool:
    return client.assignments.current().filter(advocate_id=getattr(user, "pk", None)).exists()


def may_comment(user: Any, client: Client) -> bool:
    """Return True if USER comments on CLIENT's shared worksheets: a current advocate."""
    return is_current_advocate(user, client)


def may_read_shared(user: Any, client: Client) -> bool:
    """Return True if USER reads what CLIENT shared: a current advocate, or break-glass."""
    return is_current_advocate(user, client) or has_break_glass(user, client)


def worksheet_of(client: Client, worksheet_id: uuid.UUID | str) -> Worksheet:
    """Return CLIENT's worksheet WORKSHEET_ID; Http404 if not theirs or missing."""
    found = Worksheet.objects.filter(client=client, public_id=worksheet_id).first()
    if found is None:
        raise Http404("No such worksheet")
    found.client = client
    return found


def entry_of(worksheet: Worksheet, entry_id: uuid.UUID | str) -> Entry:
    """Return WORKSHEET's row ENTRY_ID; Http404 if not in it or missing."""
    found = Entry.objects.filter(worksheet=worksheet, public_id=entry_id).first()
    if found is None:
        raise Http404("No such row")
    found.worksheet = worksheet
    found.client = worksheet.client
    return found


def audit_view(user: Any, client: Client, worksheet: Worksheet | None = None) -> None:
    """Write the VIEW row for showing CLIENT's worksheets (or one of them)."""
    audit_client_event(user, client, Action.VIEW, worksheet, object_type=OBJECT_TYPE)
