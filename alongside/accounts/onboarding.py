"""E-mails to staff about their account. They carry no client information.

A new account gets a one-time link to choose a passphrase (allauth's password-reset link:
same token rules, expires like any reset). An existing account given a role in another
organization is told, so nobody gains access to records without knowing it.
"""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from alongside.accounts.models import User


def set_passphrase_url(user: User) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.ALONGSIDE_BASE_URL.rstrip("/") + path


def _send(user: User, subject: str, template: str, context: dict[str, object]) -> None:
    context = {"user": user, "base_url": settings.ALONGSIDE_BASE_URL, **context}
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"{template}.txt", context), to=[user.email]
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()


def send_set_passphrase_email(user: User) -> None:
    _send(
        user,
        "Your Alongside account: choose a passphrase",
        "accounts/email/welcome",
        {"url": set_passphrase_url(user)},
    )


def send_role_added_email(user: User, organization_name: str, role_label: str) -> None:
    _send(
        user,
        "Your Alongside account has a new role",
        "accounts/email/role_added",
        {"organization_name": organization_name, "role_label": role_label},
    )
