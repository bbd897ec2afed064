"""Which main-navigation entry the client pages mark as current."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from alongside.testing.personas import login

CURRENT = re.compile(r'<a href="([^"]*)" aria-current="page">')


def current_nav(client, address: str) -> list[str]:
    return CURRENT.findall(client.get(address).content.decode())


def test_admission_form_marks_admit_as_current(client, cast):
    login(client, cast.sam)
    assert current_nav(client, reverse("clients:admit")) == [reverse("clients:admit")]


@pytest.mark.parametrize("name", ["assign", "discharge", "transfer", "end_assignment"])
def test_pages_about_one_client_mark_the_client_list_as_current(client, cast, name):
    assignment = cast.casey.assignments.get()
    args = [cast.casey.public_id]
    if name in ("transfer", "end_assignment"):
        args.append(assignment.public_id)
    login(client, cast.sam)
    assert current_nav(client, reverse(f"clients:{name}", args=args)) == [
        reverse("workspace:caseload")
    ]
