"""Engagement: contacts per client per week of the stay, engagement decay, check-in
adherence, group attendance, and the advocates' workload (for supervisors and directors).

Each figure is one set-based query plus arithmetic in Python; none runs a query per episode.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db.models import Count

from alongside.checkins.models import CheckIn
from alongside.clients.models import Assignment
from alongside.groups.models import ATTENDED, Attendance
from alongside.messaging.hours import weeks_of
from alongside.messaging.models import Message
from alongside.organizations.models import Membership, Role
from alongside.outcomes.access import Reader
from alongside.outcomes.episodes import EpisodeFrame, episodes_in, load_episodes
from alongside.outcomes.filters import Filters
from alongside.support.models import Encounter

WEEKS = 13  # the first quarter of a stay, week by week
DECAY_TIMEPOINTS = (30, 60, 90)
DECAY_WINDOW_DAYS = 14  # "in contact at day T": a contact in the 14 days before day T
WORKLOAD_DAYS = 28


@dataclass(frozen=True)
class WeekRate:
    week: int  # 1 = the first seven days after admission
    episodes: int  # still in treatment when the week began
    contacts: int

    @property
    def per_client(self) -> float | None:
        return self.contacts / self.episodes if self.episodes else None


@dataclass(frozen=True)
class Decay:
    days: int
    episodes: int  # admitted at least DAYS ago
    in_contact: int

    @property
    def share(self) -> float | None:
        return self.in_contact / self.episodes if self.episodes else None


@dataclass(frozen=True)
class Workload:
    advocate: Any
    caseload: int
    contacts_per_week: float
    messages: int
    after_hours_messages: int


@dataclass(frozen=True)
class Engagement:
    filters: Filters
    weeks: list[WeekRate]
    decay: list[Decay]
    checkin_days: int
    treatment_days: int
    attendance_recorded: int
    attendance_attended: int

    @property
    def checkin_adherence(self) -> float | None:
        return self.checkin_days / self.treatment_days if self.treatment_days else None

    @property
    def attendance_rate(self) -> float | None:
        if not self.attendance_recorded:
            return None
        return self.attendance_attended / self.attendance_recorded


def _times_by_client(rows: Any) -> dict[int, list[datetime]]:
    grouped: dict[int, list[datetime]] = defaultdict(list)
    for client_id, moment in rows:
        grouped[client_id].append(moment)
    return grouped


def engagement(filters: Filters, now: datetime) -> Engagement:
    """Return the engagement figures for FILTERS as of NOW."""
    frame = load_episodes(filters, now)
    return engagement_of(frame, filters, now)


def engagement_of(frame: EpisodeFrame, filters: Filters, now: datetime) -> Engagement:
    clients = episodes_in(filters).values("client_id")
    contacts = _times_by_client(
        Encounter.objects.filter(client_id__in=clients, occurred_at__gte=filters.starts_at)
        .order_by("client_id", "occurred_at")
        .values_list("client_id", "occurred_at")
    )
    checkins = _times_by_client(
        CheckIn.objects.filter(client_id__in=clients, occurred_at__gte=filters.starts_at)
        .order_by("client_id", "occurred_at")
        .values_list("client_id", "occurred_at")
    )
    week_contacts = np.zeros(WEEKS, dtype=np.int64)
    week_episodes = np.zeros(WEEKS, dtype=np.int64)
    decay_n = dict.fromkeys(DECAY_TIMEPOINTS, 0)
    decay_yes = dict.fromkeys(DECAY_TIMEPOINTS, 0)
    checkin_days = treatment_days = 0
    for index, client_id in enumerate(frame.client_ids.tolist()):
        admitted = frame.admitted_at[index]
        end = frame.discharged_at[index] or now
        days = int(frame.days[index])
        times = contacts.get(client_id, [])
        lo, hi = bisect.bisect_left(times, admitted), bisect.bisect_right(times, end)
        offsets = [(t - admitted).total_seconds() / 86400 for t in times[lo:hi]]
        for week in range(WEEKS):
            if days > week * 7:
                week_episodes[week] += 1
        for offset in offsets:
            if offset < WEEKS * 7:
                week_contacts[int(offset // 7)] += 1
        age = (now - admitted).total_seconds() / 86400
        for t in DECAY_TIMEPOINTS:
            if age >= t:
                decay_n[t] += 1
                if any(t - DECAY_WINDOW_DAYS <= o < t for o in offsets):
                    decay_yes[t] += 1
        given = checkins.get(client_id, [])
        checkin_days += bisect.bisect_right(given, end) - bisect.bisect_left(given, admitted)
        treatment_days += max(days, 1)
    attendance = Attendance.objects.filter(
        client_id__in=clients,
        session__starts_at__gte=filters.starts_at,
        session__starts_at__lt=now,
    )
    if filters.program_ids is not None:
        attendance = attendance.filter(session__group__program_id__in=filters.program_ids)
    counts = dict(attendance.values("status").annotate(n=Count("id")).values_list("status", "n"))
    return Engagement(
        filters=filters,
        weeks=[WeekRate(w + 1, int(week_episodes[w]), int(week_contacts[w])) for w in range(WEEKS)],
        decay=[Decay(t, decay_n[t], decay_yes[t]) for t in DECAY_TIMEPOINTS],
        checkin_days=checkin_days,
        treatment_days=treatment_days,
        attendance_recorded=sum(counts.values()),
        attendance_attended=sum(n for status, n in counts.items() if status in ATTENDED),
    )


def workload(reader: Reader, now: datetime) -> list[Workload]:
    """Return each advocate's caseload, contacts per week and messages over the last four
    weeks, with how many of those messages they sent outside their own working hours.

    A supervisor sees the advocates on their team; a director every advocate.
    """
    organization = reader.organization
    memberships = Membership.objects.active().filter(organization=organization, role=Role.PRA)
    if not reader.is_director:
        memberships = memberships.filter(supervisor=reader.user)
    advocates = [m.user for m in memberships.select_related("user").order_by("user__display_name")]
    ids = [a.pk for a in advocates]
    since = now - timedelta(days=WORKLOAD_DAYS)
    caseloads = dict(
        Assignment.objects.current()
        .filter(organization=organization, advocate_id__in=ids)
        .values("advocate_id")
        .annotate(n=Count("id"))
        .values_list("advocate_id", "n")
    )
    contacts = dict(
        Encounter.objects.filter(
            organization=organization, advocate_id__in=ids, occurred_at__gte=since
        )
        .values("advocate_id")
        .annotate(n=Count("id"))
        .values_list("advocate_id", "n")
    )
    weeks = weeks_of(advocates, organization)
    sent: dict[int, int] = defaultdict(int)
    after_hours: dict[int, int] = defaultdict(int)
    messages = Message.objects.filter(
        organization=organization, from_client=False, sender_id__in=ids, sent_at__gte=since
    ).values_list("sender_id", "sent_at")
    for sender_id, sent_at in messages:
        sent[sender_id] += 1
        if not weeks[sender_id].is_working(sent_at):
            after_hours[sender_id] += 1
    return [
        Workload(
            advocate=a,
            caseload=caseloads.get(a.pk, 0),
            contacts_per_week=contacts.get(a.pk, 0) / (WORKLOAD_DAYS / 7),
            messages=sent[a.pk],
            after_hours_messages=after_hours[a.pk],
        )
        for a in advocates
    ]
