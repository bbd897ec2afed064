"""The accounting of disclosures as a PDF: the same rows as the page and the CSV."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action
from alongside.consent import accounting
from alongside.consent.access import OBJECT_ACCOUNTING
from alongside.consent.gate import record_emergency_disclosure
from alongside.testing.personas import login


def pdf_url(client) -> str:
    return reverse("consent:accounting_pdf", args=[client.public_id])


def disclose_in_emergency(client, actor, recipient: str = "Dr. Okafor") -> None:
    record_emergency_disclosure(
        actor,
        client,
        recipient_name=recipient,
        facility="St. Mary's ED",
        disclosed_by="Ana Advocate",
        disclosed_at=timezone.now() - timedelta(hours=1),
        nature="Unresponsive",
        information="Current medications",
    )


@pytest.fixture
def readable_pdf(monkeypatch):
    """Built-in font and no compression, so the text can be read in the file's bytes."""
    monkeypatch.setattr(accounting, "PDF_FONT_FILES", ())
    monkeypatch.setattr(accounting, "PDF_COMPRESS", False)


def test_the_accounting_downloads_as_a_pdf(client, cast):
    disclose_in_emergency(cast.casey, cast.ana)
    login(client, cast.ana)
    response = client.get(pdf_url(cast.casey))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="accounting-of-disclosures.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")


def test_the_pdf_lists_every_disclosure_of_the_period(client, cast, readable_pdf):
    disclose_in_emergency(cast.casey, cast.ana, "Dr. Okafor")
    disclose_in_emergency(cast.casey, cast.ana, "Dr. Lindqvist")
    disclose_in_emergency(cast.jordan, cast.ana, "Dr. Elsewhere")
    login(client, cast.ana)
    content = client.get(pdf_url(cast.casey)).content
    assert b"Accounting of disclosures" in content
    assert b"Dr. Okafor, St. Mary's ED" in content or b"Dr. Okafor, St. Mary\\'s ED" in content
    assert b"Dr. Lindqvist" in content
    assert b"Medical emergency" in content
    assert b"Dr. Elsewhere" not in content


def test_an_empty_period_says_so(client, cast, readable_pdf):
    login(client, cast.ana)
    assert b"Nothing was disclosed in this period." in client.get(pdf_url(cast.casey)).content


def test_text_outside_latin_1_is_simplified_with_the_built_in_font(cast, readable_pdf):
    pdf = accounting.accounting_pdf(
        cast.casey,
        [
            {
                "when": "2026-01-01 10:00",
                # Curly quotes and the dash straighten; the L with a stroke has no Latin-1
                # form (a "?"); z with an acute accent loses the accent.
                "recipient": "Zo\u00eb\u2019s \u201cclinic\u201d \u2014 \u0141\u00f3d\u017a",
                "description": "x",
                "purpose": "x",
                "basis": "x",
                "made_by": "x",
                "reference": "x",
            }
        ],
        timezone.now() - timedelta(days=1),
        timezone.now(),
    )
    assert 'Zoë\'s "clinic" - ?ódz'.encode("latin-1") in pdf.replace(b"\\", b"")


def test_the_pdf_is_audited_as_an_export(client, cast):
    login(client, cast.ana)
    client.get(pdf_url(cast.casey))
    assert AccessEvent.objects.filter(
        user_id=cast.ana.pk,
        client_id=cast.casey.pk,
        action=Action.EXPORT,
        object_type=OBJECT_ACCOUNTING,
    ).exists()


@pytest.mark.parametrize("who", ["cleo", "alex", "oscar"])
def test_people_who_may_not_read_the_ledger_get_what_the_csv_gives_them(client, cast, who):
    login(client, getattr(cast, who))
    csv = client.get(reverse("consent:accounting_csv", args=[cast.casey.public_id]))
    pdf = client.get(pdf_url(cast.casey))
    assert pdf.status_code == csv.status_code
    assert pdf.status_code in (403, 404)


def test_the_accounting_page_links_to_the_pdf(client, cast):
    login(client, cast.ana)
    body = client.get(reverse("consent:accounting", args=[cast.casey.public_id])).content.decode()
    assert f'href="{pdf_url(cast.casey)}"' in body


def test_the_pdf_takes_only_get(client, cast):
    login(client, cast.ana)
    assert client.post(pdf_url(cast.casey)).status_code == 405
