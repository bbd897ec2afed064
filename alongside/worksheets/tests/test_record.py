"""The client's own record download holds their worksheets, private rows included, and the
advocate's comments, with labels in their language."""

from __future__ import annotations

from django.utils import timezone, translation

from alongside.myrecord.package import build_package
from alongside.worksheets import services
from alongside.worksheets.tests.factories import inventory, resentment, shared_resentment


def test_the_record_holds_every_row_and_comment(cast, casey_account):
    worksheet = inventory(casey_account, cast.casey)
    resentment(casey_account, worksheet, who="Kept to myself")
    entry = shared_resentment(casey_account, worksheet, who="Shared with Ana")
    services.add_comment(cast.ana, worksheet, "Thank you for trusting me.", entry)
    data = build_package(cast.casey, timezone.now()).data()
    rows = data["worksheets"]
    assert [r["answers"]["who"] for r in rows] == ["Kept to myself", "Shared with Ana"]
    assert [r["shared"] for r in rows] == [False, True]
    assert rows[0]["worksheet"] == "inventory" and rows[0]["stage"] == "step-4"
    [comment] = data["worksheet_comments"]
    assert (
        comment["comment"] == "Thank you for trusting me." and comment["sender"] == "Ana Advocate"
    )


def test_the_readable_record_is_in_spanish(cast, casey_account):
    worksheet = inventory(casey_account, cast.casey)
    shared_resentment(casey_account, worksheet)
    with translation.override("es"):
        package = build_package(cast.casey, timezone.now())
        part = package.part("worksheets")
        shown = dict(part.items[0].shown())
        assert str(part.title) == "Hojas de trabajo"
        assert shown["Hoja de trabajo"] == "Inventario del paso 4"
        assert shown["Compartido con tu acompañante"] == "Sí"
        assert "Quién o qué: My old boss" in shown["Respuestas"]
