"""How a notice leaves the building: e-mail through Django's mail backends, SMS through a
provider adapter chosen by configuration (a console adapter for development)."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.module_loading import import_string

from alongside.notifications.models import Channel

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A send failed; the message is safe to store (it must not contain the notice's text)."""


class Sender(Protocol):
    def send(self, address: str, subject: str, text: str, html: str) -> None: ...


class EmailSender:
    def send(self, address: str, subject: str, text: str, html: str) -> None:
        message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception as error:  # any backend failure is retried the same way
            raise DeliveryError(
                f"e-mail backend refused the message ({type(error).__name__})"
            ) from error


class ConsoleSmsSender:
    """Development adapter: writes the text to the log with the number masked."""

    def send(self, address: str, subject: str, text: str, html: str) -> None:
        logger.info("SMS to …%s: %s", address[-2:], text)


def sender_for(channel: str) -> Sender:
    if channel == Channel.EMAIL:
        return EmailSender()
    if channel == Channel.SMS:
        sender: Sender = import_string(settings.ALONGSIDE_SMS_BACKEND)()
        return sender
    raise DeliveryError(f"unknown channel {channel!r}")
