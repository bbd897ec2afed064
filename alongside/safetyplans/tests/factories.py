"""Small factories for safety plan tests: rows created directly, without the service."""

from __future__ import annotations

from typing import Any

from alongside.clients.models import Client
from alongside.safetyplans.models import SafetyPlanVersion
from alongside.safetyplans.sections import SECTION_KEYS

# A plan as a person might write it: short lists, names and numbers.
PLAN = {
    "warning_signs": "Not sleeping.\nSkipping meals.\nDriving past the old corner.",
    "coping_alone": "Walk the dog. Shower. Play guitar.",
    "distractions": "Coffee shop on 5th; my cousin Lee's garage.",
    "support_people": "Sis Maria 555-0142\nSponsor Dave 555-0199",
    "professionals": "Advocate Ana at the center; Dr. Patel 555-0100",
    "safer_surroundings": "Leave the car keys with Maria on bad nights.",
}


def sections(**changes: str) -> dict[str, str]:
    """Return the six sections of PLAN with CHANGES applied."""
    return {**PLAN, **changes}


def empty_sections() -> dict[str, str]:
    return dict.fromkeys(SECTION_KEYS, "")


def make_plan(
    client: Client, created_by: Any, number: int = 1, **changes: str
) -> SafetyPlanVersion:
    return SafetyPlanVersion.objects.create(
        organization_id=client.organization_id,
        client=client,
        number=number,
        created_by=created_by,
        **sections(**changes),
    )
