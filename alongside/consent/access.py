"""Who may record, read and use a client's consents (on top of the client access layer).

- Recording a consent, recording a written revocation or an expiry event, reading consents and
  the disclosure ledger, the accounting of disclosures and the emergency disclosure form: staff
  with RECORD or MANAGE on the client (their advocates, the team's supervisor, directors).
  These are the people who ask for consents and whose work a consent governs. Clinicians (VIEW
  only) and administrators (nothing) see no consents: a consent names who the client lets hear
  about their recovery, itself sensitive.
- Disclosing (sending a record outside the program): MANAGE only — supervisors and directors.
  An advocate who needs a record sent asks their supervisor; one more person looks at every
  record that leaves.
- The client themself reads and revokes their own consents in the portal.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from alongside.audit.models import Action, Outcome
from alongside.clients.access import (
    Capability,
    audit_client_event,
    capabilities_for,
    get_client_for,
)
from alongside.clients.models import Client
from alongside.consent.models import Consent

OBJECT_CONSENTS = "consents"
OBJECT_CONSENT = "consent"
OBJECT_DISCLOSURE = "disclosure"
OBJECT_ACCOUNTING = "disclosure_accounting"

RECORDING = frozenset({Capability.RECORD, Capability.MANAGE})


def may_record_consents(user: Any, client: Client) -> bool:
    """Return True if USER may record and read CLIENT's consents (RECORD or MANAGE)."""
    granted = getattr(client, "capabilities", None)
    if granted is None:
        granted = capabilities_for(user, client)
    return bool(RECORDING & granted)


def may_disclose(user: Any, client: Client) -> bool:
    """Return True if USER may send CLIENT's records outside the program (MANAGE)."""
    granted = getattr(client, "capabilities", None)
    if granted is None:
        granted = capabilities_for(user, client)
    return Capability.MANAGE in granted


def get_client_for_consents(user: Any, public_id: uuid.UUID | str) -> Client:
    """Return the client with PUBLIC_ID if USER may work with their consents.

    Http404 when missing or out of scope (indistinguishable); PermissionDenied, audited as a
    denied view, when USER sees the client but has neither RECORD nor MANAGE.
    """
    client = get_client_for(user, public_id)
    if not may_record_consents(user, client):
        audit_client_event(
            user, client, Action.VIEW, object_type=OBJECT_CONSENTS, outcome=Outcome.DENIED
        )
        raise PermissionDenied
    return client


def get_client_for_disclosure(user: Any, public_id: uuid.UUID | str) -> Client:
    """Return the client with PUBLIC_ID if USER may disclose their records (MANAGE)."""
    return get_client_for(user, public_id, need=Capability.MANAGE)


def get_consent_for(user: Any, public_id: uuid.UUID | str, consent_id: uuid.UUID | str) -> Consent:
    """Return consent CONSENT_ID of a client USER may work with; Http404 if it is not theirs."""
    client = get_client_for_consents(user, public_id)
    try:
        consent = Consent.objects.select_related("organization", "created_by", "revoked_by").get(
            client=client, public_id=consent_id
        )
    except (Consent.DoesNotExist, ValueError):
        raise Http404("No such consent") from None
    consent.client = client
    return consent
