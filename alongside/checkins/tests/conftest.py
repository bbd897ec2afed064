from __future__ import annotations

from typing import Any

import pytest

from alongside.accounts.models import User
from alongside.testing.personas import give_portal_account


@pytest.fixture
def casey_account(cast: Any) -> User:
    """Casey's own portal account."""
    return give_portal_account(cast.casey, "casey@portal.test")
