"""The one sanctioned way to empty the audit table: the test runner's database flush.

The database refuses UPDATE always, and DELETE/TRUNCATE unless the session holds this
permit: on PostgreSQL the session setting `alongside.audit_purge`, on SQLite the
application function `alongside_audit_purge_permitted()` registered on every connection.
Anyone able to run DDL can still drop the triggers; `verify_audit` is what detects that
kind of tampering. Production code never takes the permit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

_sqlite_permits = 0


def _sqlite_purge_permitted() -> int:
    return 1 if _sqlite_permits > 0 else 0


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: give each SQLite connection the permit check."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "alongside_audit_purge_permitted", 0, _sqlite_purge_permitted, deterministic=False
        )


@contextmanager
def permit_purge(using: str = "default") -> Iterator[None]:
    """Let the database connection USING delete audit rows for the length of the block."""
    global _sqlite_permits
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET alongside.audit_purge = 'on'")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET alongside.audit_purge")
    else:
        _sqlite_permits += 1
        try:
            yield
        finally:
            _sqlite_permits -= 1
