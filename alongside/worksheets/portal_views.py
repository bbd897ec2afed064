"""The client's own worksheets under /me/worksheets/: the list, one worksheet, one row at a
time (saved while typing), and sharing with a confirmation. The client comes from the
session, never from the URL; worksheets and rows are looked up among their own only.

Every page that shows words writes a VIEW row; every change is audited by the service.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.lib.http import is_htmx
from alongside.portal.access import portal_client
from alongside.recovery.milestones import client_today
from alongside.worksheets import services
from alongside.worksheets.access import audit_view, entry_of, worksheet_of
from alongside.worksheets.forms import DeleteRowForm, RowForm, ShareForm, StartForm
from alongside.worksheets.models import Entry, Worksheet
from alongside.worksheets.queries import own_worksheet, states

# The autosave answer carries this header; the script treats any other answer (a sign-in
# page after the session ended) as "not saved" and keeps the draft.
SAVED_HEADER = "X-Worksheet-Saved"


def _sheet_url(worksheet: Worksheet) -> str:
    return f"/me/worksheets/{worksheet.public_id}/"


@require_GET
@login_required
def my_worksheets(request: HttpRequest) -> HttpResponse:
    client = portal_client(request)
    audit_view(request.user, client)
    context = {"nav": "worksheets", "worksheets": states(client), "form": StartForm()}
    return render(request, "worksheets/portal/list.html", context)


@require_POST
@login_required
def start(request: HttpRequest) -> HttpResponse:
    client = portal_client(request)
    form = StartForm(request.POST)
    if form.is_valid():
        pathway, stage = form.pathway_and_stage()
        try:
            worksheet = services.start_worksheet(
                request.user, client, form.cleaned_data["kind"], pathway, stage
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_sheet_url(worksheet))
    audit_view(request.user, client)
    context = {"nav": "worksheets", "worksheets": states(client), "form": form}
    return render(request, "worksheets/portal/list.html", context, status=422)


@require_GET
@login_required
def sheet(request: HttpRequest, worksheet_id: uuid.UUID) -> HttpResponse:
    client = portal_client(request)
    worksheet = own_worksheet(worksheet_of(client, worksheet_id))
    audit_view(request.user, client, worksheet)
    sections = [
        (section, [e for e in worksheet.all_entries if e.section == section.key])  # type: ignore[attr-defined]
        for section in worksheet.sheet.sections
    ]
    today = client_today(client, timezone.now()) if worksheet.sheet.daily else None
    todays = next((e for e in worksheet.all_entries if e.day == today), None) if today else None  # type: ignore[attr-defined]
    context = {
        "nav": "worksheets",
        "worksheet": worksheet,
        "sections": sections,
        "todays": todays,
    }
    return render(request, "worksheets/portal/sheet.html", context)


def _row_page(
    request: HttpRequest, worksheet: Worksheet, form: RowForm, entry: Entry | None
) -> HttpResponse:
    audit_view(request.user, worksheet.client, worksheet)
    context = {
        "nav": "worksheets",
        "worksheet": worksheet,
        "section": form.section,
        "form": form,
        "entry": entry,
        "thread": list(entry.comments.select_related("author")) if entry else [],
        "draft_key": f"{worksheet.public_id}:{entry.public_id if entry else form.section.key}",
    }
    return render(request, "worksheets/portal/row.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
@login_required
def new_row(request: HttpRequest, worksheet_id: uuid.UUID, section: str) -> HttpResponse:
    client = portal_client(request)
    worksheet = worksheet_of(client, worksheet_id)
    shown = worksheet.sheet.section(section)
    if shown is None:
        raise Http404("No such section")
    form = RowForm(posted(request), section=shown)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.add_row(request.user, worksheet, shown.key, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved. Only you can see this row until you share it."))
            return redirect(f"{_sheet_url(worksheet)}rows/{entry.public_id}/?saved=new")
    return _row_page(request, worksheet, form, None)


@require_http_methods(["GET", "POST"])
@login_required
def row(request: HttpRequest, worksheet_id: uuid.UUID, entry_id: uuid.UUID) -> HttpResponse:
    client = portal_client(request)
    worksheet = worksheet_of(client, worksheet_id)
    entry = entry_of(worksheet, entry_id)
    section = worksheet.sheet.section(entry.section)
    if section is None:
        raise Http404("No such section")
    if request.method == "GET":
        form = RowForm(initial=entry.answers(), section=section)
        return _row_page(request, worksheet, form, entry)
    form = RowForm(request.POST, section=section)
    if form.is_valid():
        try:
            services.save_row(request.user, entry, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    if is_htmx(request):
        status = form_status(form)
        response = render(
            request, "worksheets/portal/_save_state.html", {"form": form}, status=status
        )
        if status == 200:
            response[SAVED_HEADER] = "1"
        return response
    if form.errors:
        return _row_page(request, worksheet, form, entry)
    messages.success(request, _("Saved."))
    return redirect(_sheet_url(worksheet))


@require_http_methods(["GET", "POST"])
@login_required
def share(
    request: HttpRequest, worksheet_id: uuid.UUID, entry_id: uuid.UUID | None = None
) -> HttpResponse:
    client = portal_client(request)
    worksheet = worksheet_of(client, worksheet_id)
    entry = entry_of(worksheet, entry_id) if entry_id is not None else None
    now_shared = entry.shared if entry is not None else worksheet.shared
    form = ShareForm(posted(request), initial={"share": "no" if now_shared else "yes"})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_sharing(request.user, worksheet, form.cleaned_data["share"], entry)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["share"]:
                messages.success(request, _("Shared with your advocate."))
            else:
                messages.success(request, _("Sharing stopped. Your advocate no longer sees it."))
            return redirect(_sheet_url(worksheet))
    audit_view(request.user, client, worksheet)
    context = {
        "nav": "worksheets",
        "worksheet": worksheet,
        "entry": entry,
        "answers": entry.answers() if entry is not None else None,
        "sharing": not now_shared,
        "form": form,
    }
    return render(request, "worksheets/portal/share.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
@login_required
def delete_row(request: HttpRequest, worksheet_id: uuid.UUID, entry_id: uuid.UUID) -> HttpResponse:
    """Ask, then delete one of the client's own rows for good."""
    client = portal_client(request)
    worksheet = worksheet_of(client, worksheet_id)
    entry = entry_of(worksheet, entry_id)
    form = DeleteRowForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.delete_row(request.user, entry)
        messages.success(request, _("Row deleted."))
        return redirect(_sheet_url(worksheet))
    audit_view(request.user, client, worksheet)
    context = {
        "nav": "worksheets",
        "worksheet": worksheet,
        "entry": entry,
        "comments": entry.comments.count(),
        "form": form,
    }
    return render(request, "worksheets/portal/delete_row.html", context, status=form_status(form))
