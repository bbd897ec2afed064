from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from alongside.signins.models import Session
from alongside.testing.personas import give_portal_account

CASEY_EMAIL = "casey@portal.test"


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Run the block with the clock at MOMENT (the server's clock, not the test client's)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def later() -> Callable[..., Any]:
    """`with later(minutes=15): ...` runs the block that long after now."""
    start = timezone.now()

    def move(**delta: float) -> Any:
        return at(start + timedelta(**delta))

    return move


@pytest.fixture
def casey_account(cast) -> Any:
    """Casey's own portal account."""
    return give_portal_account(cast.casey, CASEY_EMAIL)


def session_of(client: Any) -> Session:
    """The stored session behind the test CLIENT's cookie."""
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def cookie(client: Any) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value
