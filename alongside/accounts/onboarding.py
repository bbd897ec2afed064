"""Welcoming a new staff account: an e-mail with a one-time link to choose a passphrase.

The link is allauth's password-reset link (same token rules, expires like any reset). The
message carries no client information.
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


def send_set_passphrase_email(user: User) -> None:
    context = {
        "user": user,
        "url": set_passphrase_url(user),
        "base_url": settings.ALONGSIDE_BASE_URL,
    }
    message = EmailMultiAlternatives(
        subject="Your Alongside account: choose a passphrase",
        body=render_to_string("accounts/email/welcome.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("accounts/email/welcome.html", context), "text/html"
    )
    message.send()
