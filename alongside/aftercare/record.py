"""The aftercare part of the person's own record download (alongside/myrecord): the calls
after discharge and what they told us, in their language. `myrecord.package` calls
`followups()`; importing this module adds its field labels to the package's LABELS."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from alongside.aftercare.models import FollowUp
from alongside.clients.models import Client
from alongside.myrecord.package.base import Item, Part, Rows
from alongside.myrecord.package.labels import LABELS

RECORD_LABELS = {
    "followup_days": gettext_lazy("Days after leaving the program"),
    "followup_due_on": gettext_lazy("Call due on"),
    "followup_status": gettext_lazy("Call status"),
    "calls": gettext_lazy("Calls"),
    "in_recovery": gettext_lazy("Still in recovery, in your view"),
    "in_their_words": gettext_lazy("In your own words"),
    "housing_stable": gettext_lazy("Housing stable"),
    "working_or_school": gettext_lazy("Working or in school"),
    "returned_to_treatment": gettext_lazy("Returned to treatment"),
    "overdose_or_er": gettext_lazy("Overdose or emergency room visit"),
}
LABELS.update(RECORD_LABELS)


def followups(client: Client, rows: Rows) -> Part:
    """CLIENT's follow-up calls, each with its tries and, when reached, what they said."""
    items = []
    for followup in (
        FollowUp.objects.filter(client=client)
        .select_related("outcome")
        .prefetch_related("attempts")
        .order_by("due_on", "id")
    ):
        calls = [
            f"{rows.shown(a.attempted_at)} {a.get_result_display()}"
            for a in followup.attempts.all()
        ]
        fields = [
            rows.f("followup_days", followup.days),
            rows.f("followup_due_on", followup.due_on),
            rows.choice(followup, "status", "followup_status"),
            rows.f("calls", calls),
        ]
        outcome = getattr(followup, "outcome", None)
        if outcome is not None:
            fields += [
                rows.choice(outcome, "in_recovery"),
                rows.f("in_their_words", outcome.in_their_words),
                rows.choice(outcome, "housing_stable"),
                rows.choice(outcome, "working_or_school"),
                rows.choice(outcome, "returned_to_treatment"),
                rows.choice(outcome, "overdose_or_er"),
            ]
        items.append(Item(tuple(fields)))
    return Part("aftercare", gettext_lazy("Calls after you left the program"), items)
