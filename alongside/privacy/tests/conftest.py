from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from alongside.audit.models import BreakGlassGrant, BreakGlassReason
from alongside.clients.models import Client
from alongside.privacy.services import Identity, break_glass
from alongside.testing.personas import PASSWORD

EXPLANATION = "Their advocate is off sick and they called in distress."


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Run the block with the server's clock at MOMENT."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def start() -> datetime:
    """A fixed moment to count break-glass windows from (whole seconds, UTC)."""
    return timezone.now().replace(microsecond=0) - timedelta(days=1)


@pytest.fixture
def minutes_after(start: datetime) -> Callable[[float], Any]:
    """`with minutes_after(59): ...` runs the block that long after START."""

    def move(minutes: float) -> Any:
        return at(start + timedelta(minutes=minutes))

    return move


def open_glass(user: Any, client: Client, **fields: Any) -> BreakGlassGrant:
    """Break the glass on CLIENT as USER through the service; return the grant."""
    result = break_glass(
        user,
        Identity(public_id=client.public_id),
        reason=fields.get("reason", BreakGlassReason.COVERING),
        explanation=fields.get("explanation", EXPLANATION),
    )
    assert result.grant is not None and result.client == client
    return result.grant


def form_data(client: Client | None = None, **fields: Any) -> dict[str, Any]:
    """The break-glass form as someone would fill it in for CLIENT (by record number)."""
    data = {
        "public_id": str(client.public_id) if client is not None else "",
        "name": "",
        "date_of_birth": "",
        "reason": BreakGlassReason.SAFETY,
        "explanation": EXPLANATION,
        "password": PASSWORD,
    }
    data.update(fields)
    return data
