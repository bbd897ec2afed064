"""The Content Security Policy: django-csp's middleware with a nonce on every response.

The policy itself is `CONTENT_SECURITY_POLICY` in `config/settings.py`. Templates put
`nonce="{{ csp_nonce }}"` on any inline `<script>` they cannot avoid; everything else is a
static file from our own origin.
"""

from __future__ import annotations

from typing import Any

from csp.middleware import CSPMiddleware
from django.http import HttpRequest


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Send the policy with a fresh `'nonce-…'` on every response.

    django-csp adds the nonce only when something read `request.csp_nonce` while rendering,
    so the policy would change shape from page to page. Minting it up front costs 16 random
    bytes and gives every response the same policy, which the header tests check on every URL.
    """

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        str(request.csp_nonce)  # type: ignore[attr-defined]


def nonce(request: HttpRequest) -> dict[str, Any]:
    """Template context: `csp_nonce`, the name django-htmx's `{% htmx_script %}` reads."""
    value = getattr(request, "csp_nonce", None)
    return {} if value is None else {"csp_nonce": value}
