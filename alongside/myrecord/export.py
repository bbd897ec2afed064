"""Handing a client their own record: the audit row and the download.

A person's access to their own record is not a disclosure (42 CFR 2.23; HIPAA leaves
disclosures to the individual out of the accounting, 45 CFR 164.528(a)(1)(i)), so it needs
no consent and writes no ledger row: it does not go through the disclosure gate
(`alongside/consent/gate.py`) and is a listed exemption in
`alongside/consent/tests/test_export_paths.py`. It is audited as an EXPORT all the same,
before anything is built, so a failing audit write hands out nothing (fail closed).
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from alongside.audit.models import Action
from alongside.clients.access import audit_client_event
from alongside.clients.models import Client
from alongside.myrecord.package import Package, build_package

# The audit log's object type for the client's own download (and the API's read of it).
OBJECT_OWN_RECORD = "own_record"


class Format(StrEnum):
    HTML = "html"
    JSON = "json"


def own_record(user: Any, client: Client) -> Package:
    """Return CLIENT's whole record for USER, CLIENT's own account, audited as an EXPORT.

    The caller has found CLIENT from USER's own account (`portal_client`, `own_client`),
    never from an id it was given.
    """
    with transaction.atomic():
        audit_client_event(user, client, Action.EXPORT, object_type=OBJECT_OWN_RECORD)
        return build_package(client, timezone.now())


def download(user: Any, client: Client, output: Format) -> HttpResponse:
    """Return CLIENT's record as a file to save: a readable page or JSON data.

    The file name carries the date only, no name; the response is an attachment so the
    browser saves it rather than showing it at an address that would stay in its history.
    """
    package = own_record(user, client)
    day = f"{package.generated_at.astimezone(package.zone):%Y-%m-%d}"
    if output == Format.JSON:
        content = json.dumps(package.data(), ensure_ascii=False, indent=2)
        content_type = "application/json; charset=utf-8"
    else:
        content = render_to_string(
            "myrecord/record_file.html", {"package": package, "language": get_language()}
        )
        content_type = "text/html; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="my-alongside-record-{day}.{output}"'
    return response
