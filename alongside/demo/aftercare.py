"""Demo aftercare: the follow-up schedule of every discharged demo episode, with calls that
look like a real program's. Most people are reached at 7 and 30 days, fewer later; some
calls go unanswered, a few numbers are wrong, some people decline, and some are lost to
follow-up (no answer until the window closed). Follow-ups after a re-admission are marked
returned to treatment, and re-admissions link to the episode before.

Called once from builder.py with the loaded organization; deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Max

from alongside.aftercare.models import (
    Answer,
    AttemptResult,
    FollowUp,
    FollowUpAttempt,
    FollowUpOutcome,
    InRecovery,
    Status,
)
from alongside.aftercare.services import unsaved_followups
from alongside.audit.models import Action
from alongside.clients.models import Assignment, Client, DischargeReason, Episode
from alongside.lib.zones import local_date
from alongside.organizations.models import Organization

# The chance of reaching someone by timepoint: funders expect 80%, real programs slip later.
REACH_CHANCE = {7: 0.85, 30: 0.8, 90: 0.72, 180: 0.65, 365: 0.6}

WORDS = (
    "Going to meetings twice a week and working again.",
    "Some hard days, but I call my sponsor.",
    "Back with my kids on weekends. Taking it a day at a time.",
    "Had a rough month, talking to my counselor about it.",
    "Doing okay. The medication helps.",
    "Started a new job at the warehouse.",
    "",
)


def load_aftercare(
    org: Organization,
    now: datetime,
    audit: Any,
    *,
    seed: int = 1,
    report: Callable[[str], None] = lambda line: None,
) -> dict[str, int]:
    """Create ORG's follow-ups, calls and outcomes as of NOW; return the counts. AUDIT is the
    builder's collector (`add(client, action, object_type, public_id)`)."""
    rng = random.Random(f"aftercare:{seed}")
    episodes = list(
        Episode.objects.filter(organization=org)
        .select_related("client", "program")
        .order_by("client_id", "admitted_at", "pk")
    )
    _link_readmissions(episodes)
    last_advocate = dict(
        Assignment.objects.filter(organization=org)
        .values("client_id")
        .annotate(latest=Max("started_at"))
        .values_list("client_id", "latest")
    )
    advocate_of = {
        (a.client_id, a.started_at): a.advocate_id
        for a in Assignment.objects.filter(organization=org)
    }
    next_admission = {
        e.previous_episode_id: e.admitted_at for e in episodes if e.previous_episode_id
    }
    report("Scheduling aftercare follow-ups…")
    followups: list[FollowUp] = []
    for episode in episodes:
        if episode.discharged_at is None or episode.discharge_reason == DischargeReason.DIED:
            continue
        client = episode.client
        day = local_date(client.time_zone, episode.discharged_at)
        latest = last_advocate.get(client.pk)
        assignee = advocate_of.get((client.pk, latest)) if latest else None
        returned_after = next_admission.get(episode.pk)
        for followup in unsaved_followups(episode, client, day, assignee):
            if returned_after is not None and followup.opens_on >= returned_after.date():
                followup.status = Status.RETURNED
            followups.append(followup)
    FollowUp.objects.bulk_create(followups, batch_size=500)
    for followup in followups:
        audit.add(followup.client, Action.CREATE, "followup", followup.public_id)
    attempts, outcomes = _calls(rng, org, followups, now, audit)
    return {"followups": len(followups), "followup_calls": attempts, "followup_reached": outcomes}


def _link_readmissions(episodes: list[Episode]) -> None:
    """Link each episode to the same client's discharged episode before it."""
    changed = []
    previous: Episode | None = None
    for episode in episodes:
        if (
            previous is not None
            and previous.client_id == episode.client_id
            and previous.discharged_at is not None
            and previous.discharged_at <= episode.admitted_at
        ):
            episode.previous_episode = previous
            changed.append(episode)
        previous = episode
    Episode.objects.bulk_update(changed, ["previous_episode"])


