from datetime import UTC, datetime

import pytest

# Wednesday, November 25, 2026, 10:00 AM in Chicago (the cast organization's zone): Ana and
# Ben are within the default working week.
WEDNESDAY_10AM = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
# Saturday noon in Chicago: no advocate is working.
SATURDAY_NOON = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)


@pytest.fixture
def casey_online(cast):
    from alongside.testing.personas import give_portal_account

    give_portal_account(cast.casey, "casey@example.test")
    return cast.casey
