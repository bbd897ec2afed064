"""Demo staff sign in with a second factor without installing an authenticator app.

Every demo staff account gets a TOTP authenticator whose secret is derived from the demo
seed and the address (the same on every laptop, like the demo password). With
`ALONGSIDE_DEMO_MFA_HINTS` on (bin/run-demo sets it; the settings refuse it unless DEBUG is
on, so never in production) the sign-in's second step shows the code such an app would show
now, for these seeded authenticators only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterable

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.conf import settings
from django.core.cache import cache

from alongside.accounts.models import User
from alongside.demo.roster import DEMO_EMAIL_DOMAIN, DEMO_SLUG
from alongside.organizations.models import Membership

# Marks the authenticators the demo loader made; only those ever get a hint.
DEMO_MARK = "alongside_demo"


def demo_totp_secret(seed: int, email: str) -> str:
    """Return the base32 TOTP secret of demo account EMAIL in the center planned by SEED."""
    digest = hmac.new(
        f"alongside-demo-totp:{seed}".encode(), email.lower().encode(), hashlib.sha1
    ).digest()
    return base64.b32encode(digest).decode("ascii")


def enrol_demo_staff(users: Iterable[User], seed: int) -> int:
    """Give each demo staff user their seeded TOTP authenticator; return how many."""
    created = Authenticator.objects.bulk_create(
        [
            Authenticator(
                user=user,
                type=Authenticator.Type.TOTP,
                data={"secret": encrypt(demo_totp_secret(seed, user.email)), DEMO_MARK: True},
            )
            for user in users
        ]
    )
    return len(created)


def code_hint(user: User | None) -> str | None:
    """Return the code to show USER on the second-factor page; None unless hints are on and
    USER is demo center staff with their seeded authenticator."""
    if not getattr(settings, "ALONGSIDE_DEMO_MFA_HINTS", False) or user is None:
        return None
    if not user.email.lower().endswith(f"@{DEMO_EMAIL_DOMAIN}"):
        return None
    if not Membership.objects.filter(user=user, organization__slug=DEMO_SLUG).exists():
        return None
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None or not authenticator.data.get(DEMO_MARK):
        return None
    return _unused_code(authenticator)


def _unused_code(authenticator: Authenticator) -> str | None:
    """The current code, or the next one if the current one was just used (allauth takes
    each code once; someone signing in twice within a minute would otherwise be stuck)."""
    secret = decrypt(authenticator.data["secret"])
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    wrapped = TOTP(authenticator)
    for step in range(mfa_settings.TOTP_TOLERANCE + 1):
        code = format_hotp_value(hotp_value(secret, counter + step))
        if cache.get(wrapped._get_used_cache_key(code)) is None:
            return code
    return None
