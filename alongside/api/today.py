"""/today: the caller's attention queue, the same one the Today page shows."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from alongside.api.auth import caller
from alongside.api.pagination import Page, PageParams
from alongside.clients.queries import audit_list_view
from alongside.today.queries import today_queue

router = Router(tags=["today"])


class ReasonOut(Schema):
    code: str = Field(description="Stable reason code, e.g. wants_contact, no_checkin.")
    label: str
    detail: str


class TodayItem(Schema):
    client_id: UUID
    preferred_name: str
    reasons: list[str] = Field(description="Reason codes, most urgent first.")
    details: list[ReasonOut]


@router.get("/today", response=Page[TodayItem], summary="The caller's Today queue")
def today(request: HttpRequest, page: Query[PageParams]) -> Page[TodayItem]:
    user = caller(request)
    rows = today_queue(user, timezone.now())
    shown = rows[page.offset : page.offset + page.limit]
    audit_list_view(user, [row.client for row in shown])
    items = [
        TodayItem(
            client_id=row.client.public_id,
            preferred_name=row.client.preferred_name,
            reasons=row.codes,
            details=[
                ReasonOut(code=f.reason.code, label=f.reason.label, detail=f.detail)
                for f in row.flags
            ],
        )
        for row in shown
    ]
    return Page[TodayItem](items=items, count=len(rows))
