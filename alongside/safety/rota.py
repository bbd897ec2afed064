"""The on-call rota: who answers alerts for a program at a given moment.

Supervisors, directors and administrators of an organization manage its rota. A shift can be
removed only before it starts (history is kept); overlapping shifts are allowed — both people
are reached.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from alongside.organizations.models import Membership, Organization, Program, Role
from alongside.organizations.staff import memberships_of
from alongside.safety.models import OnCallShift

MANAGERS = frozenset({Role.SUPERVISOR, Role.DIRECTOR, Role.ADMIN})
ON_CALL_ROLES = frozenset({Role.PRA, Role.SUPERVISOR, Role.DIRECTOR, Role.CLINICIAN})
LONGEST_SHIFT = timedelta(days=7)


def managed_organization(user: Any) -> Organization:
    """The organization whose rota USER manages; PermissionDenied if none."""
    for membership in memberships_of(user):
        if membership.role in MANAGERS:
            return membership.organization
    raise PermissionDenied


def eligible_people(organization: Organization) -> QuerySet[Any]:
    from alongside.accounts.models import User

    ids = (
        Membership.objects.active()
        .filter(organization=organization, role__in=ON_CALL_ROLES, user__is_active=True)
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids).order_by("display_name")


def upcoming_shifts(organization: Organization, now: datetime) -> QuerySet[OnCallShift]:
    return (
        OnCallShift.objects.filter(organization=organization, ends_at__gt=now)
        .select_related("program", "user")
        .order_by("starts_at", "program__name")
    )


def add_shift(
    actor: Any, program: Program, person: Any, starts_at: datetime, ends_at: datetime
) -> OnCallShift:
    organization = managed_organization(actor)
    errors: dict[str, str] = {}
    if program.organization_id != organization.pk:
        errors["program"] = "Choose one of your organization's programs."
    if not eligible_people(organization).filter(pk=person.pk).exists():
        errors["person"] = "Choose an active member of your organization."
    if ends_at <= starts_at:
        errors["ends_at"] = "The shift must end after it starts."
    elif ends_at - starts_at > LONGEST_SHIFT:
        errors["ends_at"] = "A shift can last at most 7 days; add another for the next week."
    elif ends_at <= timezone.now():
        errors["ends_at"] = "This shift would already be over."
    if errors:
        raise ValidationError(errors)
    return OnCallShift.objects.create(
        organization=organization,
        program=program,
        user=person,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor,
    )


def remove_shift(actor: Any, shift_id: int) -> None:
    """Remove a shift that has not started yet; started shifts stay in the history."""
    organization = managed_organization(actor)
    shift = OnCallShift.objects.filter(pk=shift_id, organization=organization).first()
    if shift is None:
        raise ValidationError("No such shift.")
    if shift.starts_at <= timezone.now():
        raise ValidationError("A shift that has started cannot be removed.")
    shift.delete()
