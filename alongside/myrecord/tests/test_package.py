"""The package: every kind of record about the person, and nothing about anyone else."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from alongside.clients.models import Client
from alongside.myrecord.package import EXCLUDED, INCLUDED, LABELS, build_package
from alongside.myrecord.tests.records import fill_record

CASEY = "CANARY-CASEY"
JORDAN = "CANARY-JORDAN"
QUINN = "CANARY-QUINN"


def models_about_a_client() -> set[str]:
    """Every model with a foreign key or one-to-one field to Client."""
    return {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey) and field.related_model is Client
    }


@pytest.fixture
def filled(cast):
    fill_record(cast.casey, cast.ana, CASEY, "casey@portal.test")
    fill_record(cast.jordan, cast.ana, JORDAN, "jordan@portal.test")
    fill_record(cast.quinn, cast.oscar, QUINN, "quinn@portal.test")
    return cast


def package_text(client: Client) -> str:
    return json.dumps(build_package(client, timezone.now()).data(), ensure_ascii=False)


def test_every_model_about_a_client_is_in_the_package_or_excluded_with_a_reason():
    found = models_about_a_client()
    assert found, "the enumeration found no model: it is broken"
    unaccounted = found - set(INCLUDED) - set(EXCLUDED)
    assert unaccounted == set(), f"add these to INCLUDED or EXCLUDED: {sorted(unaccounted)}"
    assert set(INCLUDED) & set(EXCLUDED) == set()
    assert all(len(reason) > 40 for reason in EXCLUDED.values())


def test_the_lists_name_no_model_that_is_gone():
    assert (set(INCLUDED) | set(EXCLUDED)) <= models_about_a_client()


def test_every_included_kind_of_record_shows_up_in_its_part(filled):
    data = build_package(filled.casey, timezone.now()).data()
    for label, part in INCLUDED.items():
        model = apps.get_model(label)
        assert model.objects.filter(client=filled.casey).exists(), f"the test made no {label}"
        assert data[part], f"{label} rows missing from {part}"


def test_the_package_holds_the_persons_own_writing_and_their_care_teams(filled):
    text = package_text(filled.casey)
    for written in (
        "pronouns",
        "contact-note",
        "went-well",
        "start",
        "win",
        "flag-reason",
        "crisis",
        "outcome",
        "from-advocate",
        "from-client",
        "warning-signs",
        "emergency",
        "private-row",
        "row",
        "worksheet-comment",
        "in-their-words",
    ):
        assert f"{CASEY}-{written}" in text, written
    assert f"{CASEY} Clinic" in text and f"{CASEY} Doctor" in text


def test_nothing_about_another_client_is_in_the_package(filled):
    text = package_text(filled.casey)
    assert JORDAN not in text and QUINN not in text
    assert "jordan@portal.test" not in text and "Jordan" not in text
    assert "Quinn" not in text and "Riverbend" not in text


def test_the_other_client_gets_only_their_own_record_too(filled):
    text = package_text(filled.jordan)
    assert JORDAN in text
    assert CASEY not in text and "Casey" not in text


def test_staff_appear_by_display_name_only(filled):
    text = package_text(filled.casey)
    assert "Ana Advocate" in text
    assert "ana@hope.test" not in text


def test_no_secret_or_integer_key_is_in_the_package(filled):
    data = build_package(filled.casey, timezone.now()).data()
    text = json.dumps(data)
    invitation = filled.casey.portal_invitations.get()
    assert invitation.token_hash not in text and invitation.code_hash not in text
    assert filled.casey.user.password not in text

    def keys(value, path=""):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield f"{path}.{key}"
                yield from keys(inner, f"{path}.{key}")
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner, path)

    assert not [k for k in keys(data) if k.endswith((".id", "_id", ".pk"))]


def test_times_are_utc_and_the_format_is_named(filled):
    data = build_package(filled.casey, timezone.now()).data()
    assert data["about"]["format"] == "alongside.my-record"
    assert data["about"]["time_zone"] == "America/Chicago"
    assert data["contacts"][0]["occurred_at"].endswith("Z")
    assert data["profile"]["record_number"] == str(filled.casey.public_id)


def test_every_field_shown_on_the_readable_page_has_a_label(filled):
    package = build_package(filled.casey, timezone.now())
    keys = {key for part in package.parts for item in part.items for key, _v, _s in item.fields}
    assert keys - set(LABELS) == set()
