"""Administering an organization's staff: adding people and changing their memberships.

Only administrators of the organization may do this. Every change is written to the
organization's audit chain (staff records are not client data, but who was given access to
client data, and when, must be reviewable).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from alongside.accounts.models import User
from alongside.accounts.onboarding import send_role_added_email, send_set_passphrase_email
from alongside.audit.models import Action
from alongside.organizations.models import Membership, Organization, Program, Role
from alongside.organizations.staff import audit_staff_action, forget_memberships, roles_in

# Called inside update_membership()'s transaction with a person whose last active role just
# ended: the signins app registers the function that ends their sessions and revokes their API
# tokens (signins/apps.py), since it reads memberships and organizations must not import it.
ON_LAST_ROLE_ENDED: list[Callable[[Any], Any]] = []


@dataclass
class StaffDetails:
    email: str
    display_name: str
    role: str
    supervisor: Any = None
    programs: Iterable[Program] = field(default_factory=list)


def _require_admin(actor: Any, organization: Organization) -> None:
    if Role.ADMIN not in roles_in(actor, organization.pk):
        raise PermissionDenied


def _audit(actor: Any, membership: Membership, action: str) -> None:
    audit_staff_action(
        actor, membership.organization_id, action, "membership", membership.public_id
    )


def _validate_links(
    organization: Organization, role: str, supervisor: Any, programs: list[Program]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = "Choose a role."
    if supervisor is not None:
        if role != Role.PRA:
            errors["supervisor"] = "Only advocates are on a supervisor's team."
        elif Role.SUPERVISOR not in roles_in(supervisor, organization.pk):
            errors["supervisor"] = "Choose a supervisor of this organization."
    if any(p.organization_id != organization.pk for p in programs):
        errors["programs"] = "Choose programs of this organization."
    return errors


def add_staff_member(actor: Any, organization: Organization, details: StaffDetails) -> Membership:
    """Give a person (new or existing account) a role in ORGANIZATION; return the membership.

    A new account has no passphrase: the person receives an e-mail with a link to set one.
    An existing account is told about its new role.
    Raises PermissionDenied unless ACTOR administers ORGANIZATION, ValidationError for bad
    input (nothing saved).
    """
    _require_admin(actor, organization)
    email = details.email.strip().lower()
    programs = list(details.programs)
    errors = _validate_links(organization, details.role, details.supervisor, programs)
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Enter a valid e-mail address."
    if not details.display_name.strip():
        errors["display_name"] = "Enter the name colleagues know them by."
    if (
        "email" not in errors
        and Membership.objects.filter(
            organization=organization, user__email__iexact=email, role=details.role
        ).exists()
    ):
        errors["role"] = "They already have this role here."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(email=email, display_name=details.display_name.strip())
        membership = Membership.objects.create(
            organization=organization, user=user, role=details.role, supervisor=details.supervisor
        )
        membership.programs.set(programs)
        _audit(actor, membership, Action.CREATE)
        if created:
            transaction.on_commit(lambda: send_set_passphrase_email(user))
        else:
            role_label = membership.get_role_display()
            transaction.on_commit(
                lambda: send_role_added_email(user, organization.name, role_label)
            )
    return membership


def update_membership(
    actor: Any,
    membership: Membership,
    *,
    supervisor: Any,
    programs: Iterable[Program],
    is_active: bool,
) -> Membership:
    """Change a membership's team, programs or active state; return it.

    An administrator cannot deactivate their own administrator role (no lock-out). Ending a
    person's last active role ends their sessions and API tokens in the same transaction.
    """
    organization = membership.organization
    _require_admin(actor, organization)
    programs = list(programs)
    errors = _validate_links(organization, membership.role, supervisor, programs)
    if not is_active and membership.user_id == actor.pk and membership.role == Role.ADMIN:
        errors["is_active"] = "You cannot remove your own administrator role."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        membership.supervisor = supervisor
        membership.is_active = is_active
        membership.save(update_fields=["supervisor", "is_active"])
        membership.programs.set(programs)
        _audit(actor, membership, Action.UPDATE)
        if not is_active and not Membership.objects.active().filter(user=membership.user).exists():
            for end_access in ON_LAST_ROLE_ENDED:
                end_access(membership.user)
    forget_memberships(membership.user)
    return membership
