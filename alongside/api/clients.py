"""/clients: the clients the caller may see, one client's record, and admission.

`{id}` in paths is the client's public UUID; anything that is not a UUID is a 422 on
["path", "id"], and a UUID of a client that is missing or out of scope the same 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from ninja import Query, Router, Status

from alongside.accounts.models import User
from alongside.api.auth import caller
from alongside.api.errors import FieldError
from alongside.api.pagination import Page, PageParams, paginate
from alongside.api.schemas import (
    AdmissionIn,
    AssignmentOut,
    ClientDetail,
    ClientSummary,
    EpisodeOut,
    PersonRef,
    ProgramRef,
    errors,
)
from alongside.audit.models import Action
from alongside.clients.access import (
    admitting_programs,
    assignable_advocates,
    audit_client_event,
    get_client_for,
    visible_to,
)
from alongside.clients.models import Assignment, Client, Episode
from alongside.clients.queries import audit_list_view, with_current_care
from alongside.clients.services import Admission, admit

router = Router(tags=["clients"])


def person(user: User) -> PersonRef:
    return PersonRef(id=user.public_id, name=user.display_name)


def _with_latest_episode(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Annotate `latest_admitted_at` / `latest_discharged_at` from each client's newest
    episode, open or not (with_current_care only loads open ones)."""
    latest = Episode.objects.filter(client=OuterRef("pk")).order_by("-admitted_at", "-pk")
    return clients.annotate(
        latest_admitted_at=Subquery(latest.values("admitted_at")[:1]),
        latest_discharged_at=Subquery(latest.values("discharged_at")[:1]),
    )


def _summary(
    client: Client,
    *,
    open_episodes: list[Episode],
    current_assignments: list[Assignment],
    admitted_at: datetime | None,
    discharged_at: datetime | None,
) -> dict[str, Any]:
    return {
        "id": client.public_id,
        "preferred_name": client.preferred_name,
        "pronouns": client.pronouns,
        "program": open_episodes[0].program.name if open_episodes else None,
        "advocates": [person(a.advocate) for a in current_assignments],
        "admitted_at": admitted_at,
        "discharged_at": discharged_at,
    }


def client_summary(client: Client) -> ClientSummary:
    """Return the list item for CLIENT, loaded by with_current_care and _with_latest_episode."""
    loaded: Any = client
    return ClientSummary.model_validate(
        _summary(
            client,
            open_episodes=loaded.current_episodes,
            current_assignments=loaded.current_assignments,
            admitted_at=loaded.latest_admitted_at,
            discharged_at=loaded.latest_discharged_at,
        )
    )


def client_detail(client: Client) -> ClientDetail:
    """Return CLIENT's full record: profile, every episode and every assignment."""
    episodes = list(client.episodes.select_related("program").order_by("-admitted_at", "-pk"))
    assignments = list(client.assignments.select_related("advocate").order_by("-started_at", "-pk"))
    latest = episodes[0] if episodes else None
    summary = _summary(
        client,
        open_episodes=[e for e in episodes if e.is_open],
        current_assignments=sorted(
            (a for a in assignments if a.ended_at is None), key=lambda a: a.started_at
        ),
        admitted_at=latest.admitted_at if latest else None,
        discharged_at=latest.discharged_at if latest else None,
    )
    return ClientDetail.model_validate(
        {
            **summary,
            "date_of_birth": client.date_of_birth,
            "time_zone": client.time_zone,
            "language": client.language,
            "pathways": client.pathways,
            "episodes": [
                EpisodeOut(
                    id=e.public_id,
                    program=ProgramRef(id=e.program.public_id, name=e.program.name),
                    level_of_care=e.level_of_care,
                    admitted_at=e.admitted_at,
                    discharged_at=e.discharged_at,
                    discharge_reason=e.discharge_reason or None,
                )
                for e in episodes
            ],
            "assignments": [
                AssignmentOut(
                    id=a.public_id,
                    advocate=person(a.advocate),
                    started_at=a.started_at,
                    ended_at=a.ended_at,
                    end_reason=a.end_reason or None,
                )
                for a in assignments
            ],
        }
    )


@router.get(
    "",
    response={200: Page[ClientSummary], **errors(401, 422)},
    summary="List the clients you may see",
)
def list_clients(request: HttpRequest, page: Query[PageParams]) -> Page[ClientSummary]:
    user = caller(request)
    clients = _with_latest_episode(with_current_care(visible_to(user))).order_by(
        "preferred_name", "pk"
    )
    rows, count = paginate(clients, page)
    audit_list_view(user, rows)
    return Page[ClientSummary](items=[client_summary(c) for c in rows], count=count)


@router.get(
    "/{id}",
    response={200: ClientDetail, **errors(401, 404, 422)},
    summary="Open one client's record",
)
def get_client(request: HttpRequest, id: UUID) -> ClientDetail:
    user = caller(request)
    client = get_client_for(user, id)
    audit_client_event(user, client, Action.VIEW)
    return client_detail(client)


@router.post(
    "", response={201: ClientDetail, **errors(400, 401, 403, 422)}, summary="Admit a new client"
)
def admit_client(request: HttpRequest, payload: AdmissionIn) -> Status[ClientDetail]:
    user = caller(request)
    programs = admitting_programs(user)
    if not programs.exists():
        raise PermissionDenied
    # A program the caller cannot admit into is bad input, whether or not it exists.
    program = programs.select_related("organization").filter(public_id=payload.program).first()
    if program is None:
        raise FieldError("program", "Choose a program you can admit into.")
    advocate = None
    if payload.advocate is not None:
        advocate = (
            assignable_advocates(user, program.organization_id)
            .filter(public_id=payload.advocate)
            .first()
        )
        if advocate is None:
            raise FieldError("advocate", "Choose an advocate you can assign.")
    client = admit(
        user,
        Admission(
            program=program,
            preferred_name=payload.preferred_name,
            level_of_care=payload.level_of_care.value,
            admitted_at=payload.admitted_at,
            legal_name=payload.legal_name,
            pronouns=payload.pronouns,
            date_of_birth=payload.date_of_birth,
            time_zone=payload.time_zone,
            language=payload.language.value,
            phone=payload.phone,
            email=payload.email,
            pathways=[p.value for p in payload.pathways],
            advocate=advocate,
        ),
    )
    return Status(201, client_detail(client))
