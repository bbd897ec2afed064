"""The session engine (`SESSION_ENGINE = "alongside.signins.store"`).

Django's database sessions, with the account, sign-in time, last activity, address and device
kept in columns (see models.Session), and an expiry that is the earlier of the idle and the
absolute limit (see timeouts.py). A session past its expiry is never loaded, whether or not
the middleware runs; when it belonged to someone, the store remembers why it ended so the
middleware can say so.
"""

from __future__ import annotations

import ipaddress
import logging
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.utils import timezone

from alongside.signins.models import Session
from alongside.signins.timeouts import (
    Deadline,
    absolute_timeout,
    deadline,
    deadline_of_stored,
    default_idle_timeout,
)

# How finely activity is stored: a request within this time of the stored activity (from the
# same address and device) is not written. See `SessionStore.touch`.
ACTIVITY_STEP = timedelta(minutes=1)

if TYPE_CHECKING:
    _DatabaseStore = db.SessionStore[Session]
else:
    _DatabaseStore = db.SessionStore


class SessionStore(_DatabaseStore):
    """A database session that knows whose it is and when it was last used."""

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        # The stored row's facts, once loaded (or as last saved).
        self.public_id: uuid.UUID | None = None
        self.user_id: Any = None
        self.signed_in_at: datetime | None = None
        self.last_activity: datetime | None = None
        self.ip: str | None = None
        self.device = ""
        # Set by the middleware for each request: the owner's idle limit.
        self.idle_timeout: timedelta = default_idle_timeout()
        # Set when the cookie named a signed-in session that had already ended.
        self.ended: Deadline | None = None
        # Whether this request counted as activity not yet stored.
        self.touched = False
        # The address and device stored with the row, once loaded.
        self.stored_where: tuple[str | None, str] | None = None

    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session

    # --- Reading ---------------------------------------------------------------------------

    def _get_session_from_db(self) -> Session | None:
        try:
            row = self.model.objects.get(session_key=self.session_key)
        except (self.model.DoesNotExist, SuspiciousOperation) as e:
            if isinstance(e, SuspiciousOperation):
                logging.getLogger(f"django.security.{e.__class__.__name__}").warning(str(e))
            self._session_key = None
            return None
        if row.expire_date <= timezone.now():
            if row.user_id is not None:
                self.ended = deadline_of_stored(
                    row.signed_in_at, row.last_activity, row.expire_date
                )
            # Gone for good: nobody may use it again, and its data need not wait for
            # `clearsessions`.
            self.model.objects.filter(session_key=row.session_key).delete()
            self._session_key = None
            return None
        self.public_id = row.public_id
        self.user_id = row.user_id
        self.signed_in_at = row.signed_in_at
        self.last_activity = row.last_activity
        self.ip = row.ip
        self.device = row.device
        self.stored_where = (row.ip, row.device)
        return row

    async def _aget_session_from_db(self) -> Session | None:
        return await sync_to_async(self._get_session_from_db)()

    def deadline(self) -> Deadline | None:
        """Return when this session ends if unused; None before it is stored."""
        if self.signed_in_at is None or self.last_activity is None:
            return None
        return deadline(self.signed_in_at, self.last_activity, self.idle_timeout)

    # --- Recording activity ----------------------------------------------------------------

    def seen_from(self, ip: str | None, device: str) -> None:
        """Note where the current request came from (stored with the next save)."""
        self.ip = _valid_ip(ip)
        self.device = device

    def touch(self, now: datetime) -> None:
        """Count a request at NOW as activity: the idle limit starts again from it.

        Never moves backwards, so a clock stepped back (or a test's) cannot age a session.
        Stored by `save_activity()`, or by `save()` if the data changed too.

        Activity is kept to the minute (`ACTIVITY_STEP`): a request less than a minute after
        the stored activity, from the same address and device, changes nothing, so most
        requests do not write the session row at all. The idle limit then runs from up to a
        minute earlier than the last request, never later, and the page's warning uses the
        same stored time.
        """
        recent = self.last_activity is not None and now - self.last_activity < ACTIVITY_STEP
        if recent and self.stored_where == (self.ip, self.device):
            return
        if self.last_activity is None or now > self.last_activity:
            self.last_activity = now
        self.touched = True

    def save_activity(self) -> None:
        """Store the activity of a touched session whose data did not change.

        Only the activity columns are written, never the data: pages load fragments in
        parallel, and rewriting the whole session on every request would let one request
        overwrite what another just stored (a flash message, a sign-in step). A session deleted
        meanwhile (signed out elsewhere) stays deleted.
        """
        if not self.touched or self.modified or self.session_key is None:
            return
        if self.signed_in_at is None or self.last_activity is None:
            return
        self.model.objects.filter(session_key=self.session_key).update(
            last_activity=self.last_activity,
            expire_date=self._expiry(self.signed_in_at, self.last_activity),
            ip=self.ip,
            device=self.device,
        )
        self.stored_where = (self.ip, self.device)
        self.touched = False

    def _expiry(self, signed_in_at: datetime, last_activity: datetime) -> datetime:
        return min(signed_in_at + absolute_timeout(), last_activity + self.idle_timeout)

    # --- Writing ---------------------------------------------------------------------------

    def create(self) -> None:
        # A new key is a new session (sign-in rotates the key): give it its own public id.
        self.public_id = None
        super().create()

    async def acreate(self) -> None:
        self.public_id = None
        await super().acreate()

    def create_model_instance(self, data: dict[str, Any]) -> Session:
        now = timezone.now()
        user_id = _user_id(data)
        signed_in_at, last_activity = self.signed_in_at, self.last_activity
        if signed_in_at is None or last_activity is None or user_id != self.user_id:
            # A new session, or a different account (or none) now holds it: the sign-in time,
            # and with it the absolute limit, start here.
            signed_in_at = last_activity = now
        elif user_id is None:
            # Before sign-in every save is activity (allauth keeps its sign-in steps here).
            last_activity = now
        if self.public_id is None:
            self.public_id = uuid.uuid4()
        self.user_id, self.signed_in_at, self.last_activity = user_id, signed_in_at, last_activity
        self.stored_where = (self.ip, self.device)
        self.touched = False
        return self.model(
            session_key=self._get_or_create_session_key(),  # type: ignore[attr-defined]
            session_data=self.encode(data),
            expire_date=self._expiry(signed_in_at, last_activity),
            public_id=self.public_id,
            user_id=user_id,
            signed_in_at=signed_in_at,
            last_activity=last_activity,
            ip=self.ip,
            device=self.device,
        )

    async def acreate_model_instance(self, data: dict[str, Any]) -> Session:
        return await sync_to_async(self.create_model_instance)(data)


def _user_id(data: dict[str, Any]) -> Any:
    raw = data.get(SESSION_KEY)
    if raw is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(raw)
    except ValidationError:
        return None


def _valid_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
