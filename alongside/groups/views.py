from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.clients.access import visible_to
from alongside.clients.queries import audit_list_view
from alongside.groups import access, queries, services
from alongside.groups.feed import build_feed
from alongside.groups.forms import (
    WEEKDAYS,
    CancelSessionForm,
    FacilitatorForm,
    GroupForm,
    GroupNoteForm,
    RosterForm,
    ScheduleForm,
    read_marks,
)
from alongside.groups.models import CalendarToken, Group, RosterMember, Schedule, Session, Status
from alongside.lib.forms import add_service_errors, form_status, posted

DAY_NAMES = dict(WEEKDAYS)


@require_GET
@login_required
def my_groups(request: HttpRequest) -> HttpResponse:
    groups = access.groups_for(request.user)
    context = {
        "nav": "groups",
        "groups": list(groups.select_related("program")),
        "sessions": queries.upcoming_for_staff(request.user, groups, timezone.now()),
        "now": timezone.now(),
        "can_create": access.creatable_programs(request.user).exists(),
        # Only those who run groups have a calendar feed; directors oversee without one.
        "can_calendar": access.can_run_groups(request.user),
        "facilitated": set(
            groups.filter(facilitators=request.user.pk).values_list("public_id", flat=True)
        ),
    }
    return render(request, "groups/my_groups.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def new_group(request: HttpRequest) -> HttpResponse:
    programs = access.creatable_programs(request.user)
    if not programs.exists():
        raise PermissionDenied
    form = GroupForm(posted(request), programs=programs)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(request.user, form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Group created.")
            return redirect("groups:detail", group_id=group.public_id)
    return render(
        request, "groups/new_group.html", {"form": form, "nav": "groups"}, status=form_status(form)
    )


@require_http_methods(["GET", "POST"])
@login_required
def group_detail(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    group = access.get_group_for(request.user, group_id)
    facilitating = access.is_facilitator(request.user, group)
    candidates = services.roster_candidates(request.user, group).exclude(group_rosters__group=group)
    form = RosterForm(posted(request), candidates=candidates)
    if request.method == "POST":
        if not facilitating:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_to_roster(request.user, group, form.cleaned_data["client"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Added to the roster.")
                return redirect("groups:detail", group_id=group.public_id)
    schedule = Schedule.objects.filter(group=group).first()
    members = list(
        RosterMember.objects.filter(
            group=group, client__in=visible_to(request.user)
        ).select_related("client")
    )
    audit_list_view(request.user, [m.client for m in members])
    context = {
        "nav": "groups",
        "group": group,
        "schedule": schedule,
        "schedule_days": ", ".join(DAY_NAMES[d] for d in schedule.weekdays) if schedule else "",
        "members": members,
        "roster_total": RosterMember.objects.filter(group=group).count(),
        "facilitating": facilitating,
        "form": form,
        "sessions": list(
            group.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:8]
        ),
        "facilitators": list(group.facilitators.order_by("display_name", "pk")),
        "recent": list(
            group.sessions.filter(starts_at__lt=timezone.now()).order_by("-starts_at")[:4]
        ),
    }
    return render(request, "groups/group_detail.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
@login_required
def attendance(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = access.get_session_for(request.user, session_id)
    if not access.is_facilitator(request.user, session.group):
        raise PermissionDenied
    rows, hidden = queries.attendance_rows(request.user, session)
    form = GroupNoteForm(posted(request), initial={"note": session.note})
    errors: list[str] = []
    if request.method == "POST":
        marks, errors = read_marks(request.POST, rows)
        if form.is_valid() and not errors:
            try:
                services.record_attendance(request.user, session, marks, form.cleaned_data["note"])
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, "Attendance saved.")
                return redirect("groups:attendance", session_id=session.public_id)
    audit_list_view(request.user, [row.client for row in rows])
    context = {
        "nav": "groups",
        "session": session,
        "rows": rows,
        "hidden": hidden,
        "form": form,
        "errors": errors,
        "statuses": Status.choices,
    }
    status = 422 if errors or form.errors else 200
    return render(request, "groups/attendance.html", context, status=status)


def _facilitated_group(request: HttpRequest, group_id: uuid.UUID) -> Group:
    group = access.get_group_for(request.user, group_id)
    if not access.is_facilitator(request.user, group):
        raise PermissionDenied
    return group


@require_http_methods(["GET", "POST"])
@login_required
def edit_schedule(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Change the weekly days, time, length and skipped dates of a group."""
    group = _facilitated_group(request, group_id)
    schedule = Schedule.objects.filter(group=group).first()
    if schedule is None:
        raise Http404("No schedule")
    initial = {
        "weekdays": schedule.weekdays,
        "start_time": schedule.start_time,
        "minutes": schedule.minutes,
        "exceptions": ", ".join(schedule.exceptions),
    }
    form = ScheduleForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_schedule(request.user, group, form.change())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Schedule changed. Upcoming sessions follow it.")
            return redirect("groups:detail", group_id=group.public_id)
    context = {"nav": "groups", "group": group, "form": form}
    return render(request, "groups/schedule.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
@login_required
def facilitators(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    """Add or remove the staff who run a group."""
    group = _facilitated_group(request, group_id)
    current = group.facilitators.order_by("display_name", "pk")
    candidates = services.facilitator_candidates(group)
    form = FacilitatorForm(posted(request), candidates=candidates, current=current)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            if form.cleaned_data["action"] == "add":
                services.add_facilitator(request.user, group, person)
            else:
                services.remove_facilitator(request.user, group, person)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Facilitators changed.")
            if person.pk == request.user.pk and form.cleaned_data["action"] == "remove":
                return redirect("groups:list")
            return redirect("groups:facilitators", group_id=group.public_id)
    context = {
        "nav": "groups",
        "group": group,
        "form": form,
        "current": list(current),
        "candidates": list(candidates),
    }
    return render(request, "groups/facilitators.html", context, status=form_status(form))


def _facilitated_session(request: HttpRequest, session_id: uuid.UUID) -> Session:
    session = access.get_session_for(request.user, session_id)
    if not access.is_facilitator(request.user, session.group):
        raise PermissionDenied
    return session


def _session_page(
    request: HttpRequest, session: Session, form: CancelSessionForm, errors: list[str] | None = None
) -> HttpResponse:
    context = {
        "nav": "groups",
        "session": session,
        "form": form,
        "errors": errors or [],
        "future": session.starts_at > timezone.now(),
    }
    status = 422 if errors or form.errors else 200
    return render(request, "groups/cancel_session.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def cancel_session(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    """Ask to confirm, then cancel one session (the schedule stays as it is)."""
    session = _facilitated_session(request, session_id)
    form = CancelSessionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(request.user, session)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Session cancelled. You can restore it until it starts.")
            return redirect("groups:detail", group_id=session.group.public_id)
    return _session_page(request, session, form)


@require_POST
@login_required
def restore_session(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    """Undo a cancellation while the session is still in the future."""
    session = _facilitated_session(request, session_id)
    try:
        services.restore_session(request.user, session)
    except ValidationError as error:
        return _session_page(request, session, CancelSessionForm(), error.messages)
    messages.success(request, "Session restored.")
    return redirect("groups:detail", group_id=session.group.public_id)


@require_http_methods(["GET", "POST"])
@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not access.can_run_groups(request.user):
        raise PermissionDenied
    new_url, error = "", ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            services.revoke_calendar_token(request.user)
            messages.success(request, "Calendar link turned off.")
            return redirect("groups:calendar")
        if action == "issue":
            token = services.issue_calendar_token(request.user)
            new_url = request.build_absolute_uri(reverse("groups:feed", args=[token]))
        else:
            error = "Choose to create a new link or to turn the link off."
    context = {
        "nav": "groups",
        "token": CalendarToken.objects.filter(user=user).first(),
        "new_url": new_url,
        "error": error,
    }
    return render(request, "groups/calendar.html", context, status=400 if error else 200)


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed for calendar apps: no sign-in, the token is the secret (see feed.py)."""
    row = (
        CalendarToken.objects.filter(token_hash=services.hash_token(token))
        .select_related("user")
        .first()
    )
    if row is None or not row.user.is_active:
        raise Http404("No such calendar")
    body = build_feed(row.user, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
