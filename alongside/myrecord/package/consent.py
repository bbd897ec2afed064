"""Parts about consents to share information and the disclosures made."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy

from alongside.clients.models import Client
from alongside.consent.models import Category, Consent, Disclosure, Purpose, RecipientClass
from alongside.myrecord.package.base import Item, Part, Rows


def consents(client: Client, rows: Rows, at: datetime) -> Part:
    items = [
        Item(
            (
                rows.choice(c, "consent_type"),
                rows.f("status", c.status(at)),
                rows.f("discloser", c.discloser),
                rows.codes("information", c.scope or [], Category),
                rows.f("information_detail", c.information_detail),
                rows.f("recipients", c.recipient_names),
                rows.codes("recipient_classes", c.recipient_classes or [], RecipientClass),
                rows.f("recipient_description", c.recipient_description),
                rows.codes("purposes", c.purposes or [], Purpose),
                rows.f("purpose_detail", c.purpose_detail),
                rows.choice(c, "expiry"),
                rows.f("expires_on", c.expires_on),
                rows.f("expiry_event", c.expiry_event),
                rows.choice(c, "signer"),
                rows.f("signer_name", c.signer_name),
                rows.choice(c, "signature_method"),
                rows.f("signed_on", c.signed_on),
                rows.f("revocation_statement", c.revocation_statement),
                rows.f("tpo_statement", c.tpo_statement),
                rows.f("revoked_at", c.revoked_at),
                rows.f("revocation_signed_by", c.revocation_signed_by),
            )
        )
        for c in Consent.objects.filter(client=client).order_by("signed_on", "created_at", "id")
    ]
    return Part("consents", gettext_lazy("Your consents to share information"), items)


def disclosures(client: Client, rows: Rows) -> Part:
    """The whole disclosure ledger (the accounting shows its last 3 years), with the details
    of a medical emergency disclosure."""
    items = []
    for d in (
        Disclosure.objects.filter(client=client)
        .select_related("made_by", "emergency")
        .order_by("occurred_at", "id")
    ):
        fields = [
            rows.f("occurred_at", d.occurred_at),
            rows.f("recipient", d.recipient_name),
            rows.f("description", d.description),
            rows.codes("information", d.scope or [], Category),
            rows.choice(d, "purpose"),
            rows.f("basis", d.basis, d.basis_text()),
            rows.f("basis_reference", d.basis_reference),
            rows.person("disclosed_by", d.made_by),
            rows.f("reference", d.public_id),
        ]
        emergency = getattr(d, "emergency", None)
        if emergency is not None:
            fields += [
                rows.f("facility", emergency.facility),
                rows.f("nature", emergency.nature),
                rows.f("information_given", emergency.information),
            ]
        items.append(Item(tuple(fields)))
    return Part("disclosures", gettext_lazy("Who your information was shared with"), items)
