"""Writes about aftercare: the schedule a discharge creates, call attempts and outcomes, and
what a new episode does to the prior one's follow-ups.

Each function checks permission through the access layer, audits what it writes, and raises
ValidationError (keyed by field) for bad input, changing nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.aftercare.models import (
    WORDS_LENGTH,
    Answer,
    AttemptResult,
    FollowUp,
    FollowUpAttempt,
    FollowUpOutcome,
    InRecovery,
    Status,
)
from alongside.aftercare.schedule import followup_days, window_for
from alongside.assessments.services import record_assessment
from alongside.audit.models import Action
from alongside.clients.access import Capability, audit_client_event, capabilities_for
from alongside.clients.models import Assignment, Client, DischargeReason, Episode
from alongside.lib.zones import local_date
from alongside.organizations.models import Membership, Role

# Nobody is called after a death; the rest of the discharge reasons get follow-ups.
NO_FOLLOWUP_REASONS = frozenset({DischargeReason.DIED})

OUTCOME_ANSWERS = ("housing_stable", "working_or_school", "returned_to_treatment", "overdose_or_er")


def _active_member(user_id: int, organization_id: int, role: str) -> bool:
    return (
        Membership.objects.active()
        .filter(organization_id=organization_id, user_id=user_id, role=role)
        .exists()
    )


def responsible_for(client: Client, episode: Episode) -> Any:
    """Return who makes CLIENT's follow-up calls: the advocate of the most recent assignment
    if they still work there as an advocate; else that advocate's supervisor; else whoever
    is on call for the program (the rota, else a supervisor or director). None if nobody."""
    from alongside.safety.routing import on_call

    last = Assignment.objects.filter(client=client).order_by("-started_at", "-pk").first()
    if last is not None:
        if _active_member(last.advocate_id, client.organization_id, Role.PRA):
            return last.advocate
        supervisor_id = (
            Membership.objects.filter(
                organization_id=client.organization_id, user_id=last.advocate_id, role=Role.PRA
            )
            .values_list("supervisor_id", flat=True)
            .first()
        )
        if supervisor_id and _active_member(supervisor_id, client.organization_id, Role.SUPERVISOR):
            return Membership.objects.get(
                organization_id=client.organization_id,
                user_id=supervisor_id,
                role=Role.SUPERVISOR,
            ).user
    people = on_call(client, episode.program, timezone.now())
    return people[0] if people else None


def schedule_followups(actor: Any, episode: Episode) -> list[FollowUp]:
    """Create the follow-ups of a just-discharged EPISODE (the program's days, schedule.py).

    Called by `clients.services.discharge()` inside its transaction, after the permission
    check, so the schedule is saved with the discharge or not at all. Nothing is scheduled
    after a death.
    """
    if episode.discharged_at is None:
        raise ValueError("follow-ups are scheduled only for a discharged episode")
    if episode.discharge_reason in NO_FOLLOWUP_REASONS:
        return []
    client = episode.client
    discharge_date = local_date(client.time_zone, episode.discharged_at)
    assignee = responsible_for(client, episode)
    created = unsaved_followups(episode, client, discharge_date, getattr(assignee, "pk", None))
    for followup in created:
        followup.save()
        audit_client_event(actor, client, Action.CREATE, followup)
    return created


def unsaved_followups(
    episode: Episode, client: Client, discharge_date: Any, assignee_id: int | None
) -> list[FollowUp]:
    """The follow-ups of EPISODE (discharged on DISCHARGE_DATE, CLIENT's calendar), one per
    timepoint of its program, assigned to ASSIGNEE_ID; not yet saved."""
    followups = []
    for days in followup_days(episode.program.settings):
        window = window_for(discharge_date, days)
        followups.append(
            FollowUp(
                organization_id=episode.organization_id,
                client=client,
                episode=episode,
                days=days,
                due_on=window.due_on,
                opens_on=window.opens_on,
                closes_on=window.closes_on,
                assigned_to_id=assignee_id,
            )
        )
    return followups


def returned_to_treatment(actor: Any, new_episode: Episode) -> int:
    """Mark the scheduled follow-ups of NEW_EPISODE's prior episode RETURNED: the person is
    in treatment again, so they are not called and the rate leaves them out. Return how many.
    Called inside the new episode's transaction."""
    prior_id = new_episode.previous_episode_id
    if prior_id is None:
        return 0
    pending = list(FollowUp.objects.select_for_update().filter(episode_id=prior_id).scheduled())
    for followup in pending:
        followup.status = Status.RETURNED
        followup.save(update_fields=["status"])
        audit_client_event(actor, new_episode.client, Action.UPDATE, followup)
    return len(pending)


@dataclass
class Outcome:
    """What a reached person said. BARC10 is the ten answers (1-6) if they agreed, else None."""

    in_recovery: str = ""
    in_their_words: str = ""
    housing_stable: str = ""
    working_or_school: str = ""
    returned_to_treatment: str = ""
    overdose_or_er: str = ""
    barc10: Mapping[str, int | None] | None = None


def _check_attempt(followup: FollowUp, result: str, attempted_at: Any) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if followup.status == Status.REACHED:
        errors["result"] = "This follow-up is already done: the person was reached."
    elif followup.status == Status.RETURNED:
        errors["result"] = "This follow-up stopped: the person returned to treatment."
    if result not in AttemptResult.values:
        errors["result"] = "Choose what happened."
    if not isinstance(attempted_at, datetime) or timezone.is_naive(attempted_at):
        errors["attempted_at"] = "Give the time of the call with its time zone."
    elif attempted_at > timezone.now():
        errors["attempted_at"] = "The call cannot be in the future."
    else:
        day = local_date(followup.client.time_zone, attempted_at)
        if day < followup.opens_on:
            errors["attempted_at"] = f"This follow-up's window opens on {followup.opens_on}."
        elif day > followup.closes_on:
            errors["attempted_at"] = f"This follow-up's window closed on {followup.closes_on}."
    return errors


def _check_outcome(outcome: Outcome | None) -> dict[str, Any]:
    if outcome is None:
        return {"in_recovery": "Record what the person said: they were reached."}
    errors: dict[str, Any] = {}
    if outcome.in_recovery not in InRecovery.values:
        errors["in_recovery"] = "Choose yes, unsure or no."
    if len(outcome.in_their_words) > WORDS_LENGTH:
        errors["in_their_words"] = f"Use at most {WORDS_LENGTH} characters."
    for name in OUTCOME_ANSWERS:
        if getattr(outcome, name) not in Answer.values:
            errors[name] = "Choose yes, no or did not say."
    return errors


def record_attempt(
    actor: Any,
    followup: FollowUp,
    *,
    result: str,
    attempted_at: datetime | None = None,
    outcome: Outcome | None = None,
) -> FollowUpAttempt:
    """Record one call for FOLLOWUP by ACTOR (staff with RECORD on the client); return it.

    A REACHED call needs OUTCOME, and completes the follow-up; the BARC-10, if the person
    agreed, is recorded through `assessments.services.record_assessment` (source "staff")
    and linked to the outcome. Other results leave the follow-up open for another try. The
    call must fall inside the follow-up's window (schedule.py). Raises PermissionDenied or
    ValidationError (by field, "barc10" for the questionnaire); nothing is saved then.
    """
    client = followup.client
    if Capability.RECORD not in capabilities_for(actor, client):
        raise PermissionDenied
    attempted_at = attempted_at or timezone.now()
    errors = _check_attempt(followup, result, attempted_at)
    if result == AttemptResult.REACHED:
        errors |= _check_outcome(outcome)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
        if locked.status != Status.SCHEDULED:
            raise ValidationError({"result": "This follow-up is already closed."})
        attempt = FollowUpAttempt.objects.create(
            organization_id=client.organization_id,
            client=client,
            follow_up=locked,
            result=result,
            attempted_at=attempted_at,
            recorded_by=actor,
        )
        audit_client_event(actor, client, Action.CREATE, attempt)
        if result == AttemptResult.REACHED and outcome is not None:
            _save_outcome(actor, locked, attempt, outcome)
            locked.status = Status.REACHED
            locked.reached_at = attempted_at
            locked.save(update_fields=["status", "reached_at"])
            audit_client_event(actor, client, Action.UPDATE, locked)
    followup.status, followup.reached_at = locked.status, locked.reached_at
    return attempt


def _save_outcome(
    actor: Any, followup: FollowUp, attempt: FollowUpAttempt, outcome: Outcome
) -> FollowUpOutcome:
    client = followup.client
    barc10 = None
    if outcome.barc10 is not None:
        try:
            barc10 = record_assessment(
                actor,
                client,
                "barc10",
                outcome.barc10,
                source="staff",
                occurred_at=attempt.attempted_at,
            )
        except ValidationError as error:
            raise ValidationError({"barc10": error.messages}) from error
    saved = FollowUpOutcome.objects.create(
        organization_id=client.organization_id,
        client=client,
        follow_up=followup,
        attempt=attempt,
        in_recovery=outcome.in_recovery,
        in_their_words=outcome.in_their_words.strip(),
        housing_stable=outcome.housing_stable,
        working_or_school=outcome.working_or_school,
        returned_to_treatment=outcome.returned_to_treatment,
        overdose_or_er=outcome.overdose_or_er,
        barc10=barc10,
        recorded_by=actor,
    )
    audit_client_event(actor, client, Action.CREATE, saved)
    return saved


def readmit(
    actor: Any,
    client: Client,
    *,
    program: Any,
    level_of_care: str,
    admitted_at: datetime | None = None,
) -> Episode:
    """Start a new episode for CLIENT, who came back after a discharge; return it.

    The new episode links to the latest discharged one (`previous_episode`), and that
    episode's follow-ups still scheduled become RETURNED (returned to treatment). ACTOR needs
    MANAGE on the client and may admit into PROGRAM. Raises ValidationError if the client
    still has an open episode, for a program of another organization, or bad input.
    """
    from alongside.clients.access import admitting_programs
    from alongside.clients.models import LevelOfCare

    if Capability.MANAGE not in capabilities_for(actor, client):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if (
        program is None
        or not admitting_programs(actor)
        .filter(pk=program.pk, organization_id=client.organization_id)
        .exists()
    ):
        errors["program"] = "Choose a program you can admit into."
    if level_of_care not in LevelOfCare.values:
        errors["level_of_care"] = "Choose a level of care."
    admitted_at = admitted_at or timezone.now()
    if timezone.is_naive(admitted_at):
        errors["admitted_at"] = "Give the admission time with its time zone."
    elif admitted_at > timezone.now():
        errors["admitted_at"] = "The admission cannot be in the future."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        episodes = Episode.objects.select_for_update().filter(client=client)
        if any(e.discharged_at is None for e in episodes):
            raise ValidationError("This person already has an open episode.")
        prior = max(episodes, key=lambda e: e.discharged_at or admitted_at, default=None)
        if prior is not None and prior.discharged_at and admitted_at < prior.discharged_at:
            raise ValidationError(
                {"admitted_at": "The new admission cannot be before the last discharge."}
            )
        episode = Episode.objects.create(
            organization_id=client.organization_id,
            client=client,
            program=program,
            level_of_care=level_of_care,
            admitted_at=admitted_at,
            previous_episode=prior,
            created_by=actor,
        )
        audit_client_event(actor, client, Action.CREATE, episode)
        returned_to_treatment(actor, episode)
    return episode
