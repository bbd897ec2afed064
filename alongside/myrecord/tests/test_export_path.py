"""The client's own download is the disclosure gate's one exemption for a person's own
record: only export.py, and only for what it does, so a new way out is still caught."""

from __future__ import annotations

import pytest

from alongside.consent.tests.test_export_paths import EXEMPT_ROUTES, allowed, findings_in

EXPORT = "alongside/myrecord/export.py"


def test_the_download_module_is_exempt_for_its_header_and_audit_row():
    lines = [
        'response["Content-Disposition"] = f\'attachment; filename="x.json"\'',
        "audit_client_event(user, client, Action.EXPORT, object_type=OBJECT_OWN_RECORD)",
    ]
    for line in lines:
        assert all(allowed(f) for f in findings_in(line, EXPORT)), line


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("alongside/myrecord/views.py", 'response["Content-Disposition"] = "attachment"'),
        (
            "alongside/myrecord/package/__init__.py",
            "audit_client_event(user, client, Action.EXPORT)",
        ),
        (EXPORT, "writer = csv.writer(buffer)"),
        (EXPORT, 'HttpResponse(data, content_type="application/pdf")'),
        (EXPORT, "Disclosure.objects.create(client=client)"),
    ],
)
def test_any_other_export_code_in_the_app_is_still_caught(path, line):
    assert [f for f in findings_in(line, path) if not allowed(f)]


def test_the_download_route_is_listed_with_its_reason():
    assert "me/record/download/" in EXEMPT_ROUTES
