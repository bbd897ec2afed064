"""Signing in from a browser test (Playwright), both steps.

    from alongside.testing.browser import sign_in

    sign_in(page, live_server.url, cast.ana)              # password, then the code
    sign_in(page, live_server.url, "client@hope.test")     # a client: password only

Staff get their persona authenticator first (`personas.enrol_second_factor`), so the
second step asks for a code, which is typed from the persona's secret: the real pages, the
real check. Other authenticators (the demo's) need their own code source: pass `code=`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from alongside.accounts.models import User
from alongside.accounts.second_factor import status_of
from alongside.testing.personas import PASSWORD, enrol_second_factor, totp_code

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# DESIGN.md §7: Debian's Chromium, never a browser Playwright downloads.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium(monkeypatch: Any) -> Iterator[Any]:
    """Launch Debian's Chromium headless for one test and close it after. Skips the test when
    chromium is not installed, and fails it in CI, where .ci/run installs it."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium package is required in CI (see .ci/run)")
        pytest.skip("chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


def sign_in(
    page: Any,
    base_url: str,
    user: User | str,
    password: str = PASSWORD,
    *,
    next_url: str = "",
    code: Callable[[User], str] | None = None,
) -> None:
    """Sign USER (or the account with that e-mail) in on PAGE at BASE_URL; return once the
    page after signing in has loaded."""
    if isinstance(user, str):
        user = User.objects.get(email=user)
    required, enrolled = status_of(user)
    if required and code is None:
        enrol_second_factor(user)
        enrolled = True
    url = f"{base_url.rstrip('/')}/accounts/login/"
    page.goto(f"{url}?next={next_url}" if next_url else url)
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Passphrase").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if enrolled:
        pass_second_factor(page, user, code=code)


def pass_second_factor(page: Any, user: User, *, code: Callable[[User], str] | None = None) -> None:
    """On the sign-in's second step, type USER's current code and continue."""
    page.get_by_role("heading", name="Two-step verification").wait_for()
    page.get_by_label("Code").fill((code or totp_code)(user))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state()
