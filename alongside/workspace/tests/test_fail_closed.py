"""Audit fail-closed: when the audit insert fails, the request fails, shows no client data,
and saves nothing (alongside/audit/log.py)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client as HttpClient
from django.urls import reverse

from alongside.audit.models import AccessEvent
from alongside.clients.models import Assignment, Client, Episode
from alongside.support.models import Encounter
from alongside.testing.personas import login, make_encounter

NOTE = "Relapse worry after the court date."


@pytest.fixture
def browser(settings):
    """A test client that returns the 500 page instead of raising, with DEBUG off."""
    settings.DEBUG = False
    return HttpClient(raise_request_exception=False)


@pytest.fixture
def broken_audit(monkeypatch):
    """Make every audit insert fail (record() and record_many() both use bulk_create)."""

    def refuse(*args, **kwargs):
        raise DatabaseError("audit table unavailable")

    def arm() -> None:
        monkeypatch.setattr(AccessEvent.objects, "bulk_create", refuse)

    return arm


def saved_rows() -> tuple[int, int, int, int]:
    return (
        Client.objects.count(),
        Episode.objects.count(),
        Assignment.objects.count(),
        Encounter.objects.count(),
    )


def failed_on_audit(response) -> bool:
    """Return True if the request failed because of the audit insert (not by chance)."""
    return response.exc_info is not None and isinstance(response.exc_info[1], DatabaseError)


def assert_generic_error_without_client_data(response) -> None:
    body = response.content.decode()
    assert "Something went wrong" in body
    for secret in ("Casey", NOTE, "Talked."):
        assert secret not in body


def test_profile_is_not_shown_when_its_view_cannot_be_audited(browser, broken_audit, cast):
    make_encounter(cast.casey, cast.ana, note=NOTE)
    login(browser, cast.ana)
    broken_audit()
    response = browser.get(reverse("workspace:client", args=[cast.casey.public_id]))
    assert response.status_code == 500
    assert failed_on_audit(response)
    assert_generic_error_without_client_data(response)


def test_contact_is_not_saved_when_it_cannot_be_audited(browser, broken_audit, cast):
    login(browser, cast.ana)
    broken_audit()
    before = saved_rows()
    response = browser.post(
        reverse("support:log_contact", args=[cast.casey.public_id]),
        {"kind": "phone", "minutes": "15", "note": NOTE},
    )
    assert response.status_code == 500
    assert failed_on_audit(response)
    assert_generic_error_without_client_data(response)
    assert saved_rows() == before


def test_inline_contact_is_not_saved_when_it_cannot_be_audited(browser, broken_audit, cast):
    login(browser, cast.ana)
    broken_audit()
    before = saved_rows()
    response = browser.post(
        reverse("support:log_contact", args=[cast.casey.public_id]) + "?inline=1",
        {"kind": "phone", "note": NOTE},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 500
    assert failed_on_audit(response)
    assert_generic_error_without_client_data(response)
    assert saved_rows() == before


def test_admission_is_not_saved_when_it_cannot_be_audited(browser, broken_audit, cast):
    login(browser, cast.dana)
    broken_audit()
    before = saved_rows()
    response = browser.post(
        reverse("clients:admit"),
        {
            "preferred_name": "Morgan",
            "program": str(cast.residential.public_id),
            "level_of_care": "residential",
            "language": "en",
            "advocate": str(cast.ana.public_id),
        },
    )
    assert response.status_code == 500
    assert failed_on_audit(response)
    assert "Something went wrong" in response.content.decode()
    assert "Morgan" not in response.content.decode()
    assert saved_rows() == before


def test_assignment_is_not_saved_when_it_cannot_be_audited(browser, broken_audit, cast):
    login(browser, cast.sam)
    broken_audit()
    before = saved_rows()
    response = browser.post(
        reverse("clients:assign", args=[cast.newcomer.public_id]),
        {"advocate": str(cast.ben.public_id)},
    )
    assert response.status_code == 500
    assert failed_on_audit(response)
    assert "Newcomer" not in response.content.decode()
    assert saved_rows() == before


def test_discharge_is_not_saved_when_it_cannot_be_audited(browser, broken_audit, cast):
    login(browser, cast.sam)
    broken_audit()
    response = browser.post(
        reverse("clients:discharge", args=[cast.casey.public_id]),
        {"reason": "completed", "end_assignments": "on"},
    )
    assert response.status_code == 500
    assert failed_on_audit(response)
    assert_generic_error_without_client_data(response)
    assert cast.casey.episodes.open().exists()
    assert cast.casey.assignments.current().exists()


def test_api_contact_is_not_saved_when_it_cannot_be_audited(browser, broken_audit, cast):
    login(browser, cast.ana)
    broken_audit()
    before = saved_rows()
    response = browser.post(
        f"/api/v1/clients/{cast.casey.public_id}/encounters",
        {"kind": "phone", "minutes": 15, "note": NOTE},
        content_type="application/json",
    )
    assert 500 <= response.status_code < 600
    assert failed_on_audit(response)
    assert_generic_error_without_client_data(response)
    assert saved_rows() == before


def test_api_client_detail_is_not_served_when_its_view_cannot_be_audited(
    browser, broken_audit, cast
):
    login(browser, cast.ana)
    broken_audit()
    response = browser.get(f"/api/v1/clients/{cast.casey.public_id}")
    assert 500 <= response.status_code < 600
    assert failed_on_audit(response)
    assert "Casey" not in response.content.decode()


def test_caseload_is_not_shown_when_it_cannot_be_audited(browser, broken_audit, cast):
    login(browser, cast.ana)
    broken_audit()
    response = browser.get(reverse("workspace:caseload"))
    assert response.status_code == 500
    assert failed_on_audit(response)
    assert "Casey" not in response.content.decode()
    assert "Jordan" not in response.content.decode()
