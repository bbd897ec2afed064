from __future__ import annotations

import pytest
from django.core.management.commands import flush

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


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
