"""Encryption of free text at rest: the keys, and turning text into tokens and back.

Values are Fernet tokens (AES-128-CBC with an HMAC-SHA256, from the `cryptography` package):
anyone who reads the database, a backup or a dump without the keys sees neither the text nor,
beyond a rough length, anything about it, and a changed token fails to decrypt instead of
decrypting to something else.

Keys come from ALONGSIDE_ENCRYPTION_KEYS (comma-separated, newest first, read by
config/settings.py through `parse_keys`). The first key encrypts; every listed key decrypts, so
a new key can go in front while old rows are re-encrypted (`manage.py rotate_encryption_keys`).
Outside production, with no keys set, `DEVELOPMENT_KEY` is used: a fixed, public key that
keeps `make run` and the tests working and that production refuses.

This module imports nothing from the ORM so that the settings can use it; the model fields are
in `alongside/lib/encrypted_fields.py`. See docs/privacy.md, "Encryption at rest".
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEYS_VARIABLE = "ALONGSIDE_ENCRYPTION_KEYS"

# Public on purpose (it is derived from this sentence): it protects nothing and exists so that a
# development machine needs no configuration. Production refuses to start with it.
DEVELOPMENT_KEY: str = base64.urlsafe_b64encode(
    hashlib.sha256(b"Alongside development-only encryption key: never for real data").digest()
).decode("ascii")


class DecryptionError(Exception):
    """A stored value that no configured key opens: the key that wrote it is missing from
    ALONGSIDE_ENCRYPTION_KEYS, or the value was changed outside Alongside."""


def parse_keys(raw: str) -> list[str]:
    """Return the keys in RAW (comma-separated Fernet keys, newest first); [] if none.

    Raises ImproperlyConfigured naming the variable and the key's position (never the key).
    """
    keys = [item.strip() for item in raw.split(",") if item.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"{KEYS_VARIABLE}: key {position} of {len(keys)} is not a Fernet key (32 random "
                "bytes in URL-safe base64; make one with python -c 'from cryptography.fernet "
                "import Fernet; print(Fernet.generate_key().decode())')"
            ) from None
    return keys


def generate_key() -> str:
    """Return a new random key in the form ALONGSIDE_ENCRYPTION_KEYS takes."""
    return Fernet.generate_key().decode("ascii")


@lru_cache(maxsize=8)
def _ciphers(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    return MultiFernet([Fernet(key) for key in keys]), Fernet(keys[0])


def _configured() -> tuple[MultiFernet, Fernet]:
    # Read on every call (a dictionary lookup; the ciphers are cached per key list) so that a
    # test overriding the setting takes effect at once.
    keys = tuple(settings.ALONGSIDE_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured(f"{KEYS_VARIABLE} is empty: no key to encrypt with")
    return _ciphers(keys)


def encrypt(text: str) -> str:
    """Return TEXT as a token under the newest key; "" stays "" (see docs/privacy.md)."""
    if text == "":
        return ""
    return _configured()[0].encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Return the text of TOKEN; "" stays "". Raises DecryptionError if no key opens it."""
    if token == "":
        return ""
    try:
        return _configured()[0].decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise DecryptionError(
            f"A stored value cannot be decrypted with any key in {KEYS_VARIABLE}: the key that "
            "wrote it is missing, or the value was changed outside Alongside"
        ) from None


def is_token(value: str) -> bool:
    """Return True if VALUE is a token that one of the configured keys opens."""
    try:
        decrypt(value)
    except DecryptionError:
        return False
    return value != ""


def is_current(token: str) -> bool:
    """Return True if TOKEN is under the newest key (or empty): nothing to rotate."""
    if token == "":
        return True
    try:
        _configured()[1].decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def rotate(token: str) -> str:
    """Return TOKEN re-encrypted under the newest key. Raises DecryptionError as `decrypt`."""
    if token == "":
        return ""
    try:
        return _configured()[0].rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        raise DecryptionError(
            f"A stored value cannot be decrypted with any key in {KEYS_VARIABLE}, so it cannot "
            "be re-encrypted: the key that wrote it is missing"
        ) from None
