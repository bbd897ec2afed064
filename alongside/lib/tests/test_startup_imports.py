"""A web worker that serves only the daily pages must stay small (DESIGN.md §6: RSS ≤ 200 MB).
Loading the settings and every URLconf, as gunicorn's preload does, must not import the
analysis and document libraries: the outcome pages and PDFs import them on first use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("numpy", "pandas", "matplotlib", "lifelines", "statsmodels", "scipy", "fpdf", "PIL")

SCRIPT = """
import json, sys
import django
django.setup()
from django.urls import get_resolver

def walk(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            walk(pattern.url_patterns)

walk(get_resolver().url_patterns)
print(json.dumps(sorted(m for m in %r if m in sys.modules)))
"""


def test_loading_every_url_imports_no_analysis_or_pdf_library():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    finished = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", SCRIPT % (HEAVY,)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(finished.stdout.strip().splitlines()[-1]) == []
