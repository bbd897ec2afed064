"""The aftercare part of the person's own record download."""

from __future__ import annotations

from django.utils import timezone, translation

from alongside.aftercare.record import followups
from alongside.aftercare.tests.factories import make_reached_followup
from alongside.myrecord.package import INCLUDED, build_package
from alongside.myrecord.package.base import Rows


def test_the_calls_and_what_they_said_are_in_their_record(cast):
    make_reached_followup(cast.casey, cast.ana, "CANARY")
    make_reached_followup(cast.jordan, cast.ana, "OTHER")

    part = followups(cast.casey, Rows(cast.casey))

    (item,) = part.items
    data = item.data()
    assert data["followup_days"] == 7 and data["followup_status"] == "reached"
    assert data["in_their_words"] == "CANARY-in-their-words"
    assert "OTHER" not in str(part.data())
    assert not [key for key in data if key.endswith("_id")]


def test_the_part_is_in_the_package_and_in_spanish(cast):
    for model in ("aftercare.FollowUp", "aftercare.FollowUpAttempt", "aftercare.FollowUpOutcome"):
        assert INCLUDED[model] == "aftercare"
    make_reached_followup(cast.casey, cast.ana, "CANARY")

    with translation.override("es"):
        package = build_package(cast.casey, timezone.now())
        shown = dict(package.part("aftercare").items[0].shown())

    assert shown["En tus propias palabras"] == "CANARY-in-their-words"
    assert shown["Estado de la llamada"] == "Se logró hablar"
