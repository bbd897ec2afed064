from datetime import UTC, datetime

import pytest

# Wednesday, November 25, 2026 in Chicago (CST, UTC-6), where the cast's organization is.
WEDNESDAY_10AM = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
WEDNESDAY_8PM = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
THURSDAY_9AM = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
SATURDAY_NOON = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)
MONDAY_9AM = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


@pytest.fixture
def casey_online(cast):
    """Casey (Ana's client) with a portal account and an e-mail address."""
    from alongside.testing.personas import give_portal_account

    give_portal_account(cast.casey, "casey@example.test")
    cast.casey.email = "casey@example.test"
    cast.casey.save(update_fields=["email"])
    return cast.casey
