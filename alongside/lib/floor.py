"""The floor of `make bench` (bench/run.py): the cheapest page a signed-in person can open.

`GET /healthz/me` runs the whole middleware stack (session, sign-in, second factor, audit
context, time zone, session timeout) and then one indexed query, the person's active roles
(memberships by user, the foreign key's index). Every page the benchmark measures is compared
with it, so "4x the floor" means "4x what any signed-in request costs here". It shows no
client data: only the caller's own role keys. Also usable as an authenticated health check.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from alongside.accounts.models import User
from alongside.organizations.models import Membership


@require_GET
@login_required
def whoami(request: HttpRequest) -> JsonResponse:
    roles = list(
        Membership.objects.filter(user=cast(User, request.user), is_active=True).values_list(
            "role", flat=True
        )[:10]
    )
    return JsonResponse({"ok": True, "roles": roles})
