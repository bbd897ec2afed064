"""The accounting of disclosures (42 CFR 2.25): every disclosure of a client's record over the
last 3 years, for the client who asks for it.

It is handed to the client themself, so it is not a disclosure and does not go through the
gate (an accounting lists disclosures to others, and HIPAA's 45 CFR 164.528(a)(1) leaves out
those to the individual). Its CSV and PDF downloads are a listed exemption in
`tests/test_export_paths.py`; each is audited as an export all the same.

The PDF is drawn with fpdf2 (pure Python). It embeds DejaVu Sans when the system has it, so
any name prints; without it, it falls back to the PDF's built-in Helvetica, which holds only
Latin-1: other characters are simplified (accents kept, curly quotes straightened) or shown
as "?".
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpResponse

from alongside.audit.models import Action
from alongside.clients.access import audit_client_event
from alongside.clients.models import Client
from alongside.consent.access import OBJECT_ACCOUNTING
from alongside.consent.models import Disclosure
from alongside.consent.queries import accounting_of, accounting_since


def accounting_rows(client: Client, disclosures: list[Disclosure]) -> list[dict[str, str]]:
    """Return one row per disclosure, as shown on the page and in the CSV."""
    zone = ZoneInfo(client.time_zone)
    return [
        {
            "when": d.occurred_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "recipient": d.recipient_name,
            "description": d.description,
            "purpose": d.get_purpose_display(),
            "basis": d.basis_text(),
            "made_by": str(d.made_by),
            "reference": str(d.public_id),
        }
        for d in disclosures
    ]


COLUMNS = (
    ("when", "Date and time"),
    ("recipient", "Recipient"),
    ("description", "What was disclosed"),
    ("purpose", "Purpose"),
    ("basis", "Consent or legal basis"),
    ("made_by", "Disclosed by"),
    ("reference", "Reference"),
)


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def accounting_csv_response(user: Any, client: Client, until: datetime) -> HttpResponse:
    """Return CLIENT's accounting up to UNTIL as a CSV download, audited as USER's export.

    The file name carries no personal details.
    """
    since = accounting_since(until)
    rows = accounting_rows(client, accounting_of(client, until))
    audit_client_event(user, client, Action.EXPORT, object_type=OBJECT_ACCOUNTING)
    zone = ZoneInfo(client.time_zone)
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(["Accounting of disclosures"])
    out.writerow(["Client", _cell(client.legal_name or client.preferred_name)])
    out.writerow(
        [
            "Period",
            f"{since.astimezone(zone):%Y-%m-%d} to {until.astimezone(zone):%Y-%m-%d}",
            f"times in {client.time_zone}",
        ]
    )
    out.writerow([])
    out.writerow([label for _, label in COLUMNS])
    for row in rows:
        out.writerow([_cell(row[key]) for key, _ in COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="accounting-of-disclosures.csv"'
    return response


# A Unicode font to embed, the first that exists; None found means Helvetica (Latin-1 only).
PDF_FONT_FILES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)
# Tests turn compression off to read the text in the file.
PDF_COMPRESS = True
_LATIN1_FALLBACKS = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def _latin1(text: str) -> str:
    text = text.translate(_LATIN1_FALLBACKS).replace("\u2026", "...")
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        text = "".join(c if ord(c) < 256 else unicodedata.normalize("NFKD", c)[0] for c in text)
    return text.encode("latin-1", "replace").decode("latin-1")


def accounting_pdf(
    client: Client, rows: list[dict[str, str]], since: datetime, until: datetime
) -> bytes:
    """Return CLIENT's accounting (ROWS from `accounting_rows`, SINCE to UNTIL) as a PDF."""
    from fpdf import FPDF  # with Pillow and fontTools: loaded by the first PDF, not at start
    from fpdf.enums import XPos, YPos

    zone = ZoneInfo(client.time_zone)
    pdf = FPDF(format="Letter")
    pdf.set_compression(PDF_COMPRESS)
    pdf.set_title("Accounting of disclosures")
    pdf.set_creator("Alongside")
    font_file = next((f for f in PDF_FONT_FILES if Path(f).is_file()), None)
    clean: Callable[[str], str]
    if font_file is not None:
        pdf.add_font("Body", fname=font_file)
        family, clean = "Body", str
    else:
        family, clean = "Helvetica", _latin1
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def line(text: str, size: float = 10, height: float = 5.5) -> None:
        pdf.set_font(family, size=size)
        pdf.multi_cell(0, height, clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    line("Accounting of disclosures", size=16, height=9)
    line(f"Client: {client.legal_name or client.preferred_name}")
    if client.date_of_birth:
        line(f"Date of birth: {client.date_of_birth.isoformat()}")
    line(f"Program: {client.organization.name}")
    line(
        f"Period: {since.astimezone(zone):%Y-%m-%d} to {until.astimezone(zone):%Y-%m-%d} "
        f"(the last 3 years); times in {client.time_zone}"
    )
    pdf.ln(3)
    if not rows:
        line("Nothing was disclosed in this period.")
    for number, row in enumerate(rows, start=1):
        pdf.ln(2)
        line(f"{number}. {row['when']} - {row['recipient']}", size=11, height=6.5)
        for key, label in COLUMNS:
            if key not in ("when", "recipient"):
                line(f"{label}: {row[key]}", size=9.5, height=5)
    return bytes(pdf.output())


def accounting_pdf_response(user: Any, client: Client, until: datetime) -> HttpResponse:
    """Return CLIENT's accounting up to UNTIL as a PDF download, audited as USER's export.

    The same rows as the page and the CSV; the file name carries no personal details.
    """
    since = accounting_since(until)
    rows = accounting_rows(client, accounting_of(client, until))
    audit_client_event(user, client, Action.EXPORT, object_type=OBJECT_ACCOUNTING)
    response = HttpResponse(
        accounting_pdf(client, rows, since, until), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="accounting-of-disclosures.pdf"'
    return response
