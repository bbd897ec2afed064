"""The Spanish catalog of the plan pages: every portal string translated, the .mo current."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOG = ROOT / "alongside/plans/locale/es/LC_MESSAGES/django.po"
TEMPLATES = [
    *sorted((ROOT / "alongside/plans/templates/plans/portal").glob("*.html")),
    *sorted((ROOT / "alongside/plans/templates/plans").glob("_*.html")),
]
TRANSLATE = re.compile(r"""{% translate ["'](.+?)["'] %}""")


def test_every_entry_is_translated_including_every_plural_form():
    catalog = polib.pofile(str(CATALOG))
    untranslated = [e.msgid for e in catalog if not e.translated() or "fuzzy" in e.flags]
    plurals = [e for e in catalog if e.msgid_plural]
    assert untranslated == []
    assert all(len(e.msgstr_plural) == 3 and all(e.msgstr_plural.values()) for e in plurals)


def test_every_template_string_is_in_the_catalog():
    ids = {entry.msgid for entry in polib.pofile(str(CATALOG))}
    missing = [
        (path.name, text)
        for path in TEMPLATES
        for text in TRANSLATE.findall(path.read_text())
        if text not in ids
    ]
    assert missing == []


def test_the_compiled_catalog_matches_its_source():
    with CATALOG.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    for entry in polib.pofile(str(CATALOG)):
        if not entry.msgid_plural:
            assert translations.gettext(entry.msgid) == entry.msgstr, entry.msgid
