from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from alongside.organizations.staff import home_organization, home_roles


def staff_context(request: HttpRequest) -> dict[str, Any]:
    """Expose the home organization and roles for navigation (no client data)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"organization": home_organization(user), "roles": home_roles(user)}
