from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from alongside.accounts.models import ApiToken, User
from alongside.testing.personas import give_portal_account, login

CASEY_EMAIL = "casey@portal.test"


@pytest.fixture
def casey_account(cast: Any) -> User:
    """Casey's own portal account."""
    return give_portal_account(cast.casey, CASEY_EMAIL)


class Api:
    """A Django test client speaking JSON to /api/v1/ as one caller."""

    def __init__(self, http: HttpClient, headers: dict[str, str] | None = None) -> None:
        self.http = http
        self.headers = headers or {}

    def get(self, path: str, **params: Any) -> Any:
        return self.http.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.http.post(
            f"/api/v1{path}", body, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api_as(client: HttpClient) -> Callable[[User], Api]:
    """Return a function that signs a persona in (browser session) and gives their Api."""

    def sign_in(user: User) -> Api:
        login(client, user)
        return Api(client)

    return sign_in


@pytest.fixture
def token_api() -> Callable[[User], Api]:
    """Return a function giving an Api that calls with a new bearer token of USER."""

    def with_token(user: User) -> Api:
        _, raw = ApiToken.issue(user)
        return Api(HttpClient(), {"Authorization": f"Bearer {raw}"})

    return with_token
