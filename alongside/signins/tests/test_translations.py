"""Clients meet these pages, the warning and the signed-out message: all in Spanish too.

The same checks as the portal's catalogs (alongside/portal/tests/test_language.py), for this
app's own catalog.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

APP = Path(settings.BASE_DIR) / "alongside/signins"
CATALOG = APP / "locale/es/LC_MESSAGES/django.po"
TEMPLATES = sorted((APP / "templates/signins").glob("*.html"))
TRANSLATE_TAG = re.compile(r"""\{%\s*translate\s+(?:"([^"]*)"|'([^']*)')""")


def test_every_string_has_a_spanish_translation():
    catalog = polib.pofile(str(CATALOG))
    assert catalog.metadata["Language"] == "es"
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []


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


def test_every_template_string_is_in_the_catalog():
    known = {entry.msgid for entry in polib.pofile(str(CATALOG))}
    found = {
        double or single
        for path in TEMPLATES
        for double, single in TRANSLATE_TAG.findall(path.read_text())
    }
    assert "Stay signed in" in found
    assert found - known == set(), "run `make messages` and translate the new strings"


def test_the_header_link_is_in_spanish():
    with translation.override("es"):
        assert ">Mis sesiones</a>" in render_to_string("signins/_link.html", {})
