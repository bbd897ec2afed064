"""Signing in through the real pages, step by step, for the account tests."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from alongside.accounts.models import User
from alongside.testing.personas import PASSWORD, enrol_second_factor, totp_code


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps rate-limit counters and used codes in the cache (per process, outliving
    a test's database rollback): start and leave each test without them."""
    cache.clear()
    yield
    cache.clear()


def post_password(client: Any, email: str, password: str = PASSWORD, **extra: Any) -> Any:
    """POST the sign-in form (first step) and return the response."""
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def post_code(client: Any, code: str, **extra: Any) -> Any:
    """POST the second step's form and return the response."""
    return client.post(reverse("mfa_authenticate"), {"code": code}, **extra)


def sign_in(client: Any, user: User, password: str = PASSWORD) -> Any:
    """Give USER an authenticator app if they have none, sign them in through both pages,
    and return the response to the code."""
    enrol_second_factor(user)
    first = post_password(client, user.email, password)
    assert first.status_code == 302 and first["Location"] == reverse("mfa_authenticate"), first
    return post_code(client, totp_code(user))


_VARYING = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'"X-CSRFToken": "[^"]*"'),
    re.compile(r'nonce="[^"]*"'),
]


def comparable(body: bytes) -> str:
    """Return BODY as text without what differs on every response (CSRF tokens, nonces)."""
    text = body.decode()
    for pattern in _VARYING:
        text = pattern.sub("VARYING", text)
    return text
