"""Every way a client's record can leave Alongside goes through the disclosure gate.

Three nets, each of which fails when someone adds an export that bypasses `gate.disclose()`:

1. The source. Every line of application code (Python, templates, JavaScript) that builds a
   download or a file, writes an audit EXPORT row or a ledger row must be in the gate or in
   `EXEMPT_SOURCES`, with the reason. A new CSV view, a FileResponse, a `download` link or a
   FHIR bundle content type anywhere else fails `test_no_export_code_outside_the_gate`.
2. The URL configuration. Every page and API endpoint is fetched as every role (the client's
   own portal account too); a response that is a download or a file (a Content-Disposition
   header, or any content type but HTML and JSON) must have written a ledger row, or be an
   `EXEMPT_ROUTES` route. Routes whose names say export, download, print, CSV, PDF, FHIR,
   iCalendar (.ics) or disclosure must be listed in `GATED_ROUTES` or `EXEMPT_ROUTES`, so a
   new one is looked at.
3. The API's OpenAPI document. Every operation answers JSON only, and none is named like an
   export unless listed.

`GATED_ROUTES` are then used for real and must write their ledger row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from alongside.consent.models import Disclosure
from alongside.consent.tests.factories import CLINIC, login_recently, make_consent
from alongside.testing.personas import give_portal_account, login
from alongside.workspace.tests.test_url_scope import COVERED, EXEMPT, _url, walk

ROOT = Path(settings.BASE_DIR)
GATE = "alongside/consent/gate.py"

# What export code looks like. Each pattern is one way output becomes a file or leaves.
MARKERS: dict[str, re.Pattern[str]] = {
    "download header": re.compile(r"Content-Disposition|\battachment;", re.IGNORECASE),
    "CSV output": re.compile(r"text/csv|\bcsv\.(writer|DictWriter)\b"),
    "file content type": re.compile(
        r"application/(pdf|zip|octet-stream|fhir\+json|x-ndjson|vnd\.openxmlformats|vnd\.ms-excel)"
    ),
    "file response": re.compile(r"\b(FileResponse|StreamingHttpResponse)\b"),
    "audit export": re.compile(r"Action\.EXPORT\b|action\s*=\s*[\"']export[\"']"),
    "ledger write": re.compile(
        r"(?<!class )\bDisclosure\s*\("
        r"|\bDisclosure\.objects\.(create|bulk_create|get_or_create|update_or_create)"
    ),
    "download link": re.compile(r"<a\b[^>]*\bdownload\b|\.download\s*=|new\s+Blob\s*\("),
}

# Files allowed to contain export code besides the gate, and why. Keyed by path; the markers
# each may contain are listed so a new kind of export in the same file is still caught.
EXEMPT_SOURCES: dict[str, tuple[set[str], str]] = {
    "alongside/consent/accounting.py": (
        {"download header", "CSV output", "file content type", "audit export"},
        "the accounting of disclosures is given to the client themself (42 CFR 2.25); "
        "a disclosure to the individual is not a disclosure (45 CFR 164.528(a)(1)(i))",
    ),
    # Being built alongside this app (issue 5, item 9): the privacy officer's audit log export.
    "alongside/privacy/views.py": (
        {"download header", "CSV output", "file response"},
        "the audit log (who opened what, never client record content) for the privacy "
        "officer's review; it stays inside the program",
    ),
    "alongside/privacy/review.py": (
        {"audit export"},
        "records the audit log export above as an EXPORT event",
    ),
    "alongside/outcomes/report.py": (
        {"download header", "CSV output", "file content type", "audit export"},
        "the de-identified funder report and the numbers behind outcome charts: aggregate "
        "counts, no names or dates of birth, cells under 11 suppressed in the report; not a "
        "disclosure of anyone's record; audited as an EXPORT of the organization's outcomes",
    ),
    "alongside/myrecord/export.py": (
        {"download header", "audit export"},
        "the client's own record, downloaded by the client from their own portal account: "
        "a patient's access to their own record needs no consent (42 CFR 2.23, DESIGN.md "
        "§4.6) and a disclosure to the individual is not accounted for (45 CFR "
        "164.528(a)(1)(i)); audited as an EXPORT",
    ),
}

# Routes that are exports through the gate: using them successfully writes a ledger row.
GATED_ROUTES = {
    "clients/<uuid:public_id>/disclosures/new/",
    "clients/<uuid:public_id>/disclosures/emergency/",
}

# Routes that hand out a file or look like an export but are not disclosures, and why.
EXEMPT_ROUTES: dict[str, str] = {
    "clients/<uuid:public_id>/disclosures/accounting/": (
        "the accounting of disclosures, for the client themself (42 CFR 2.25)"
    ),
    "clients/<uuid:public_id>/disclosures/accounting.csv": (
        "the accounting of disclosures, for the client themself (42 CFR 2.25)"
    ),
    "clients/<uuid:public_id>/disclosures/accounting.pdf": (
        "the accounting of disclosures, for the client themself (42 CFR 2.25)"
    ),
    "me/safety-plan/print/": "the client's own safety plan, printed by the client (DESIGN.md §4.6)",
    "me/plan/print/": "the client's own recovery plan, printed by the client (alongside/plans)",
    "clients/<uuid:public_id>/plan/print/": (
        "the recovery plan printed by the client's own care team to work on with the client "
        "(alongside/plans); it stays inside the program like the page it prints"
    ),
    "me/record/download/": (
        "the client's own whole record, for the client (42 CFR 2.23, DESIGN.md §4.6): POST "
        "only, from their own account (alongside/myrecord)"
    ),
    "organization/audit/export/": (
        "the audit log for the privacy officer's review: no client record content, stays "
        "inside the program (alongside/privacy)"
    ),
    "calendar/<str:token>.ics": (
        "a staff member's own calendar feed (alongside/groups/feed.py): group topics and names "
        'and "Follow-up due" dates, never a client\'s name or record content'
    ),
    "accounts/2fa/recovery-codes/download/": (
        "a staff member's own second-factor recovery codes (allauth): no client data"
    ),
    "outcomes/report.pdf": (
        "the de-identified funder report (alongside/outcomes/report.py): aggregate counts "
        "with small cells suppressed, no names or dates of birth; for directors and "
        "supervisors; audited as an EXPORT"
    ),
    "outcomes/report.csv": (
        "the de-identified funder report as CSV (alongside/outcomes/report.py), as the PDF"
    ),
    "outcomes/charts/<slug:key>.svg": (
        "an aggregate outcome chart (an image), no client names (alongside/outcomes)"
    ),
    "outcomes/charts/<slug:key>.csv": (
        "the aggregate numbers behind an outcome chart, for the program's directors and "
        "supervisors; no client names (alongside/outcomes)"
    ),
}

EXPORT_WORDS = re.compile(
    r"export|download|print|csv|pdf|fhir|bundle|disclos|ndjson|\.ics\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    marker: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.marker}: {self.text.strip()[:100]}"


def application_files() -> list[Path]:
    """Return every file of application code: Python, templates and scripts, without tests,
    migrations or third-party packages."""
    files: list[Path] = []
    for top in ("alongside", "config", "templates", "static"):
        for path in (ROOT / top).rglob("*"):
            relative = path.relative_to(ROOT).as_posix()
            if path.suffix not in (".py", ".html", ".txt", ".js") or not path.is_file():
                continue
            if (
                "/tests/" in relative
                or "/migrations/" in relative
                or relative.startswith("alongside/testing/")
            ):
                continue
            files.append(path)
    return files


def findings_in(text: str, path: str) -> list[Finding]:
    """Return every export marker in TEXT (the contents of PATH)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for marker, pattern in MARKERS.items():
            if pattern.search(line):
                found.append(Finding(path, number, marker, line))
    return found


