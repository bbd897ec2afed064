"""Worksheets made through the services, as the client would make them."""

from __future__ import annotations

from typing import Any

from alongside.clients.models import Client
from alongside.worksheets import services
from alongside.worksheets.kinds import SHEETS, Kind
from alongside.worksheets.models import Entry, Worksheet

RESENTMENT = {
    "who": "My old boss",
    "what": "Let me go without warning",
    "affected": "My pride and my savings",
    "my_part": "I was often late",
}


def inventory(account: Any, client: Client) -> Worksheet:
    return services.start_worksheet(account, client, Kind.INVENTORY)


def resentment(account: Any, worksheet: Worksheet, **answers: str) -> Entry:
    return services.add_row(account, worksheet, "resentments", {**RESENTMENT, **answers})


def shared_resentment(account: Any, worksheet: Worksheet, **answers: str) -> Entry:
    entry = resentment(account, worksheet, **answers)
    services.set_sharing(account, worksheet, True, entry)
    entry.refresh_from_db()
    return entry


def worksheet_for(client: Client, *, kind: str = Kind.INVENTORY) -> Worksheet:
    """Return CLIENT's worksheet of KIND with one private row, made without a portal account
    (the URL scope test reaches clients who have none)."""
    from django.utils import timezone

    worksheet = Worksheet.objects.filter(client=client, kind=kind).first()
    if worksheet is not None:
        return worksheet
    now = timezone.now()
    sheet = Worksheet.objects.create(
        organization_id=client.organization_id,
        client=client,
        kind=kind,
        pathway="12-step",
        stage=SHEETS[kind].stage or "step-1",
        updated_at=now,
    )
    entry = Entry(
        organization_id=client.organization_id,
        client=client,
        worksheet=sheet,
        section=SHEETS[kind].sections[0].key,
        changed_at=now,
    )
    entry.set_answers({"who": "Someone"})
    entry.save()
    return sheet


def worksheet_kwargs(client: Client, cast: Any) -> dict[str, Any]:
    return {"public_id": client.public_id, "worksheet_id": worksheet_for(client).public_id}


def api_worksheet_kwargs(client: Client, cast: Any) -> dict[str, Any]:
    return {"id": client.public_id, "worksheet_id": worksheet_for(client).public_id}


def api_row_kwargs(client: Client, cast: Any) -> dict[str, Any]:
    worksheet = worksheet_for(client)
    row = worksheet.entries.first()
    assert row is not None
    return {"id": client.public_id, "worksheet_id": worksheet.public_id, "row_id": row.public_id}
