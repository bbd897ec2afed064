"""The safety sweeps the sweeper runs (notifications.sweeps): alert escalation every pass,
and the "no check-in for N days" low flag at most hourly."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Max

from alongside.checkins.queries import latest_checkins
from alongside.clients.models import Episode
from alongside.lib.zones import local_date
from alongside.notifications.models import Heartbeat
from alongside.safety import services
from alongside.safety.models import RiskFlag, Severity
from alongside.safety.rules import Finding

NO_CHECKIN_DAYS = 3
MISSED_CHECKINS_EVERY = timedelta(hours=1)
MISSED_CHECKINS_BEAT = "missed-checkin-flags"


def escalate_alerts_sweep(now: datetime) -> int:
    return services.escalate_due(now)


def missed_checkin_flags_sweep(now: datetime) -> int:
    """Raise a low flag for each person in care who uses check-ins and has not checked in for
    their program's `no_checkin_days` (default 3) — once per silence, not every hour."""
    last = Heartbeat.objects.filter(name=MISSED_CHECKINS_BEAT).values_list("beat_at", flat=True)
    if last and now - last[0] < MISSED_CHECKINS_EVERY:
        return 0
    episodes = (
        Episode.objects.open()
        .select_related("client", "program")
        .order_by("client_id", "admitted_at")
    )
    limits: dict[int, int] = {}
    clients = {}
    for episode in episodes:
        if episode.client_id in clients:
            continue
        clients[episode.client_id] = episode.client
        value = (episode.program.settings or {}).get("no_checkin_days")
        limit = NO_CHECKIN_DAYS
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            limit = value
        limits[episode.client_id] = limit
    latest = latest_checkins(clients)
    flagged_at = dict(
        RiskFlag.objects.filter(rule="no_checkin", client_id__in=list(latest))
        .values("client_id")
        .annotate(last=Max("created_at"))
        .values_list("client_id", "last")
    )
    raised = 0
    for client_id, checkin in latest.items():
        client = clients[client_id]
        days = (local_date(client.time_zone, now) - checkin.local_date).days
        already = flagged_at.get(client_id)
        if days < limits[client_id] or (already is not None and already > checkin.occurred_at):
            continue
        services.raise_flag(
            client,
            Finding("no_checkin", Severity.LOW, f"No check-in for {days} days"),
            source_type="sweep",
            now=now,
        )
        raised += 1
    Heartbeat.objects.update_or_create(name=MISSED_CHECKINS_BEAT, defaults={"beat_at": now})
    return raised
