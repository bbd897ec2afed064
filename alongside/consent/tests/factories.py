"""Consents for tests, recorded through the service so they are what the pages would record."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from django.utils import timezone

from alongside.clients.models import Client
from alongside.consent.models import Category, Consent, ConsentType, Expiry, Purpose, RecipientClass
from alongside.consent.services import record_consent
from alongside.consent.statements import REVOCATION_STATEMENT
from alongside.lib.zones import local_date
from alongside.organizations.models import Membership
from alongside.testing.personas import login

CLINIC = "Northside Family Clinic"


def today() -> date:
    """The date at the cast's organization (Hope Valley, America/Chicago), which consents are
    dated in; the server's UTC date is a day ahead each evening."""
    return local_date("America/Chicago", timezone.now())


def specific_values(client: Client, **overrides: Any) -> dict[str, Any]:
    """Return every element of a valid specific consent for CLIENT (keyword arguments of
    `record_consent`), with OVERRIDES."""
    values: dict[str, Any] = {
        "consent_type": ConsentType.SPECIFIC,
        "discloser": client.organization.name,
        "scope": [Category.CHECKINS, Category.SAFETY_PLAN],
        "recipient_names": [CLINIC],
        "purposes": [Purpose.TREATMENT],
        "revocation_statement": REVOCATION_STATEMENT % {"organization": client.organization.name},
        "expiry": Expiry.DATE,
        "expires_on": today() + timedelta(days=180),
        "signer": "client",
        "signer_name": client.preferred_name,
        "signature_method": "staff_recorded",
        "signed_on": today() - timedelta(days=1),
    }
    values.update(overrides)
    return values


def tpo_values(client: Client, **overrides: Any) -> dict[str, Any]:
    values = specific_values(
        client,
        consent_type=ConsentType.TPO,
        recipient_names=[],
        recipient_classes=list(RecipientClass.values),
        purposes=[Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS],
        scope=[c.value for c in Category if c != Category.COUNSELING_NOTES],
        expiry=Expiry.END_OF_TREATMENT,
        expires_on=None,
    )
    values.update(overrides)
    return values


def make_consent(client: Client, actor: Any, **overrides: Any) -> Consent:
    return record_consent(actor, client, **specific_values(client, **overrides))


def make_tpo_consent(client: Client, actor: Any, **overrides: Any) -> Consent:
    return record_consent(actor, client, **tpo_values(client, **overrides))


def make_counseling_consent(client: Client, actor: Any, **overrides: Any) -> Consent:
    return make_consent(client, actor, scope=[Category.COUNSELING_NOTES], **overrides)


def login_recently(http: Any, user: Any) -> None:
    """Sign USER in on the test client HTTP as if they had just typed their passphrase, so
    `require_recent_auth` lets them through."""
    login(http, user)
    session = http.session
    if not session.get(AUTHENTICATION_METHODS_SESSION_KEY):
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time()}]
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
        session.save()


def login_long_ago(http: Any, user: Any, hours: float = 1) -> None:
    """Sign USER in as if they had typed their passphrase HOURS ago (and nothing since)."""
    login_recently(http, user)
    session = http.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": record["at"] - hours * 3600}
        for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
    ]
    session.save()


def consent_kwargs(client: Client, cast: Any) -> dict[str, Any]:
    """URL arguments for a consent of CLIENT (created directly if it has none), for the URL
    scope test in alongside/workspace/tests/test_url_scope.py."""
    consent = client.consents.first()
    if consent is None:
        author = Membership.objects.filter(organization_id=client.organization_id).first()
        assert author is not None
        values = specific_values(client)
        values.pop("revocation_statement")
        consent = Consent.objects.create(
            organization_id=client.organization_id,
            client=client,
            revocation_statement=REVOCATION_STATEMENT % {"organization": client.organization.name},
            created_by=author.user,
            **values,
        )
    return {"public_id": client.public_id, "consent_id": consent.public_id}