def _calls(
    rng: random.Random, org: Organization, followups: list[FollowUp], now: datetime, audit: Any
) -> tuple[int, int]:
    """Record the calls of the follow-ups whose window opened before today. Calls are made
    on the days before today only, so the demo is the same whatever the hour it is loaded:
    a call due today is still waiting on Today, at midnight and at noon alike."""
    attempts: list[FollowUpAttempt] = []
    reached: list[tuple[FollowUp, FollowUpAttempt]] = []
    for followup in followups:
        client: Client = followup.client
        yesterday = local_date(client.time_zone, now) - timedelta(days=1)
        if (
            followup.status != Status.SCHEDULED
            or followup.opens_on > yesterday
            or not followup.assigned_to_id
        ):
            continue
        last_day = min(yesterday, followup.closes_on)
        span = (last_day - followup.opens_on).days
        chance = REACH_CHANCE.get(followup.days, 0.6)
        tries = rng.randint(1, 3) if span >= 2 else 1
        for number in range(tries):
            day = followup.opens_on + timedelta(days=min(span, number * 2 + rng.randint(0, 1)))
            when = datetime.combine(day, time(10 + number * 2, 15), tzinfo=_zone(client))
            roll = rng.random()
            if roll < chance / tries * (number + 1) or (number == tries - 1 and roll < chance):
                result = AttemptResult.REACHED
            elif roll > 0.97:
                result = AttemptResult.WRONG_NUMBER
            elif roll > 0.93:
                result = AttemptResult.DECLINED
            else:
                result = AttemptResult.NO_ANSWER
            attempt = FollowUpAttempt(
                organization_id=org.pk,
                client=client,
                follow_up=followup,
                result=result,
                attempted_at=when,
                recorded_by_id=followup.assigned_to_id,
            )
            attempts.append(attempt)
            if result == AttemptResult.REACHED:
                followup.status = Status.REACHED
                followup.reached_at = when
                reached.append((followup, attempt))
                break
            if result in (AttemptResult.WRONG_NUMBER, AttemptResult.DECLINED):
                break
    FollowUpAttempt.objects.bulk_create(attempts, batch_size=500)
    FollowUp.objects.bulk_update([f for f, _a in reached], ["status", "reached_at"], batch_size=500)
    outcomes = [_outcome(rng, org, followup, attempt) for followup, attempt in reached]
    FollowUpOutcome.objects.bulk_create(outcomes, batch_size=500)
    for attempt in attempts:
        audit.add(attempt.client, Action.CREATE, "followupattempt", attempt.public_id)
    for outcome in outcomes:
        audit.add(outcome.client, Action.CREATE, "followupoutcome", outcome.public_id)
    return len(attempts), len(outcomes)


def _zone(client: Client) -> Any:
    import zoneinfo

    return zoneinfo.ZoneInfo(client.time_zone)


def _answer(rng: random.Random, yes: float) -> str:
    roll = rng.random()
    return Answer.YES if roll < yes else (Answer.NOT_SAID if roll > 0.95 else Answer.NO)


def _outcome(
    rng: random.Random, org: Organization, followup: FollowUp, attempt: FollowUpAttempt
) -> FollowUpOutcome:
    roll = rng.random()
    in_recovery = (
        InRecovery.YES if roll < 0.7 else InRecovery.UNSURE if roll < 0.88 else InRecovery.NO
    )
    return FollowUpOutcome(
        organization_id=org.pk,
        client=followup.client,
        follow_up=followup,
        attempt=attempt,
        in_recovery=in_recovery,
        in_their_words=rng.choice(WORDS),
        housing_stable=_answer(rng, 0.75),
        working_or_school=_answer(rng, 0.55),
        returned_to_treatment=_answer(rng, 0.12),
        overdose_or_er=_answer(rng, 0.05),
        recorded_by_id=attempt.recorded_by_id,
    )
