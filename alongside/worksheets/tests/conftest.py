from __future__ import annotations

from typing import Any

import pytest

from alongside.testing.personas import give_portal_account


@pytest.fixture
def casey_account(cast) -> Any:
    """Casey's own portal account."""
    return give_portal_account(cast.casey, "casey@portal.test")
