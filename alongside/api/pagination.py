"""Limit/offset pagination shared by every list endpoint.

An endpoint takes `page: Query[PageParams]`, calls `paginate(queryset, page)`, does whatever
the page needs (auditing exactly the rows shown, hiding fields) and answers with
`Page[ItemSchema]`, i.e. `{"items": [...], "count": N}`. Out-of-range `limit` or a negative
`offset` are 422s like any other bad input, never silently clamped.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, Schema

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

M = TypeVar("M", bound=Model)
T = TypeVar("T")


class PageParams(Schema):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page (1 to {MAX_LIMIT})."
    )
    offset: int = Field(0, ge=0, description="How many items to skip.")


class Page(Schema, Generic[T]):
    items: list[T]
    count: int = Field(description="Items in the whole list, not just this page.")


def paginate(queryset: QuerySet[M], params: PageParams) -> tuple[list[M], int]:
    """Return the rows of QUERYSET on the page PARAMS asks for, and the total count.

    QUERYSET must be ordered (deterministically, ending in a unique column) so that pages
    neither repeat nor skip rows.
    """
    count = queryset.count()
    rows = list(queryset[params.offset : params.offset + params.limit])
    return rows, count
