"""Who may see outcomes: directors and supervisors, for their own organization.

The outcome pages, charts, CSVs, funder reports and API endpoints show counts, rates and
curves over episodes, never a client's name or record, so the question is the reader's
role, not which clients they can open (`clients.access.visible_to` answers that one). A
supervisor sees their program's outcomes, not only their team's current caseload: retention
is about people who have left, and nobody's caseload still holds them. PRA workload is the
exception, since it names staff: a supervisor sees their own team, a director every advocate.

Advocates, clinicians, administrators, privacy officers and clients get 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from alongside.organizations.models import Organization, Role
from alongside.organizations.staff import home_organization, home_roles

READER_ROLES = frozenset({Role.DIRECTOR, Role.SUPERVISOR})


@dataclass(frozen=True)
class Reader:
    """A person allowed to read outcomes, and where."""

    user: Any
    organization: Organization
    roles: frozenset[str]

    @property
    def is_director(self) -> bool:
        return Role.DIRECTOR in self.roles


def outcomes_reader(user: Any) -> Reader:
    """Return USER as an outcomes reader of their home organization.

    Raises PermissionDenied for anyone who is neither a director nor a supervisor there.
    """
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    organization = home_organization(user)
    roles = frozenset(home_roles(user))
    if organization is None or not roles & READER_ROLES:
        raise PermissionDenied
    return Reader(user=user, organization=organization, roles=roles)
