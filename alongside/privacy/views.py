"""Break-glass, the review queue and the audit review pages."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.audit.models import BreakGlassGrant
from alongside.audit.queries import (
    events_for_review,
    events_under_grant,
    grants_awaiting_review,
    grants_signed_off,
    latest_checks,
)
from alongside.lib.forms import add_service_errors, form_status, posted
from alongside.lib.paging import paginate
from alongside.organizations.staff import memberships_of
from alongside.privacy import services
from alongside.privacy.access import may_sign_off, require_reviewer
from alongside.privacy.forms import AuditFilterForm, BreakGlassForm, SignOffForm
from alongside.privacy.review import (
    CSV_HEADER,
    audit_review_export,
    audit_review_view,
    csv_row,
    grant_holders,
    people_of,
)

NO_MATCH = (
    "No record was opened. Nothing in your organization matched all of those details, or "
    "more than one record did. Check them against what you have, or ask the person's team. "
    "This attempt is recorded and will be reviewed."
)
# A stored check older than this is shown as overdue: `verify_audit` should run daily.
CHECK_OVERDUE = timedelta(hours=26)


@require_http_methods(["GET", "POST"])
@login_required
def break_glass(request: HttpRequest) -> HttpResponse:
    if not memberships_of(request.user):
        raise Http404("Staff only")
    form = BreakGlassForm(posted(request), request=request)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.break_glass(
                request.user,
                form.identity(),
                reason=form.cleaned_data["reason"],
                explanation=form.cleaned_data["explanation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if result.client is not None:
                if result.grant is not None:
                    until = dateformat.format(timezone.localtime(result.grant.ends_at), "g:i A")
                    messages.warning(
                        request,
                        f"Break-glass access until {until}. Every page you open is recorded "
                        "and will be reviewed.",
                    )
                else:
                    messages.info(request, "This record is already open to you.")
                return redirect("workspace:client", result.client.public_id)
            form.add_error(None, NO_MATCH)
    context = {"form": form, "nav": "break_glass"}
    return render(request, "privacy/break_glass.html", context, status=form_status(form))


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    organization_ids = require_reviewer(request.user)
    waiting = list(grants_awaiting_review(organization_ids))
    page = paginate(request, grants_signed_off(organization_ids))
    signed = list(page.object_list)
    holders = grant_holders([*waiting, *signed])
    now = timezone.now()
    for grant in [*waiting, *signed]:
        grant.holder = holders.get(grant.user_id)
        grant.open_now = grant.in_force_at(now)
    context = {"waiting": waiting, "signed": signed, "page_obj": page, "nav": "review"}
    return render(request, "privacy/review_queue.html", context)


def _grant_for_reviewer(request: HttpRequest, grant_id: uuid.UUID) -> BreakGlassGrant:
    organization_ids = require_reviewer(request.user)
    try:
        return BreakGlassGrant.objects.get(public_id=grant_id, organization_id__in=organization_ids)
    except BreakGlassGrant.DoesNotExist:
        raise Http404("No such grant") from None


@require_http_methods(["GET", "POST"])
@login_required
def review(request: HttpRequest, grant_id: uuid.UUID) -> HttpResponse:
    grant = _grant_for_reviewer(request, grant_id)
    form = SignOffForm(posted(request))
    if request.method == "POST":
        if not may_sign_off(request.user, grant):
            raise PermissionDenied
        if grant.reviewed_at is not None:
            messages.info(request, f"Already signed off by {grant.reviewed_by_email}.")
            return redirect("privacy:review", grant.public_id)
        if form.is_valid():
            try:
                services.sign_off(
                    request.user,
                    grant,
                    finding=form.cleaned_data["finding"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Signed off.")
                return redirect("privacy:review_queue")
    grant.holder = grant_holders([grant]).get(grant.user_id)  # type: ignore[attr-defined]
    context = {
        "grant": grant,
        "events": list(events_under_grant(grant)),
        "form": form,
        "may_sign_off": may_sign_off(request.user, grant) and grant.reviewed_at is None,
        "open_now": grant.in_force_at(timezone.now()),
        "nav": "review",
    }
    return render(request, "privacy/review.html", context, status=form_status(form))


def _filter_form(request: HttpRequest, organization_ids: list[int]) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None, people=people_of(organization_ids))


@require_GET
@login_required
def audit(request: HttpRequest) -> HttpResponse:
    organization_ids = require_reviewer(request.user)
    form = _filter_form(request, organization_ids)
    wanted = form.audit_filter()
    if form.is_bound and not form.is_valid():
        events = events_for_review([], wanted)
    else:
        events = events_for_review(organization_ids, wanted)
    page = paginate(request, events)
    shown = list(page.object_list)  # read before this visit's own row is written
    audit_review_view(request.user, organization_ids, wanted)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "events": shown,
        "query": query.urlencode(),
        # The export repeats this search as a POST (it writes an audit row).
        "export_fields": [(name, value) for name, values in query.lists() for value in values],
        "checks": _chain_status(organization_ids),
        "nav": "audit",
    }
    return render(request, "privacy/audit.html", context, status=form_status(form))


def _chain_status(organization_ids: list[int]) -> list[dict[str, Any]]:
    checks = latest_checks(organization_ids)
    now = timezone.now()
    status = []
    for organization_id in organization_ids:
        check = checks.get(organization_id)
        overdue = check is None or now - check.checked_at > CHECK_OVERDUE
        status.append({"check": check, "overdue": overdue})
    return status


@require_POST
@login_required
def audit_export(request: HttpRequest) -> HttpResponseBase:
    organization_ids = require_reviewer(request.user)
    form = AuditFilterForm(request.POST, people=people_of(organization_ids))
    if not form.is_valid():
        return redirect("privacy:audit")
    wanted = form.audit_filter()
    # The export row is written before the first byte goes out (fail closed); the file is
    # the log as it stood when asked, without that row.
    first_own_row = audit_review_export(request.user, organization_ids, wanted)
    rows = events_for_review(organization_ids, wanted).filter(pk__lt=first_own_row)

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield writer.writerow(CSV_HEADER)
        for event in rows.iterator(chunk_size=2000):
            yield writer.writerow(csv_row(event))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value
