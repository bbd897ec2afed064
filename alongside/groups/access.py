"""Who sees and runs groups. A group is about a program, not about one client, so it is
scoped like the people who run it: its facilitators, and the supervisors and directors of
its organization (oversight). Its roster names clients, and those rows are shown only for
clients the viewer may see (`clients.access.visible_to`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from alongside.groups.models import Group, Session
from alongside.organizations.models import Program, Role
from alongside.organizations.staff import memberships_of

RUNNING_ROLES = frozenset({Role.PRA, Role.SUPERVISOR})
OVERSIGHT_ROLES = frozenset({Role.SUPERVISOR, Role.DIRECTOR})


def groups_for(user: Any) -> QuerySet[Group]:
    """Return the groups USER facilitates or oversees (none for anonymous users)."""
    memberships = memberships_of(user)
    staff_orgs = {m.organization_id for m in memberships}
    oversight_orgs = {m.organization_id for m in memberships if m.role in OVERSIGHT_ROLES}
    if not staff_orgs:
        return Group.objects.none()
    return Group.objects.filter(
        Q(organization_id__in=oversight_orgs)
        | Q(
            organization_id__in=staff_orgs,
            pk__in=Group.facilitators.through.objects.filter(user_id=user.pk).values("group_id"),
        )
    )


def get_group_for(user: Any, public_id: uuid.UUID | str) -> Group:
    """Return the group with PUBLIC_ID if USER may see it; Http404 otherwise (alike)."""
    try:
        return groups_for(user).select_related("organization", "program").get(public_id=public_id)
    except (Group.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such group") from None


def get_session_for(user: Any, public_id: uuid.UUID | str) -> Session:
    """Return the session with PUBLIC_ID of a group USER may see; Http404 otherwise."""
    try:
        return (
            Session.objects.filter(group__in=groups_for(user))
            .select_related("group__organization", "group__program")
            .get(public_id=public_id)
        )
    except (Session.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such session") from None


def is_facilitator(user: Any, group: Group) -> bool:
    return group.facilitators.filter(pk=user.pk).exists()


def can_create_in(user: Any, program: Program) -> bool:
    return any(
        m.organization_id == program.organization_id and m.role in RUNNING_ROLES
        for m in memberships_of(user)
    )


def creatable_programs(user: Any) -> QuerySet[Program]:
    org_ids = [m.organization_id for m in memberships_of(user) if m.role in RUNNING_ROLES]
    return Program.objects.filter(organization_id__in=org_ids, is_active=True)


def can_run_groups(user: Any) -> bool:
    return any(m.role in RUNNING_ROLES for m in memberships_of(user))
