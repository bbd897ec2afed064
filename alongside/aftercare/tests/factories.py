"""Small factories for aftercare tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from alongside.aftercare.models import AttemptResult, FollowUp, FollowUpAttempt, Status
from alongside.aftercare.schedule import half_width
from alongside.clients.models import Episode


def make_followup(
    episode: Episode,
    days: int,
    due_on: date,
    *,
    status: str = Status.SCHEDULED,
    attempts: tuple[str, ...] = (),
    by: Any = None,
) -> FollowUp:
    """Create a follow-up of EPISODE due on DUE_ON directly (the window follows the rule),
    with ATTEMPTS (results, in order) recorded by BY."""
    width = timedelta(days=half_width(days))
    reached = status == Status.REACHED
    followup = FollowUp.objects.create(
        organization_id=episode.organization_id,
        client_id=episode.client_id,
        episode=episode,
        days=days,
        due_on=due_on,
        opens_on=due_on - width,
        closes_on=due_on + width,
        status=status,
        reached_at=timezone.now() if reached else None,
    )
    if attempts and by is None:
        by = get_user_model().objects.order_by("pk").first()
    when = timezone.make_aware(datetime.combine(due_on, time(12)))
    for result in attempts:
        FollowUpAttempt.objects.create(
            organization_id=episode.organization_id,
            client_id=episode.client_id,
            follow_up=followup,
            result=result,
            attempted_at=when,
            recorded_by=by,
        )
    return followup


REACHED = AttemptResult.REACHED
NO_ANSWER = AttemptResult.NO_ANSWER


def discharge_days_ago(actor: Any, client: Any, days: int, **kwargs: Any) -> Episode:
    """Discharge CLIENT's open episode DAYS ago through the service (schedule included)."""
    from alongside.clients.services import discharge

    when = timezone.now() - timedelta(days=days)
    kwargs.setdefault("reason", "completed")
    return discharge(actor, client.episodes.open().get(), discharged_at=when, **kwargs)


def client_today(client: Any) -> date:
    from alongside.lib.zones import local_date

    return local_date(client.time_zone, timezone.now())


BARC10_ANSWERS = {f"q{i}": 5 for i in range(1, 11)}


def followup_kwargs(client: Any, cast: Any) -> dict[str, Any]:
    """URL kwargs for a follow-up of CLIENT (url-scope tests). Assigned to nobody, so it
    changes no one's scope."""
    followup = FollowUp.objects.filter(client=client).first()
    if followup is None:
        episode = client.episodes.order_by("-admitted_at").first()
        followup = make_followup(episode, 7, client_today(client))
    return {"public_id": client.public_id, "followup_id": followup.public_id}


def make_reached_followup(client: Any, advocate: Any, canary: str) -> FollowUp:
    """A reached 7-day follow-up of CLIENT's latest episode with its outcome, the words
    holding CANARY (the record download's tests). Created directly: the episode stays open."""
    from alongside.aftercare.models import FollowUpOutcome

    episode = client.episodes.order_by("-admitted_at").first()
    followup = make_followup(
        episode,
        7,
        client_today(client),
        status=Status.REACHED,
        attempts=(NO_ANSWER, REACHED),
        by=advocate,
    )
    FollowUpOutcome.objects.create(
        organization_id=client.organization_id,
        client=client,
        follow_up=followup,
        attempt=followup.attempts.order_by("-attempted_at", "-pk").first(),
        in_recovery="yes",
        in_their_words=f"{canary}-in-their-words",
        housing_stable="yes",
        working_or_school="no",
        returned_to_treatment="no",
        overdose_or_er="no",
        recorded_by=advocate,
    )
    return followup
