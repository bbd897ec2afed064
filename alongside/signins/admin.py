"""Deactivating an account in the Django admin (the only place `User.is_active` is switched
off) ends its sessions and API tokens in the same transaction as the change.

The accounts app's `UserAdmin` is extended rather than edited so that accounts keeps
importing no other Alongside app; this module loads after it (INSTALLED_APPS order).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from alongside.accounts.admin import UserAdmin
from alongside.accounts.models import User
from alongside.signins.services import end_access

admin.site.unregister(User)


@admin.register(User)
class UserAdminEndingAccess(UserAdmin):
    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The admin's change view wraps this in a transaction: the account is never saved
        # inactive with a session or token still working.
        if change and "is_active" in form.changed_data and not obj.is_active:
            end_access(obj)
