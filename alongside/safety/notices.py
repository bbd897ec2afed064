"""Alert notices are worth sending only while the alert waits for someone."""

from __future__ import annotations

import re

from alongside.notifications.models import Delivery
from alongside.safety.models import Alert, AlertState

_KEY = re.compile(r"^alert:(\d+):")


def alert_still_open(delivery: Delivery) -> bool:
    match = _KEY.match(delivery.dedupe_key)
    if match is None:
        return True  # not ours to judge: send it
    return Alert.objects.filter(pk=int(match.group(1)), state=AlertState.OPEN).exists()
