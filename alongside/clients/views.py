"""Episode management: admit, assign, transfer, end an assignment, discharge."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside.clients import services
from alongside.clients.access import (
    Capability,
    admitting_programs,
    get_assignment_for,
    get_client_for,
)
from alongside.clients.forms import AdmitForm, AssignForm, DischargeForm, EndAssignmentForm
from alongside.clients.pages import client_form_page
from alongside.lib.forms import add_service_errors, form_status, posted


@require_http_methods(["GET", "POST"])
@login_required
def admit_client(request: HttpRequest) -> HttpResponse:
    if not admitting_programs(request.user).exists():
        raise PermissionDenied
    form = AdmitForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.admit(request.user, form.admission())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{client.preferred_name} admitted.")
            return redirect("workspace:client", public_id=client.public_id)
    return render(
        request, "clients/admit.html", {"form": form, "nav": "admit"}, status=form_status(form)
    )


@require_http_methods(["GET", "POST"])
@login_required
def assign(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id, need=Capability.MANAGE)
    form = AssignForm(posted(request), user=request.user, organization_id=client.organization_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_advocate(request.user, client, form.cleaned_data["advocate"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['advocate']} assigned.")
            return redirect("workspace:client", public_id=client.public_id)
    return client_form_page(request, "clients/assign.html", client, form)


@require_http_methods(["GET", "POST"])
@login_required
def transfer_assignment(
    request: HttpRequest, public_id: uuid.UUID, assignment_id: uuid.UUID
) -> HttpResponse:
    assignment = get_assignment_for(request.user, public_id, assignment_id, need=Capability.MANAGE)
    client = assignment.client
    form = AssignForm(posted(request), user=request.user, organization_id=client.organization_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer(request.user, assignment, form.cleaned_data["advocate"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Transferred to {form.cleaned_data['advocate']}.")
            return redirect("workspace:client", public_id=client.public_id)
    return client_form_page(request, "clients/transfer.html", client, form, assignment=assignment)


@require_http_methods(["GET", "POST"])
@login_required
def end_assignment_view(
    request: HttpRequest, public_id: uuid.UUID, assignment_id: uuid.UUID
) -> HttpResponse:
    assignment = get_assignment_for(request.user, public_id, assignment_id, need=Capability.MANAGE)
    client = assignment.client
    form = EndAssignmentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.end_assignment(request.user, assignment)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{assignment.advocate} no longer assigned.")
            return redirect("workspace:client", public_id=client.public_id)
    return client_form_page(
        request, "clients/end_assignment.html", client, form, assignment=assignment
    )


@require_http_methods(["GET", "POST"])
@login_required
def discharge_client(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, public_id, need=Capability.MANAGE)
    episode = client.episodes.open().select_related("program").order_by("-admitted_at").first()
    form = DischargeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if episode is None:
            form.add_error(None, "There is no open episode to discharge.")
        else:
            try:
                services.discharge(
                    request.user,
                    episode,
                    reason=form.cleaned_data["reason"],
                    discharged_at=form.cleaned_data["discharged_at"],
                    end_assignments=form.cleaned_data["end_assignments"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{client.preferred_name} discharged.")
                return redirect("workspace:client", public_id=client.public_id)
    return client_form_page(request, "clients/discharge.html", client, form, episode=episode)
