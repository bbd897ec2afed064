"""The Spanish catalog of the safety plan pages: complete, and its .mo matches the .po."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib

APP = Path(__file__).resolve().parents[1]
CATALOG = APP / "locale/es/LC_MESSAGES/django.po"
TEMPLATES = [
    *sorted((APP / "templates/safetyplans/portal").glob("*.html")),
    APP / "templates/safetyplans/_sections.html",
    APP / "templates/safetyplans/_crisis_plan.html",
]
TRANSLATE_TAG = re.compile(r"""\{%\s*translate\s+(?:"([^"]*)"|'([^']*)')""")


def test_every_string_has_a_spanish_translation():
    catalog = polib.pofile(str(CATALOG))
    assert catalog.metadata["Language"] == "es"
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []
    assert catalog.obsolete_entries() == []


def test_every_translated_template_string_is_in_the_catalog():
    known = {entry.msgid for entry in polib.pofile(str(CATALOG))}
    missing = {
        f"{path.name}: {double or single}"
        for path in TEMPLATES
        for double, single in TRANSLATE_TAG.findall(path.read_text())
        if (double or single) not in known
    }
    assert missing == set(), "run `make messages` and translate the new strings"


def test_the_committed_mo_file_matches_its_po_source():
    source = polib.pofile(str(CATALOG))
    with CATALOG.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    expected = {entry.msgid: entry.msgstr for entry in source.translated_entries()}
    actual = {key: text for key, text in compiled._catalog.items() if key != ""}  # type: ignore[attr-defined]
    assert actual == expected, "the .mo is stale: run `make messages`"
