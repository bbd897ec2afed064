from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from alongside.clients.queries import audit_list_view
from alongside.lib.paging import paginate
from alongside.organizations.staff import home_roles
from alongside.today.queries import today_queue


@require_GET
@login_required
def today(request: HttpRequest) -> HttpResponse:
    """The advocate's home: everyone who needs attention today and why (supervisors: team)."""
    page = paginate(request, today_queue(request.user, timezone.now()))
    rows = list(page.object_list)
    audit_list_view(request.user, [row.client for row in rows])
    context = {
        "nav": "today",
        "page_obj": page,
        "rows": rows,
        "is_advocate": "pra" in home_roles(request.user),
    }
    return render(request, "today/today.html", context)
