"""Parts about safety: safety plans, flags, alerts and crisis events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from alongside.clients.models import Client
from alongside.myrecord.package.base import Item, Part, Rows
from alongside.safety.models import Alert, CrisisAction, CrisisEvent, RiskFlag
from alongside.safetyplans.models import SafetyPlanVersion


def safety_plans(client: Client, rows: Rows) -> Part:
    """Every version of the plan, oldest first (versions are never changed or deleted)."""
    items = []
    for plan in (
        SafetyPlanVersion.objects.filter(client=client)
        .select_related("created_by")
        .order_by("number")
    ):
        fields = [
            rows.f("version", plan.number),
            rows.f("created_at", plan.created_at),
            rows.person("created_by", plan.created_by),
        ]
        fields += [rows.f(section.key, text) for section, text in plan.entries()]
        items.append(Item(tuple(fields)))
    return Part("safety_plans", gettext_lazy("Safety plan, every version"), items)


def flags(client: Client, rows: Rows) -> Part:
    items = [
        Item(
            (
                rows.f("created_at", f.created_at),
                rows.choice(f, "severity"),
                rows.f("rule", f.rule),
                rows.f("reason", f.reason),
                rows.f("source", f.source_type),
                rows.person("raised_by", f.raised_by),
            )
        )
        for f in RiskFlag.objects.filter(client=client)
        .select_related("raised_by")
        .order_by("created_at", "id")
    ]
    return Part("flags", gettext_lazy("Safety flags"), items)


def alerts(client: Client, rows: Rows) -> Part:
    items = [
        Item(
            (
                rows.f("created_at", a.created_at),
                rows.choice(a, "severity"),
                rows.choice(a, "state"),
                rows.person("owner", a.owner),
                rows.f("acknowledged_at", a.acknowledged_at),
                rows.person("acknowledged_by", a.acknowledged_by),
                rows.f("acknowledgement_note", a.acknowledgement_note),
                rows.f("resolved_at", a.resolved_at),
                rows.person("resolved_by", a.resolved_by),
                rows.f("resolution", a.resolution),
            )
        )
        for a in Alert.objects.filter(client=client)
        .select_related("owner", "acknowledged_by", "resolved_by")
        .order_by("created_at", "id")
    ]
    return Part("alerts", gettext_lazy("Alerts to your care team"), items)


def crisis_events(client: Client, rows: Rows) -> Part:
    items = [
        Item(
            (
                rows.f("occurred_at", e.occurred_at),
                rows.person("recorded_by", e.recorded_by),
                rows.f("what_happened", e.what_happened),
                rows.choice(e, "risk_level"),
                rows.codes("actions", e.actions or [], CrisisAction),
                rows.f("actions_other", e.actions_other),
                rows.f("outcome", e.outcome),
                rows.f("follow_up_on", e.follow_up_on),
                rows.f("follow_up_done_at", e.follow_up_done_at),
            )
        )
        for e in CrisisEvent.objects.filter(client=client)
        .select_related("recorded_by")
        .order_by("occurred_at", "id")
    ]
    return Part("crisis_events", gettext_lazy("Crisis events recorded by staff"), items)
