"""Administrators add staff and change their roles' team, programs and active state."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.organizations import services
from alongside.organizations.forms import AddStaffForm, EditMembershipForm
from alongside.organizations.models import Membership, Organization, Role
from alongside.organizations.staff import memberships_of


def _administered(request: HttpRequest) -> Organization:
    """Return the organization the signed-in person administers; 403 if none."""
    for membership in memberships_of(request.user):
        if membership.role == Role.ADMIN:
            return membership.organization
    raise PermissionDenied


@require_http_methods(["GET", "POST"])
@login_required
def add_staff(request: HttpRequest) -> HttpResponse:
    organization = _administered(request)
    form = AddStaffForm(posted(request), organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.add_staff_member(request.user, organization, form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{membership.user} added as {membership.get_role_display().lower()}."
            )
            return redirect("overview:staff")
    context = {"form": form, "nav": "staff"}
    return render(request, "organizations/add_staff.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
@login_required
def edit_membership(request: HttpRequest, membership_id: uuid.UUID) -> HttpResponse:
    organization = _administered(request)
    try:
        membership = Membership.objects.select_related("user", "supervisor").get(
            organization=organization, public_id=membership_id
        )
    except Membership.DoesNotExist:
        raise Http404("No such membership") from None
    initial = {
        "supervisor": membership.supervisor,
        "programs": list(membership.programs.all()),
        "is_active": membership.is_active,
    }
    form = EditMembershipForm(posted(request), organization=organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_membership(
                request.user,
                membership,
                supervisor=form.cleaned_data["supervisor"],
                programs=form.cleaned_data["programs"],
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{membership.user}'s role updated.")
            return redirect("overview:staff")
    context = {"form": form, "membership": membership, "nav": "staff"}
    return render(request, "organizations/edit_membership.html", context, status=form_status(form))
