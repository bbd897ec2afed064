"""Checks on API payloads shared by the API tests."""

from __future__ import annotations

from typing import Any


def integers_in(value: Any) -> list[int]:
    """Return every integer anywhere in a decoded JSON VALUE (booleans excluded)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [i for v in value.values() for i in integers_in(v)]
    if isinstance(value, list):
        return [i for v in value for i in integers_in(v)]
    return []
