"""Counting the SQL queries a page costs, for the "constant in caseload size" guards."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client: Any, url: str, **extra: Any) -> int:
    """GET URL with the test CLIENT; assert it answers 200 and return its query count.

    Call it once before measuring: the first audited request of a tenant creates the audit
    chain's head row, which later requests only update.
    """
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    if response.status_code != 200:
        raise AssertionError(f"{url} answered {response.status_code}")
    return len(queries)
