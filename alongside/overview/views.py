"""Oversight pages: the supervisor's team, the director's programs, the administrator's staff
list. They show counts and staff names only, never client content."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from alongside.organizations.models import Organization, Role
from alongside.organizations.staff import home_organization, home_roles
from alongside.overview import queries


def role_required(role: str) -> Callable[..., Any]:
    """Allow the view only to people holding ROLE in their home organization (403 otherwise);
    the view receives that organization."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            organization = home_organization(request.user)
            if organization is None or role not in home_roles(request.user):
                raise PermissionDenied
            return view(request, organization, *args, **kwargs)

        return wrapper

    return decorator


@require_GET
@login_required
@role_required(Role.SUPERVISOR)
def team(request: HttpRequest, organization: Organization) -> HttpResponse:
    now = timezone.now()
    context = {
        "nav": "team",
        "loads": queries.team_load(request.user, organization, now),
        "waiting": queries.waiting_for_advocate(organization),
        "week_start": queries.start_of_week(now, organization),
    }
    return render(request, "overview/team.html", context)


@require_GET
@login_required
@role_required(Role.DIRECTOR)
def program(request: HttpRequest, organization: Organization) -> HttpResponse:
    context = {
        "nav": "program",
        "summaries": queries.program_summaries(organization, timezone.now()),
        "waiting": queries.waiting_for_advocate(organization),
    }
    return render(request, "overview/program.html", context)


@require_GET
@login_required
@role_required(Role.ADMIN)
def staff(request: HttpRequest, organization: Organization) -> HttpResponse:
    context = {
        "nav": "staff",
        "memberships": queries.staff_directory(organization),
        "programs": organization.programs.order_by("name"),
    }
    return render(request, "overview/staff.html", context)
