from __future__ import annotations

import pytest
from django.core.management.commands import flush
from django.db import connection

from alongside.audit.purge import permit_purge
from alongside.testing.personas import Cast, build_cast


@pytest.fixture(scope="session", autouse=True)
def _flush_may_empty_the_audit_table():
    """After a transactional test (live server, browser) pytest-django empties every table;
    the audit table refuses that unless the flush holds the purge permit."""
    original = flush.Command.handle

    def handle(self, *args, **options):
        with permit_purge(options.get("database", "default")):
            return original(self, *args, **options)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(scope="session", autouse=True)
def _release_the_test_database(django_db_setup, django_db_blocker):
    """Before pytest-django drops the PostgreSQL test database, end the sessions the live
    server's request threads may still hold (they are daemon threads, not joined when the
    server stops); otherwise the drop fails and the database is left behind."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
