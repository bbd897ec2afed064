"""No client data in the logs (DESIGN.md §4.4): canary strings in every free-text field of a
client's record, written through the services, then read and posted through every page and
API endpoint by every role and by the client, with errors on the way (404, 403, 400, 422, a
refused CSRF token, an exception in a view), the sweeps and notices; every log record, at
DEBUG and above, from every logger, must be free of them. E-mail subjects and bodies too.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import sqlite3
from datetime import time
from typing import Any

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client as HttpClient

from alongside.accounts.models import ApiToken
from alongside.notifications.sweeps import run_sweeps_once
from alongside.portal.services import invite_client, save_reminder_preference
from alongside.security.logs import WITHHELD
from alongside.security.tests.pages import routes, url_for, values_for
from alongside.security.tests.records import RECORD_FIELDS, admit_client, write_record
from alongside.support.models import Encounter
from alongside.testing.personas import Cast, give_portal_account, login

MARK = "zqxcanary"
PHONE = "+1 555 019 8642"
PHONE_DIGITS = "5550198642"
EMAIL = f"{MARK}.email@client.test"
CLIENT_FIELDS = {
    "preferred_name": f"{MARK}-name",
    "legal_name": f"{MARK}-legal-name",
    "pronouns": f"{MARK}-pronouns",
    "phone": PHONE,
    "email": EMAIL,
}
# Form fields the pages take, each posted with a canary: what someone typed into a form that
# was then refused (422) must not be logged either.
POSTED_FIELDS = [
    "action", "body", "code", "display_name", "email", "explanation", "facility",
    "happened_on", "kind", "legal_name", "location", "name", "nature", "note", "occurred_at",
    "occurred_on", "on_date", "outcome", "passphrase", "phone", "preferred_name", "pronouns",
    "purpose", "reason", "recipient_name", "resolution", "signer_name", "substance", "text",
    "title", "went_well", "what_happened", "warning_signs", "coping_alone", "distractions",
    "support_people", "professionals", "safer_surroundings",
]  # fmt: skip
POSTED = {name: f"{MARK}-posted-{name}" for name in POSTED_FIELDS}
# Every logger at DEBUG, as with LOG_LEVEL=DEBUG, and Django's request, server and security
# loggers too, whatever config/settings.py says. Except the two that config/settings.py keeps
# above DEBUG because their DEBUG records repeat client data
# (test_loggers_that_repeat_client_data_stay_above_debug).
LOGGERS = [
    None, "django", "django.request", "django.server", "django.security", "alongside",
    "allauth", "ninja", "django_tasks",
]  # fmt: skip
QUIET = ["django.db.backends", "django.template"]


def _leaks(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Every captured record, rendered as a handler would (message, arguments, traceback),
    that holds a canary."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    found = []
    for record in caplog.records:
        text = formatter.format(record)
        if MARK in text.lower() or PHONE_DIGITS in text.replace(" ", ""):
            found.append(text[:600])
    return found


def _walk(http: HttpClient, user: Any, values: dict[str, Any]) -> int:
    """GET, POST (form) and, for the API, POST (JSON) every URL as USER; return how many."""
    login(http, user)
    urls = [
        url_for(route, values)
        for route in routes()
        if not route.startswith("admin/") and not route.endswith("logout/")
    ]
    for url in urls:
        http.get(url)
    # Posts after every read, signing in again after each to an account page (a post there
    # can turn the second factor off or end the session).
    for url in urls:
        http.post(url, POSTED)
        if url.startswith("/api/"):
            http.post(url, json.dumps(POSTED), content_type="application/json")
        if url.startswith("/accounts/"):
            login(http, user)
    return 2 * len(urls) + len([url for url in urls if url.startswith("/api/")])


@pytest.fixture
def canary_client(cast: Cast):
    client = admit_client(cast, **CLIENT_FIELDS)
    account = give_portal_account(client, f"{MARK}.account@client.test")
    write_record(cast, client, account, {field: [f"{MARK}-{field}"] for field in RECORD_FIELDS})
    return client, account


def test_no_client_data_reaches_the_logs(client, cast: Cast, canary_client, caplog, monkeypatch):
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    target, account = canary_client
    values = values_for(cast, target)

    # Notices: an invitation e-mail, a check-in reminder by text, the message notices.
    invite_client(cast.ana, target, email=EMAIL)
    save_reminder_preference(account, target, enabled=True, local_time=time(0, 0), channel="sms")
    run_sweeps_once()

    # A form post without its CSRF token is refused and logged by Django.
    strict = HttpClient(enforce_csrf_checks=True)
    login(strict, cast.ana)
    assert strict.post(f"/clients/{target.public_id}/contacts/new/", POSTED).status_code == 403

    # A view that fails with a database error carrying the row it tried to write (PostgreSQL
    # puts "Failing row contains (…)" in the message): a 500, logged with its traceback.
    def broken_log_encounter(actor: Any, client: Any, details: Any) -> Encounter:
        with transaction.atomic():
            return Encounter.objects.create(
                organization_id=client.organization_id,
                client=client,
                advocate=actor,
                kind=None,
                occurred_at=details.occurred_at,
                note=f"{MARK}-note-in-a-failing-row",
            )

    monkeypatch.setattr("alongside.support.views.log_encounter", broken_log_encounter)
    crashing = HttpClient(raise_request_exception=False)
    login(crashing, cast.ana)
    response = crashing.post(
        f"/clients/{target.public_id}/contacts/new/",
        {"kind": "phone", "minutes": "10", "note": f"{MARK}-typed-note"},
    )
    assert response.status_code == 500
    assert MARK not in response.content.decode()
    monkeypatch.undo()

    # Every page and endpoint, by every role (in and out of scope) and by the client.
    checked = sum(_walk(client, user, values) for user in cast.staff().values())
    checked += _walk(client, account, values)
    _, raw = ApiToken.issue(cast.ana)
    api = HttpClient(headers={"Authorization": f"Bearer {raw}"})
    checked += _walk(api, cast.ana, values)

    assert checked > 1000
    # The 500 was logged, with its traceback, and the database's message withheld.
    errors = [r for r in caplog.records if r.name == "django.request" and r.levelno >= 40]
    assert any(WITHHELD in (r.exc_text or "") for r in errors)
    assert _leaks(caplog) == []
    for message in mail.outbox:
        bodies = [message.subject, message.body] + [str(c) for c, _ in message.alternatives]
        assert not any(MARK in text for text in bodies), message.subject


def test_loggers_that_repeat_client_data_stay_above_debug():
    """With DEBUG on, django.db.backends logs each statement with its parameters; and
    django.template logs each failed variable lookup with the repr of the whole template
    context (a client's name and notes included) at DEBUG. LOG_LEVEL=DEBUG must not turn
    either on, and DEBUG is off (production refuses it)."""
    for name in QUIET:
        assert logging.getLogger(name).getEffectiveLevel() > logging.DEBUG, name
    assert not connection.queries_logged


def test_a_database_error_is_logged_without_its_message():
    def fail() -> None:
        try:
            raise sqlite3.IntegrityError(f"Failing row contains (1, {MARK}-note)")
        except sqlite3.IntegrityError as error:
            raise RuntimeError("saving the contact failed") from error

    logger = logging.getLogger("alongside.security.tests")
    with _captured(logger) as stream:
        try:
            fail()
        except RuntimeError:
            logger.exception("request failed")
        try:
            fail()
        except RuntimeError as error:
            logger.error("request failed: %s", error.__cause__)
    output = stream.getvalue()
    assert MARK not in output
    assert output.count(WITHHELD) == 2
    # The rest of the traceback stays for whoever debugs it.
    assert "RuntimeError: saving the contact failed" in output
    assert "The above exception was the direct cause" in output
    assert "in fail" in output


@contextlib.contextmanager
def _captured(logger: logging.Logger):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
