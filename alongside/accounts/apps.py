from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alongside.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from allauth.account.signals import password_reset

        password_reset.connect(_password_reset, dispatch_uid="alongside-password-reset")


def _password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Choosing a new password through the e-mailed link (proof of the mailbox) lifts the
    account's lockout; an address paused for spraying stays paused."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.reset_attempts(username=user.email.lower())
