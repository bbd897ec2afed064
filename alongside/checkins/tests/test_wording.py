"""What people are told after a check-in that reports use since the last one."""

from __future__ import annotations

import pytest

from alongside.checkins.models import CheckIn
from alongside.checkins.wording import (
    AFTER_USE_CLIENT,
    AFTER_USE_CLIENT_ASKED,
    AFTER_USE_STAFF,
    follow_up_after_use,
)

STIGMATIZING = ["clean", "dirty", "relapse", "addict", "abuse", "fail"]


@pytest.mark.parametrize(
    ("used", "asked", "for_client", "expected"),
    [
        (False, False, True, None),
        (False, True, False, None),
        (True, False, True, AFTER_USE_CLIENT),
        (True, True, True, AFTER_USE_CLIENT_ASKED),
        (True, False, False, AFTER_USE_STAFF),
        (True, True, False, AFTER_USE_STAFF),
    ],
)
def test_follow_up_after_use(used, asked, for_client, expected):
    checkin = CheckIn(used_since_last=used, wants_contact=asked)
    assert follow_up_after_use(checkin, for_client=for_client) == expected


@pytest.mark.parametrize("words", [AFTER_USE_CLIENT, AFTER_USE_CLIENT_ASKED, AFTER_USE_STAFF])
def test_follow_ups_thank_and_never_stigmatize(words):
    assert "honest" in words
    assert not [w for w in STIGMATIZING if w in words.lower()]
