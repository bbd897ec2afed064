"""Reading consents and the disclosure ledger. Callers audit what they show (views.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone

from alongside.clients.models import Client, Episode
from alongside.consent.models import Consent, Disclosure, DisclosureQuerySet

# 42 CFR 2.25 (and HIPAA's 45 CFR 164.528): an accounting covers up to 3 years back.
ACCOUNTING_YEARS = 3


def consents_of(client: Client) -> list[Consent]:
    """Return every consent of CLIENT (revoked and expired ones too), newest signed first.

    Each consent's `client` is CLIENT with its episodes prefetched, so the status of an
    "end of treatment" consent costs no query per row.
    """
    prefetched = (
        Client.objects.filter(pk=client.pk)
        .prefetch_related(Prefetch("episodes", queryset=Episode.objects.order_by("admitted_at")))
        .get()
    )
    consents = list(
        Consent.objects.filter(client=client)
        .select_related("organization", "created_by", "revoked_by")
        .order_by("-signed_on", "-created_at")
    )
    for consent in consents:
        consent.client = prefetched
    return consents


def active_consent_for(
    client: Client,
    recipient_name: str,
    recipient_class: str,
    purpose: str,
    scope: Iterable[str],
    at: datetime | None = None,
) -> Consent | None:
    """Return the newest consent of CLIENT in force at AT (now by default) that allows
    disclosing every category in SCOPE to the recipient (by name, or by RECIPIENT_CLASS under a
    TPO consent) for PURPOSE; None if there is none."""
    at = at or timezone.now()
    wanted = set(scope)
    for consent in consents_of(client):
        if not consent.refusals(recipient_name, recipient_class, purpose, wanted, at):
            return consent
    return None


def ledger_of(client: Client) -> DisclosureQuerySet:
    """Return CLIENT's disclosures, newest first, with who made them and under which consent."""
    return (
        Disclosure.objects.filter(client=client)
        .select_related("made_by", "consent", "emergency")
        .order_by("-occurred_at", "-id")
    )


def accounting_since(now: datetime) -> datetime:
    """Return the start of the accounting period that ends at NOW: the same moment
    ACCOUNTING_YEARS years earlier (February 28 for a February 29)."""
    try:
        return now.replace(year=now.year - ACCOUNTING_YEARS)
    except ValueError:
        return now.replace(year=now.year - ACCOUNTING_YEARS, day=28)


def accounting_of(client: Client, now: datetime | None = None) -> list[Disclosure]:
    """Return CLIENT's disclosures of the last ACCOUNTING_YEARS years, oldest first."""
    now = now or timezone.now()
    return list(ledger_of(client).since(accounting_since(now)).order_by("occurred_at", "id"))
