"""The Spanish catalog: complete but for the questionnaires kept in English on purpose, and
the committed .mo matches its .po (`make messages` rebuilds both)."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
from django.conf import settings

from alongside.assessments.catalog import get_instrument
from alongside.assessments.portal_views import ENGLISH_ONLY

CATALOG = Path(settings.BASE_DIR) / "alongside/assessments/locale/es/LC_MESSAGES/django.po"


def english_only_texts() -> set[str]:
    """The questions, answers and instructions of the instruments shown only in English."""
    texts: set[str] = set()
    for key in ENGLISH_ONLY:
        instrument = get_instrument(key)
        texts.add(str(instrument.instructions))
        for item in instrument.items:
            texts.add(str(item.text))
            texts.update(str(option.label) for option in item.options)
    return texts


def test_everything_is_translated_but_the_questionnaires_kept_in_english():
    catalog = polib.pofile(str(CATALOG))
    assert catalog.metadata["Language"] == "es"
    assert catalog.fuzzy_entries() == []
    untranslated = {entry.msgid for entry in catalog.untranslated_entries()}
    assert untranslated == english_only_texts()


def test_the_questionnaires_given_in_spanish_use_the_published_wording():
    catalog = {entry.msgid: entry.msgstr for entry in polib.pofile(str(CATALOG))}
    item_9 = get_instrument("phq9").item("q9")
    assert catalog[str(item_9.text)] == (
        "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera"
    )
    for key in ("phq9", "phq2", "gad7"):
        for item in get_instrument(key).items:
            assert catalog[str(item.text)], item.key
            assert all(catalog[str(option.label)] for option in item.options)


def test_the_committed_mo_file_matches_its_po_source():
    source = polib.pofile(str(CATALOG))
    with CATALOG.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    expected = {}
    for entry in source.translated_entries():
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(entry.msgid, int(index))] = text
        else:
            expected[(entry.msgid, None)] = entry.msgstr
    actual = {
        (key[0], key[1]) if isinstance(key, tuple) else (key, None): text
        for key, text in compiled._catalog.items()  # type: ignore[attr-defined]
        if key != ""
    }
    assert actual == expected, "the .mo is stale: run `make messages`"
