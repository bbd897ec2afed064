from __future__ import annotations

import re
from typing import Any

import pytest

from alongside.testing.personas import give_portal_account

CASEY_EMAIL = "casey@portal.test"
GOOD_PASSPHRASE = "lanterns over the quiet harbor at dusk"


@pytest.fixture
def casey_account(cast) -> Any:
    """Casey's own portal account."""
    return give_portal_account(cast.casey, CASEY_EMAIL)


_CSRF = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'"X-CSRFToken": "[^"]*"'),
    # The Content Security Policy's nonce, new on every response too.
    re.compile(r'nonce="[^"]*"'),
]


def without_csrf(body: bytes) -> str:
    """Return BODY as text with every CSRF token and CSP nonce blanked (they differ on every
    response)."""
    text = body.decode()
    for pattern in _CSRF:
        text = pattern.sub("CSRF", text)
    return text
