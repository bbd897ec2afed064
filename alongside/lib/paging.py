"""Page-number pagination for server-rendered lists."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, items: Any, per_page: int | None = None) -> Page:
    """Return the requested page of ITEMS; a bad or out-of-range ?page= gives the nearest page."""
    paginator = Paginator(items, per_page or settings.ALONGSIDE_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
