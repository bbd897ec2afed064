"""E-mails about portal accounts. They carry no client information (DESIGN.md §4.4): not the
person's name, not the organization or program, nothing about recovery. Only that there is
an invitation or an account, and a link. Each has a subject, a text and an HTML body, in the
language of the person they are for.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alongside.portal.models import LIFETIME


def absolute(path: str) -> str:
    return settings.ALONGSIDE_BASE_URL.rstrip("/") + path


def join_url(token: str) -> str:
    """Return the invitation link for the raw TOKEN."""
    return absolute(reverse("portal:join_link", kwargs={"token": token}))


def _send(to: str, subject: Any, template: str, context: dict[str, Any], language: str) -> None:
    with translation.override(language):
        context = {"base_url": settings.ALONGSIDE_BASE_URL, **context}
        message = EmailMultiAlternatives(
            subject=str(subject), body=render_to_string(f"{template}.txt", context), to=[to]
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()


def send_invitation(to: str, token: str, language: str) -> None:
    _send(
        to,
        _("You've been invited to Alongside"),
        "portal/email/invitation",
        {"url": join_url(token), "hours": int(LIFETIME.total_seconds() // 3600)},
        language,
    )


def send_account_ready(to: str, language: str) -> None:
    _send(
        to,
        _("Your Alongside account is ready"),
        "portal/email/account_ready",
        {"url": absolute(reverse("account_login"))},
        language,
    )


def send_address_in_use(to: str, language: str) -> None:
    """Tell the owner of an address that someone tried to join with it (see redeem_invitation)."""
    _send(
        to,
        _("Your Alongside invitation"),
        "portal/email/address_in_use",
        {"url": absolute(reverse("account_login"))},
        language,
    )
