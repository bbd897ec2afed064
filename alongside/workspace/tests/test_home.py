"""Where each role lands after signing in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.testing.personas import login, make_user


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("advocate", "today:home"),
        ("supervisor", "overview:team"),
        ("clinician", "workspace:caseload"),
        ("director", "overview:program"),
        ("admin", "overview:staff"),
    ],
)
def test_each_role_lands_on_its_own_page(client, cast, role, landing):
    login(client, cast.staff()[role])
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(landing)
    assert client.get(response["Location"]).status_code == 200


def test_person_without_a_role_is_told_to_ask_for_one(client, db):
    login(client, make_user("nobody@hope.test", "Nobody"))
    response = client.get(reverse("home"))
    assert "not part of an organization yet" in response.content.decode()


def test_signed_in_pages_are_never_cached(client, cast):
    login(client, cast.ana)
    response = client.get(reverse("workspace:caseload"))
    assert "no-store" in response["Cache-Control"]
