"""Saving a safety plan: the one way a plan (version) enters the system.

The staff page, the portal, the API and the tests all call `save_safety_plan()`. Messages
are translated when raised, so the portal shows them in the client's language; staff pages
and the API run in English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, capabilities_for, own_client
from alongside.clients.models import Client
from alongside.safetyplans.access import OBJECT_TYPE
from alongside.safetyplans.models import SafetyPlanVersion
from alongside.safetyplans.queries import current_plan
from alongside.safetyplans.sections import SECTION_KEYS, SECTION_LENGTH


def may_write_plan(actor: Any, client: Client) -> bool:
    """Return True if ACTOR may save CLIENT's plan: the client themself (their own portal
    account) or staff with RECORD on the client."""
    own = own_client(actor)
    if own is not None and own.pk == client.pk:
        return True
    return Capability.RECORD in capabilities_for(actor, client)


def clean_sections(sections: Mapping[str, Any]) -> dict[str, str]:
    """Return all six section texts from SECTIONS, trimmed, with line endings as "\\n".

    A section left out is empty (saving is a full replacement). Raises ValidationError by
    section key for an unknown key, a value that is not text, text over SECTION_LENGTH or a
    null character; and a non-field error when every section is empty.
    """
    errors: dict[str, str] = {}
    for key in sections:
        if key not in SECTION_KEYS:
            errors[str(key)] = _("There is no such section in a safety plan.")
    cleaned: dict[str, str] = {}
    for key in SECTION_KEYS:
        value = sections.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[key] = _("Write this section as text.")
            continue
        # Browsers send "\r\n" from a text box; the API usually "\n". One form, so the same
        # words saved from either count as the same plan.
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if "\x00" in text:
            # PostgreSQL cannot store it in text.
            errors[key] = _("Remove the null character.")
        elif len(text) > SECTION_LENGTH:
            errors[key] = _("Use at most %(limit)d characters (this has %(length)d).") % {
                "limit": SECTION_LENGTH,
                "length": len(text),
            }
        cleaned[key] = text
    if not errors and not any(cleaned.values()):
        errors[NON_FIELD_ERRORS] = _(
            "The plan is empty. Write something in at least one section before saving."
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def save_safety_plan(actor: Any, client: Client, sections: Mapping[str, Any]) -> SafetyPlanVersion:
    """Save SECTIONS (section key → text) as CLIENT's plan, written by ACTOR; return it.

    A new version is created (and audited as a create) unless the texts are the same as the
    current version's, in which case nothing is written and the current version is returned;
    `saved_now` on the result tells which. Earlier versions are kept.

    Raises PermissionDenied unless ACTOR is CLIENT themself or staff with RECORD on CLIENT,
    and ValidationError by section key for bad input (see `clean_sections`); nothing is saved
    then.
    """
    if not may_write_plan(actor, client):
        raise PermissionDenied
    texts = clean_sections(sections)
    with transaction.atomic():
        # Versions of one client are numbered one at a time: two people saving at once get
        # numbers n+1 and n+2, never a clash on the unique constraint.
        Client.objects.select_for_update().filter(pk=client.pk).exists()
        latest = current_plan(client)
        if latest is not None and latest.texts() == texts:
            return latest
        version = SafetyPlanVersion.objects.create(
            organization_id=client.organization_id,
            client=client,
            number=latest.number + 1 if latest is not None else 1,
            created_by=actor,
            **texts,
        )
        version.saved_now = True
        audit_client_event(actor, client, Action.CREATE, version, object_type=OBJECT_TYPE)
    return version
