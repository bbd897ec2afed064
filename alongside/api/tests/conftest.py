from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from alongside.accounts.models import User
from alongside.testing.personas import login


class Api:
    """A Django test client speaking JSON to /api/v1/ as one caller."""

    def __init__(self, client: Client, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = headers or {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            f"/api/v1{path}", body, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def anonymous(client: Client) -> Api:
    return Api(client)


@pytest.fixture
def api_as(client: Client) -> Callable[[User], Api]:
    """Return a function that signs a persona in (browser session) and gives their Api."""

    def sign_in(user: User) -> Api:
        login(client, user)
        return Api(client)

    return sign_in


@pytest.fixture
def bearer() -> Callable[[str], Api]:
    """Return a function giving an Api that sends a bearer token and no cookies."""

    def with_token(raw: str) -> Api:
        return Api(Client(), {"Authorization": f"Bearer {raw}"})

    return with_token
