"""The demo's sign-in code hint can never be on outside a laptop demo: start-up refuses
ALONGSIDE_DEMO_MFA_HINTS unless DEBUG is on (and production refuses DEBUG)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings


def start(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with ENV; return the finished process."""
    environ = {**os.environ, **env}
    for name in ("DEBUG", "ALONGSIDE_ENV", "ALONGSIDE_DEMO_MFA_HINTS"):
        if name not in env:
            environ.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("debug", ["0", "false", None])
def test_start_up_refuses_the_hint_with_debug_off(debug):
    env = {"ALONGSIDE_DEMO_MFA_HINTS": "1"} | ({"DEBUG": debug} if debug else {})
    result = start(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALONGSIDE_DEMO_MFA_HINTS" in result.stderr


def test_production_refuses_it_whatever_debug_says():
    result = start(
        ALONGSIDE_DEMO_MFA_HINTS="1",
        DEBUG="1",
        ALONGSIDE_ENV="production",
        SECRET_KEY="x" * 64,
        ALLOWED_HOSTS="alongside.example.org",
        ALONGSIDE_BASE_URL="https://alongside.example.org",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_a_laptop_demo_with_debug_on_may_use_it():
    assert start(ALONGSIDE_DEMO_MFA_HINTS="1", DEBUG="1").returncode == 0


def test_it_is_off_by_default():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.ALONGSIDE_DEMO_MFA_HINTS)"],
        cwd=settings.BASE_DIR,
        env={k: v for k, v in os.environ.items() if k not in ("ALONGSIDE_DEMO_MFA_HINTS",)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "False"
