"""Staff pages for a client's pathways, and each advocate's own lived-experience notes.

`/clients/<uuid>/pathways/` shows every followed pathway's stages with their states,
history and guidance notes; the POST endpoints beside it move a stage, add a pathway, name
an own stage or share a copy of the viewer's note. A refused POST re-renders the page with
the errors (422) and saves nothing. Who may do what is in access.py.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.clients.access import Capability
from alongside.clients.models import Client
from alongside.lib.forms import add_service_errors
from alongside.messaging.access import is_current_advocate
from alongside.organizations.models import Role
from alongside.organizations.staff import home_organization, roles_in
from alongside.pathways import services
from alongside.pathways.access import audit_pathways_view, get_client_for_pathways
from alongside.pathways.catalog import PATHWAYS, get_pathway
from alongside.pathways.forms import FollowForm, LivedNoteForm, MoveForm, OwnStageForm, ShareForm
from alongside.pathways.queries import own_notes, progress_for

NOTE_KEEPERS = frozenset({Role.PRA, Role.SUPERVISOR})


def _page(request: HttpRequest, client: Client, failed: forms.Form | None = None) -> HttpResponse:
    audit_pathways_view(request.user, client)
    following = set(client.pathways or [])
    context = {
        "nav": "caseload",
        "client": client,
        "progress": progress_for(client, author=request.user),
        "can_record": Capability.RECORD in client.capabilities,  # type: ignore[attr-defined]
        "can_share": is_current_advocate(request.user, client),
        "can_follow": any(key not in following for key in PATHWAYS),
        "follow_form": FollowForm(),
        "own_stage_form": OwnStageForm(),
        "failed": failed,
    }
    return render(request, "pathways/client.html", context, status=422 if failed else 200)


def _back(client: Client) -> HttpResponse:
    return redirect("pathways:client", public_id=client.public_id)


@require_GET
@login_required
def client_pathways(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_pathways(request.user, public_id)
    return _page(request, client)


def _post(request: HttpRequest, public_id: uuid.UUID, form_class: Any, action: Any) -> Any:
    """Validate FORM_CLASS and call ACTION(client, cleaned_data); the page with errors (422)
    when either refuses, else the redirect back with a message ACTION returned."""
    client = get_client_for_pathways(request.user, public_id, write=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            done = action(client, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return _back(client)
    return _page(request, client, failed=form)


@require_POST
@login_required
def move(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    def action(client: Client, data: dict[str, Any]) -> str:
        moved = services.move_stage(
            request.user,
            client,
            data["pathway"],
            data["stage"],
            data["to_state"],
            note=data["note"],
        )
        return f"Stage moved to “{moved.get_to_state_display()}”. Earlier moves are kept."

    return _post(request, public_id, MoveForm, action)


@require_POST
@login_required
def follow(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    def action(client: Client, data: dict[str, Any]) -> str:
        services.follow_pathway(request.user, client, data["pathway"])
        return "Pathway added."

    return _post(request, public_id, FollowForm, action)


@require_POST
@login_required
def add_own_stage(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    def action(client: Client, data: dict[str, Any]) -> str:
        services.add_own_stage(request.user, client, data["title"])
        return "Stage added to their own pathway."

    return _post(request, public_id, OwnStageForm, action)


@require_POST
@login_required
def share_note(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    def action(client: Client, data: dict[str, Any]) -> str:
        services.share_lived_note(request.user, client, data["pathway"], data["stage"])
        return "A copy of your note is in the conversation."

    return _post(request, public_id, ShareForm, action)


def _note_keeper_organization(request: HttpRequest) -> int:
    """Return the organization whose notes the signed-in advocate keeps; PermissionDenied for
    staff who do not support clients directly, Http404 for everyone else (clients)."""
    organization = home_organization(request.user)
    if organization is None:
        raise Http404("No such page")
    if not NOTE_KEEPERS & roles_in(request.user, organization.pk):
        raise PermissionDenied
    return organization.pk


@require_GET
@login_required
def my_notes(request: HttpRequest) -> HttpResponse:
    organization_id = _note_keeper_organization(request)
    notes = {(n.pathway, n.stage): n for n in own_notes(request.user, organization_id)}
    library = [
        (p, [(stage, notes.get((p.key, stage.key))) for stage in p.stages])
        for p in PATHWAYS.values()
        if not p.own
    ]
    return render(request, "pathways/my_notes.html", {"nav": "my_notes", "library": library})


@require_http_methods(["GET", "POST"])
@login_required
def edit_note(request: HttpRequest, pathway: str, stage: str) -> HttpResponse:
    organization_id = _note_keeper_organization(request)
    definition = get_pathway(pathway)
    shown = definition.stage(stage) if definition is not None and not definition.own else None
    if definition is None or shown is None:
        raise Http404("No such stage")
    note = own_notes(request.user, organization_id).filter(pathway=pathway, stage=stage).first()
    form = LivedNoteForm(request.POST if request.method == "POST" else None)
    if request.method == "GET":
        form = LivedNoteForm(initial={"text": note.text if note else ""})
    elif form.is_valid():
        try:
            services.save_lived_note(
                request.user, organization_id, pathway, stage, form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your note is saved. Only you can see it.")
            return redirect("pathways:my_notes")
    context = {"nav": "my_notes", "pathway": definition, "stage": shown, "form": form}
    return render(request, "pathways/edit_note.html", context, status=422 if form.errors else 200)
