"""What a visitor needs to try the demo: who to sign in as and what each person sees first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from alongside.clients.models import Assignment, Client, Episode
from alongside.demo.roster import CLIENT_LOGIN, CLIENT_ROLE_LABEL, DEMO_SLUG, LOGINS
from alongside.organizations.models import Membership, Organization, Role


@dataclass(frozen=True)
class LoginRow:
    email: str
    role: str
    name: str
    first_view: str


def demo_organization() -> Organization | None:
    return Organization.objects.filter(slug=DEMO_SLUG).first()


def login_rows(org: Organization) -> list[LoginRow]:
    """Return one row per demo login that still has its role in ORG, with live numbers, then
    the demo client's portal login if that account still belongs to a client of ORG."""
    memberships = {
        (m.user.email, m.role): m
        for m in Membership.objects.active()
        .filter(organization=org, user__email__in=[login.email for login in LOGINS])
        .select_related("user")
        .prefetch_related("programs")
    }
    labels = dict(Role.choices)
    rows = []
    for login in LOGINS:
        membership = memberships.get((login.email, login.role))
        if membership is None:
            continue
        detail = _detail(org, membership)
        rows.append(
            LoginRow(
                email=login.email,
                role=labels[login.role],
                name=membership.user.display_name,
                first_view=f"{login.first_view} ({detail})" if detail else login.first_view,
            )
        )
    client_row = _client_row(org)
    if client_row is not None:
        rows.append(client_row)
    return rows


def _client_row(org: Organization) -> LoginRow | None:
    client = (
        Client.objects.filter(organization=org, user__email=CLIENT_LOGIN.email)
        .select_related("user")
        .first()
    )
    if client is None or client.user is None:
        return None
    detail = f"in {client.get_language_display()}"
    current = Assignment.objects.current().filter(client=client).select_related("advocate").first()
    if current is not None:
        detail += f"; advocate {current.advocate.display_name}"
    return LoginRow(
        email=CLIENT_LOGIN.email,
        role=CLIENT_ROLE_LABEL,
        name=client.user.display_name,
        first_view=f"{CLIENT_LOGIN.first_view} ({detail})",
    )


def other_advocates(org: Organization) -> list[str]:
    """Return the e-mail addresses of the demo's other advocates (same password)."""
    listed = {login.email for login in LOGINS}
    return [
        email
        for email in Membership.objects.active()
        .filter(organization=org, role=Role.PRA)
        .order_by("user_id")
        .values_list("user__email", flat=True)
        if email not in listed
    ]


def _detail(org: Organization, membership: Membership) -> str:
    current = Assignment.objects.current().filter(organization=org)
    if membership.role == Role.PRA:
        count = current.filter(advocate_id=membership.user_id).count()
        return f"{count} on caseload"
    if membership.role == Role.SUPERVISOR:
        team = Membership.objects.active().filter(
            organization=org, role=Role.PRA, supervisor_id=membership.user_id
        )
        caseload = current.filter(advocate_id__in=team.values("user_id")).count()
        waiting = (
            Client.objects.filter(organization=org)
            .filter(Exists(Episode.objects.open().filter(client=OuterRef("pk"))))
            .exclude(Exists(Assignment.objects.current().filter(client=OuterRef("pk"))))
            .count()
        )
        return f"{team.count()} advocates, {caseload} clients, {waiting} waiting"
    if membership.role == Role.CLINICIAN:
        count = (
            Episode.objects.open()
            .filter(organization=org, program__in=membership.programs.all())
            .values("client_id")
            .distinct()
            .count()
        )
        return f"{count} in care"
    if membership.role == Role.DIRECTOR:
        total = Client.objects.filter(organization=org).count()
        in_care = Episode.objects.open().filter(organization=org).values("client_id").distinct()
        return f"{total} clients, {in_care.count()} in care"
    if membership.role == Role.ADMIN:
        staff = Membership.objects.active().filter(organization=org).values("user_id").distinct()
        return f"{staff.count()} staff"
    return ""
