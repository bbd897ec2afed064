"""The one access layer for client-scoped data (DESIGN.md §4.1).

Views, the API, commands and later apps fetch clients only through `visible_to()` and
`get_client_for()`. Scope per role, always inside the membership's own organization:

- advocate (pra): clients they are currently assigned to, plus a discharged person whose
  aftercare follow-up call is assigned to them while its window is open;
- supervisor: clients currently assigned to an advocate on their team (or to themselves),
  plus clients with an open episode and no advocate yet, so they can assign one, plus the
  team's aftercare calls in their window (also those of an advocate who has left);
- clinician: clients with an open episode in one of their programs (need to know);
- director: every client of their organization;
- admin and privacy officer: no client content at all.

On top of those scopes, a break-glass grant (`audit.models.BreakGlassGrant`, opened through
`alongside/privacy`) lets one person see one client of an organization they work in, with
VIEW and READ_NOTES only, for 60 minutes. It is the only way an administrator reads a record.
Every audit row the person writes about that client meanwhile is flagged (`audit.log`).

Out of scope and missing both raise Http404, so a URL never confirms that a client exists.
Visible but not allowed (a clinician trying to log a contact) raises PermissionDenied.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from alongside.audit import log as audit_log
from alongside.audit.models import Action, BreakGlassGrant, Outcome
from alongside.clients.models import Assignment, Client, Episode
from alongside.organizations.models import Membership, Program, Role
from alongside.organizations.staff import memberships_of, roles_in


class Capability(enum.StrEnum):
    VIEW = "view"
    READ_NOTES = "read_notes"  # the free-text notes of support contacts
    RECORD = "record"  # log contacts and other support records
    MANAGE = "manage"  # assign, transfer, discharge
    # The conversation between a client and their advocates: the advocates and the team's
    # supervisor (oversight). Writing also needs a current assignment (messaging.access).
    READ_MESSAGES = "read_messages"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PRA: frozenset(
        {Capability.VIEW, Capability.READ_NOTES, Capability.RECORD, Capability.READ_MESSAGES}
    ),
    Role.SUPERVISOR: frozenset(Capability),
    Role.DIRECTOR: frozenset({Capability.VIEW, Capability.READ_NOTES, Capability.MANAGE}),
    Role.CLINICIAN: frozenset({Capability.VIEW}),
    Role.ADMIN: frozenset(),
    Role.PRIVACY_OFFICER: frozenset(),
}

# What a break-glass grant gives: reading the record, contact notes included, and nothing
# else. It exists for someone who must know something now (a safety risk, a colleague's
# client while they are away); acting on the record (logging contacts, assigning,
# discharging) stays with the person's own team, who can assign the covering colleague in a
# minute. Conversations (READ_MESSAGES) stay between the person and their advocates.
BREAK_GLASS_CAPABILITIES = frozenset({Capability.VIEW, Capability.READ_NOTES})

ADMITTING_ROLES = frozenset({Role.SUPERVISOR, Role.DIRECTOR})


def _team_advocate_ids(membership: Membership) -> QuerySet[Membership, Any]:
    return (
        Membership.objects.active()
        .filter(
            organization_id=membership.organization_id,
            role=Role.PRA,
            supervisor_id=membership.user_id,
        )
        .values("user_id")
    )


def _aftercare_calls(organization_id: int, assignee: Q) -> QuerySet[Any, Any]:
    """Return the ids of clients with a follow-up call (alongside/aftercare) matching ASSIGNEE
    whose window is open now (a day's slack either side for time zones).

    An advocate who let go of a person at discharge still makes the aftercare calls: they
    reach that person only while a call assigned to them is due, and lose them again after.
    """
    from alongside.aftercare.models import FollowUp, Status  # aftercare builds on clients

    today = timezone.now().date()
    return (
        FollowUp.objects.filter(
            assignee,
            organization_id=organization_id,
            status=Status.SCHEDULED,
            opens_on__lte=today + timedelta(days=1),
            closes_on__gte=today - timedelta(days=1),
        )
        .order_by()
        .values("client_id")
    )


def _scope(membership: Membership) -> Q | None:
    """Return the filter on Client for one membership; None if it grants no clients."""
    org_id = membership.organization_id
    current = Assignment.objects.current().filter(organization_id=org_id)
    if membership.role == Role.PRA:
        mine = current.filter(advocate_id=membership.user_id).values("client_id")
        calls = _aftercare_calls(org_id, Q(assigned_to_id=membership.user_id))
        return Q(organization_id=org_id) & (Q(pk__in=mine) | Q(pk__in=calls))
    if membership.role == Role.SUPERVISOR:
        team = current.filter(
            Q(advocate_id__in=_team_advocate_ids(membership)) | Q(advocate_id=membership.user_id)
        ).values("client_id")
        unassigned = Q(
            Exists(Episode.objects.open().filter(client=OuterRef("pk"))),
            ~Exists(Assignment.objects.current().filter(client=OuterRef("pk"))),
        )
        # The team's aftercare calls, including those of an advocate who has since left.
        former_team = Membership.objects.filter(
            organization_id=org_id, role=Role.PRA, supervisor_id=membership.user_id
        ).values("user_id")
        calls = _aftercare_calls(
            org_id, Q(assigned_to_id__in=former_team) | Q(assigned_to_id=membership.user_id)
        )
        return Q(organization_id=org_id) & (Q(pk__in=team) | unassigned | Q(pk__in=calls))
    if membership.role == Role.CLINICIAN:
        program_ids = [p.pk for p in membership.programs.all()]
        if not program_ids:
            return None
        in_programs = Episode.objects.open().filter(program_id__in=program_ids)
        return Q(organization_id=org_id, pk__in=in_programs.values("client_id"))
    if membership.role == Role.DIRECTOR:
        return Q(organization_id=org_id)
    return None


def _combined_scope(memberships: list[Membership]) -> Q | None:
    combined: Q | None = None
    for membership in memberships:
        scope = _scope(membership)
        if scope is not None:
            combined = scope if combined is None else combined | scope
    return combined


def _break_glass_scope(user: Any, memberships: list[Membership]) -> Q | None:
    """Return the filter for clients USER holds a break-glass grant on now; None if USER works
    nowhere. One subquery, so a page costs the same number of queries with or without it.

    A grant counts only while its holder still works in the client's organization.
    """
    org_ids = sorted({m.organization_id for m in memberships})
    if not org_ids:
        return None
    grants = BreakGlassGrant.objects.in_force(timezone.now()).filter(user_id=user.pk)
    return Q(organization_id__in=org_ids, pk__in=grants.values("client_id"))


def visible_to(user: Any, *, need: Capability = Capability.VIEW) -> QuerySet[Client]:
    """Return every client USER may see (empty for anonymous users; for administrators and
    privacy officers, only clients they hold a break-glass grant on).

    With NEED, only the roles granting that capability count: a director who is also an
    advocate reads the conversations of their own caseload, not of the whole organization.
    """
    scope = _scope_for(user, need)
    if scope is None:
        return Client.objects.none()
    return Client.objects.filter(scope)


def visible_with(user: Any, needs: Iterable[Capability]) -> QuerySet[Client]:
    """Return `visible_to(USER)`, each client annotated `can_<need>` (True or False) for each
    of NEEDS: one query where a list needs to know, per row, what else USER may do.

    Every role that grants a capability also grants VIEW, and break-glass grants VIEW too, so
    the clients USER holds any NEED on are among those returned.
    """
    clients = visible_to(user)
    flags = {}
    for need in dict.fromkeys(needs):
        scope = _scope_for(user, need)
        flags[f"can_{need}"] = (
            Value(False, output_field=BooleanField())
            if scope is None
            else Case(
                When(scope, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
    return clients.annotate(**flags)


def _scope_for(user: Any, need: Capability) -> Q | None:
    """Return the filter on Client for what USER may do NEED on; None for nothing."""
    memberships = memberships_of(user)
    scope = _combined_scope(
        [m for m in memberships if need in ROLE_CAPABILITIES.get(m.role, frozenset())]
    )
    if need in BREAK_GLASS_CAPABILITIES:
        grants = _break_glass_scope(user, memberships)
        if grants is not None:
            scope = grants if scope is None else scope | grants
    return scope


def capabilities_for(user: Any, client: Client) -> frozenset[Capability]:
    """Return what USER may do with CLIENT, considering each membership within its scope and,
    when no membership reaches CLIENT, a break-glass grant in force."""
    granted: set[Capability] = set()
    works_there = False
    for membership in memberships_of(user):
        if membership.organization_id != client.organization_id:
            continue
        works_there = True
        extra = ROLE_CAPABILITIES.get(membership.role, frozenset()) - granted
        if not extra:
            continue
        scope = _scope(membership)
        if scope is not None and Client.objects.filter(scope, pk=client.pk).exists():
            granted |= extra
    # Only outside every scope: break-glass is refused for a record the person already
    # sees, so checking here would cost everyone else a query for nothing.
    if not granted and works_there and has_break_glass(user, client):
        granted |= BREAK_GLASS_CAPABILITIES
    return frozenset(granted)


def has_break_glass(user: Any, client: Client) -> bool:
    """Return True if USER holds a break-glass grant on CLIENT in force now."""
    if user is None or not user.is_authenticated:
        return False
    return (
        BreakGlassGrant.objects.in_force(timezone.now())
        .filter(user_id=user.pk, client_id=client.pk)
        .exists()
    )


def get_client_for(
    user: Any, public_id: uuid.UUID | str, *, need: Capability = Capability.VIEW
) -> Client:
    """Return the client with PUBLIC_ID if USER may see it and has the NEED capability.

    Raises Http404 if it does not exist or is outside USER's scope (indistinguishable), and
    PermissionDenied if USER can see it but not do NEED.
    """
    try:
        client = visible_to(user).get(public_id=public_id)
    except (Client.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("No such client") from None
    client.capabilities = capabilities_for(user, client)  # type: ignore[attr-defined]
    if need not in client.capabilities:  # type: ignore[attr-defined]
        # A refused attempt on a record the person can see is itself worth reviewing.
        audit_client_event(user, client, Action.VIEW, outcome=Outcome.DENIED)
        raise PermissionDenied
    return client


def role_label(user: Any, organization_id: int) -> str:
    """Return the roles USER holds in the organization, for audit rows ("pra,supervisor")."""
    return ",".join(sorted(roles_in(user, organization_id)))


def audit_client_event(
    user: Any,
    client: Client,
    action: str,
    obj: Any = None,
    *,
    object_type: str | None = None,
    outcome: str = Outcome.SUCCESS,
    role: str | None = None,
) -> None:
    """Write the audit row for ACTION on CLIENT (or on OBJ, a record belonging to CLIENT).

    The role is USER's roles in the client's organization, "client" when USER is the client's
    own portal account, "system" without a user; ROLE overrides it (e.g. "anonymous").
    """
    target = obj if obj is not None else client
    if role is None:
        role = _audit_role(user, client)
    audit_log.record(
        audit_log.Event(
            action=action,
            object_type=object_type or type(target).__name__.lower(),
            object_public_id=getattr(target, "public_id", None),
            organization_id=client.organization_id,
            client_id=client.pk,
            client_public_id=client.public_id,
            user=user,
            role=role,
            outcome=outcome,
        )
    )


def _audit_role(user: Any, client: Client) -> str:
    if user is None:
        return "system"
    roles = role_label(user, client.organization_id)
    if not roles and client.user_id is not None and client.user_id == user.pk:
        return "client"
    return roles


def admitting_programs(user: Any) -> QuerySet[Program]:
    """Return the active programs USER may admit clients into."""
    org_ids = [m.organization_id for m in memberships_of(user) if m.role in ADMITTING_ROLES]
    return Program.objects.filter(organization_id__in=org_ids, is_active=True)


def assignable_advocates(user: Any, organization_id: int) -> QuerySet[Any]:
    """Return the advocates USER may assign clients of the organization to.

    Directors may assign any active advocate; supervisors their own team (and themselves when
    they also work as an advocate).
    """
    roles = roles_in(user, organization_id)
    advocates = Membership.objects.active().filter(organization_id=organization_id, role=Role.PRA)
    if Role.DIRECTOR not in roles:
        if Role.SUPERVISOR not in roles:
            return get_user_model().objects.none()
        advocates = advocates.filter(Q(supervisor_id=user.pk) | Q(user_id=user.pk))
    return (
        get_user_model().objects.filter(pk__in=advocates.values("user_id")).order_by("display_name")
    )


def get_assignment_for(
    user: Any,
    client_public_id: uuid.UUID | str,
    assignment_public_id: uuid.UUID | str,
    *,
    need: Capability = Capability.VIEW,
) -> Assignment:
    """Return a current assignment of a client USER may see; Http404 otherwise (as above)."""
    client = get_client_for(user, client_public_id, need=need)
    try:
        assignment = (
            client.assignments.current()
            .select_related("advocate")
            .get(public_id=assignment_public_id)
        )
    except (Assignment.DoesNotExist, ValueError):
        raise Http404("No such assignment") from None
    assignment.client = client
    return assignment


def own_client(user: Any) -> Client | None:
    """Return the client whose own portal account USER is; None for staff and anonymous.

    A person in recovery reaches only their own record, and only through the portal and the
    API endpoints that take no client id; staff pages never serve them (`visible_to()` is
    empty for an account without memberships).
    """
    if user is None or not user.is_authenticated:
        return None
    from alongside.aftercare.queries import portal_open, with_portal_state  # builds on clients

    client = with_portal_state(Client.objects.filter(user=user)).first()
    if client is not None and not portal_open(client):
        return None  # discharged from a program whose alumni do not keep the portal
    return client


# Where a record about the client can come from: the client's own (portal or API) or staff
# recording it with them (staff pages or API). Check-ins and assessments use these values.
CLIENT_SOURCES = frozenset({"portal", "api"})
STAFF_SOURCES = frozenset({"staff", "api"})


def require_recorder(actor: Any, client: Client, source: str, *, what: str) -> None:
    """Raise PermissionDenied unless ACTOR is CLIENT themself or staff who may record for them.

    SOURCE is chosen by the calling code, not by the person, so a wrong one is a bug
    (ValueError): a client cannot use the staff page's source, nor staff the portal's. WHAT
    names the record in those messages ("check-in", "assessment").
    """
    if source not in CLIENT_SOURCES | STAFF_SOURCES:
        raise ValueError(f"unknown {what} source '{source}'")
    own = own_client(actor)
    if own is not None and own.pk == client.pk:
        if source not in CLIENT_SOURCES:
            raise ValueError(f"a client's own {what} cannot come from '{source}'")
        return
    if Capability.RECORD not in capabilities_for(actor, client):
        raise PermissionDenied
    if source not in STAFF_SOURCES:
        raise ValueError(f"staff cannot record a {what} from '{source}'")
