"""Template helpers for assessments: the client profile's section, and flag labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from alongside.assessments.catalog import get_instrument
from alongside.assessments.instruments import POSITIVE_SCREEN, REMISSION_LEVEL, SAFETY
from alongside.assessments.queries import due_for, latest_per_instrument
from alongside.assessments.reasons import occasion_text
from alongside.clients.models import Client

register = template.Library()

# How staff pages name each flag, and the badge style it gets.
FLAGS = {
    SAFETY: ("Safety: item 9 above “Not at all”", "alert"),
    POSITIVE_SCREEN: ("Positive screen", "warn"),
    REMISSION_LEVEL: ("Remission-level recovery capital", ""),
}


@register.filter
def flag_badges(flags: list[str]) -> list[tuple[str, str]]:
    """Return [(label, badge class)] for a response's FLAGS, for staff pages."""
    return [FLAGS.get(flag, (flag, "")) for flag in flags]


@register.inclusion_tag("assessments/_profile_summary.html")
def assessment_summary(client: Client, can_record: bool = False) -> dict[str, Any]:
    """The client profile's "Assessments" section: each instrument's latest result and what
    is due. Three queries, whatever the history size."""
    due = due_for([client], timezone.now()).get(client.pk, [])
    return {
        "client": client,
        "can_record": can_record,
        "latest": latest_per_instrument(client),
        "due": [(get_instrument(d.instrument), occasion_text(d)) for d in due],
    }