def allowed(finding: Finding) -> bool:
    if finding.path == GATE:
        return True
    exemption = EXEMPT_SOURCES.get(finding.path)
    return exemption is not None and finding.marker in exemption[0]


# --- 1. The source ------------------------------------------------------------------------


def test_no_export_code_outside_the_gate():
    bypasses = []
    for path in application_files():
        relative = path.relative_to(ROOT).as_posix()
        bypasses += [
            f for f in findings_in(path.read_text(encoding="utf-8"), relative) if not allowed(f)
        ]
    assert bypasses == [], "export code outside the disclosure gate:\n" + "\n".join(
        map(str, bypasses)
    )


def test_the_gate_is_where_the_ledger_and_the_export_rows_are_written():
    found = {f.marker for f in findings_in((ROOT / GATE).read_text(encoding="utf-8"), GATE)}
    assert {"ledger write", "audit export", "download header", "CSV output"} <= found


def test_every_exemption_is_still_needed():
    for path, (markers, _reason) in EXEMPT_SOURCES.items():
        assert (ROOT / path).exists(), f"{path} is gone: remove its exemption"
        found = {f.marker for f in findings_in((ROOT / path).read_text(encoding="utf-8"), path)}
        assert markers <= found, f"{path} no longer has {markers - found}: narrow its exemption"


