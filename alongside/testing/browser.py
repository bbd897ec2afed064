"""Signing in from a browser test (Playwright), both steps.

    from alongside.testing.browser import sign_in

    sign_in(page, live_server.url, cast.ana)              # password, then the code
    sign_in(page, live_server.url, "client@hope.test")     # a client: password only

Staff get their persona authenticator first (`personas.enrol_second_factor`), so the
second step asks for a code, which is typed from the persona's secret: the real pages, the
real check. Other authenticators (the demo's) need their own code source: pass `code=`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alongside.accounts.models import User
from alongside.accounts.second_factor import status_of
from alongside.testing.personas import PASSWORD, enrol_second_factor, totp_code


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
