"""PATCH, PUT and DELETE for the API tests' `Api` callers (conftest.py has GET and POST)."""

from __future__ import annotations

from typing import Any


def patch(api: Any, path: str, body: Any) -> Any:
    return api.client.patch(
        f"/api/v1{path}", body, content_type="application/json", headers=api.headers
    )


def put(api: Any, path: str, body: Any) -> Any:
    return api.client.put(
        f"/api/v1{path}", body, content_type="application/json", headers=api.headers
    )


def delete(api: Any, path: str) -> Any:
    return api.client.delete(f"/api/v1{path}", headers=api.headers)
