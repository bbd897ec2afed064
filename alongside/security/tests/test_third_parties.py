"""No third-party origins anywhere (DESIGN.md §4.4): no template loads anything from another
origin (scripts, styles, fonts, images, frames, form targets), no style sheet imports or
points to one, and no script of ours names one. Plain links (`<a href>`: 988, the
Lifeline's site) and text are fine; `tel:` and `sms:` links too.

The rendered pages are checked as well, on every URL, by test_headers.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from alongside.security.tests.pages import csp_problems

REPO = Path(settings.BASE_DIR)
OTHER_ORIGIN = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
CSS_URL = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"]?)\s*((?:https?:)?//)", re.IGNORECASE)


def _ours(*patterns: str) -> list[Path]:
    roots = [REPO / "templates", REPO / "static", *sorted((REPO / "alongside").glob("*"))]
    found: list[Path] = []
    for root in roots:
        if not root.is_dir():
            continue
        for pattern in patterns:
            found += [
                path
                for path in root.rglob(pattern)
                if "templates" in path.parts or "static" in path.parts
            ]
    return sorted(set(found))


def test_templates_load_nothing_from_another_origin():
    templates = _ours("*.html")
    assert len(templates) > 50
    problems = []
    for path in templates:
        source = path.read_text(encoding="utf-8")
        # The page's own nonce is unknown here; inline code is checked on rendered pages.
        for problem in csp_problems(source, nonce=None):
            if "another origin" in problem:
                problems.append(f"{path.relative_to(REPO)}: {problem}")
        for match in CSS_URL.finditer(source):
            problems.append(f"{path.relative_to(REPO)}: style from {match.group(0)!r}")
    assert problems == []


def test_style_sheets_and_scripts_name_no_other_origin():
    files = _ours("*.css", "*.js")
    assert files
    problems = [
        f"{path.relative_to(REPO)}: {match.group(0)}"
        for path in files
        for match in OTHER_ORIGIN.finditer(path.read_text(encoding="utf-8"))
    ]
    assert problems == []


def test_the_policy_names_no_other_origin():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    sources = [source for values in directives.values() for source in values]
    assert not [s for s in sources if isinstance(s, str) and ("://" in s or "." in s)]