@pytest.mark.parametrize(
    "line",
    [
        'response["Content-Disposition"] = "attachment; filename=record.csv"',
        'return HttpResponse(data, content_type="text/csv")',
        "writer = csv.writer(buffer)",
        "return FileResponse(open(path, 'rb'))",
        'HttpResponse(bundle, content_type="application/fhir+json")',
        "audit_client_event(user, client, Action.EXPORT)",
        "Disclosure.objects.create(client=client, recipient_name=name)",
        '<a href="{% url "x" %}" download>Save</a>',
        "const url = URL.createObjectURL(new Blob([text]))",
    ],
)
def test_the_source_scan_recognises_a_new_export(line):
    # What a bypass would look like in some other app: each is caught.
    assert [f for f in findings_in(line, "alongside/reports/views.py") if not allowed(f)]


# --- 2. The URL configuration -------------------------------------------------------------


def all_routes() -> list[str]:
    from django.urls import get_resolver

    return [route for route, _ in walk(get_resolver())]


def is_file(response: Any) -> bool:
    """Return whether RESPONSE hands out a download or a file rather than a page or data."""
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return response.has_header("Content-Disposition") or content_type not in (
        "",
        "text/html",
        "application/json",
    )


def crawl(http: Any, cast: Any, users: list[Any], routes: list[str] | None = None) -> list[str]:
    """GET every route (or ROUTES) as each of USERS; return the routes that handed out a file
    without writing a ledger row and are not exempt."""
    bypasses = []
    for user in users:
        login(http, user)
        for route in routes if routes is not None else all_routes():
            if route.startswith("admin/") or route in EXEMPT or route in EXEMPT_ROUTES:
                continue
            if "<" in route:
                spec = COVERED.get(route)
                if spec is None:
                    continue  # test_url_scope fails for an uncovered route with an id
                path = _url(route, spec.kwargs(cast.casey, cast))
            else:
                path = "/" + route
            if "(?P" in path or "^" in path:
                continue  # allauth's regex routes take keys, not client ids
            before = Disclosure.objects.count()
            response = http.get(path)
            if is_file(response) and Disclosure.objects.count() == before:
                bypasses.append(f"GET {path} as {user}: {response.get('Content-Type')}")
    return bypasses


def crawl_users(cast: Any) -> list[Any]:
    return [*cast.staff().values(), give_portal_account(cast.casey, "casey@example.test")]


def test_no_page_or_endpoint_hands_out_a_file_without_the_gate(client, cast):
    make_consent(cast.casey, cast.ana)
    assert crawl(client, cast, crawl_users(cast)) == []


def test_the_crawl_catches_a_download_that_bypasses_the_gate(client, cast, settings):
    settings.ROOT_URLCONF = "alongside.consent.tests.bypass_urls"
    found = crawl(client, cast, [cast.ana], routes=["bypass/"])
    assert any("/bypass/" in line and "text/csv" in line for line in found)


def test_routes_named_like_exports_are_known(cast):
    unknown = [
        route
        for route in all_routes()
        if EXPORT_WORDS.search(route)
        and route not in GATED_ROUTES
        and route not in EXEMPT_ROUTES
        and not route.startswith("admin/")
    ]
    assert unknown == [], f"list these in GATED_ROUTES or EXEMPT_ROUTES: {unknown}"


def test_gated_routes_write_a_ledger_row_when_used(client, cast):
    consent = make_consent(cast.casey, cast.ana)
    login_recently(client, cast.sam)
    uses = {
        "clients/<uuid:public_id>/disclosures/new/": {
            "consent": str(consent.public_id),
            "recipient_name": CLINIC,
            "purpose": "treatment",
            "scope": ["checkins"],
            "output_format": "csv",
        },
        "clients/<uuid:public_id>/disclosures/emergency/": {
            "recipient_name": "Dr. Okafor",
            "facility": "St. Mary's ED",
            "disclosed_by": "Sam Supervisor",
            "occurred_at": "2020-01-01T10:00",
            "nature": "Unresponsive",
            "information": "Current medications",
        },
    }
    assert set(uses) == GATED_ROUTES
    for route, data in uses.items():
        before = Disclosure.objects.count()
        response = client.post(_url(route, {"public_id": cast.casey.public_id}), data)
        assert response.status_code in (200, 302), route
        assert Disclosure.objects.count() == before + 1, route


# --- 3. The API ---------------------------------------------------------------------------


def test_every_api_operation_answers_json_and_none_is_an_export():
    from alongside.api.urls import api

    schema = api.get_openapi_schema()
    problems = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            name = f"{method.upper()} {path} ({operation.get('operationId', '')})"
            if EXPORT_WORDS.search(path) or EXPORT_WORDS.search(operation.get("operationId", "")):
                problems.append(f"{name} looks like an export: route it through the gate")
            for status, response in operation.get("responses", {}).items():
                for content_type in response.get("content", {}):
                    if content_type != "application/json":
                        problems.append(f"{name} answers {status} as {content_type}")
    assert problems == []
