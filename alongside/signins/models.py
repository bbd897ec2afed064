"""Sessions stored in the database with who they belong to, so people can see and end them.

A row is one browser's session (signed in or not). Besides Django's key, data and expiry it
keeps the account, when it signed in, when it was last used, the address it was last used
from and a short device description ("Firefox · Android"). Never the full user-agent
string. The columns say nothing about clients; the session data holds Django's sign-in keys,
allauth's sign-in state and flash messages until they are shown (those can name a client,
which is why they are kept here rather than in a cookie: MESSAGE_STORAGE in settings).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.db import models


class SessionManager(BaseSessionManager["Session"]):
    def live(self, now: datetime) -> models.QuerySet[Session]:
        """Sessions that can still be used at NOW (idle and absolute limits included)."""
        return self.filter(expire_date__gt=now)


class Session(AbstractBaseSession):
    """A browser session; `expire_date` is when it ends unless used again before then."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the (user, expire_date) index below serves lookups by user
        help_text="The signed-in account; empty before sign-in.",
    )
    signed_in_at = models.DateTimeField(help_text="When this account signed in on it.")
    last_activity = models.DateTimeField(help_text="The last request the person made.")
    ip = models.GenericIPAddressField(
        null=True, blank=True, help_text="Address of the last request."
    )
    device = models.CharField(
        max_length=80, blank=True, help_text='Browser and system, e.g. "Firefox · Android".'
    )

    objects: ClassVar[SessionManager] = SessionManager()

    class Meta(AbstractBaseSession.Meta):
        verbose_name = "session"
        verbose_name_plural = "sessions"
        indexes = [models.Index(fields=["user", "expire_date"], name="signins_session_user")]

    @classmethod
    def get_session_store_class(cls) -> type:
        from alongside.signins.store import SessionStore

        return SessionStore
