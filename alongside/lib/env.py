"""Read typed settings from the environment, failing loudly on malformed values.

Every setting that can come from the environment goes through these functions so that a typo
in a deployment stops start-up with a message naming the variable, instead of running with a
surprising default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    """Typed access to a mapping of environment variables (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def string(self, name: str, default: str = "") -> str:
        """Return NAME, or the contents of the file named by NAME_FILE, or DEFAULT."""
        file_name = self.environ.get(f"{name}_FILE")
        if file_name:
            try:
                return Path(file_name).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ImproperlyConfigured(
                    f"{name}_FILE points to {file_name!r}, which cannot be read: {exc.strerror}"
                ) from exc
        return self.environ.get(name, default)

    def boolean(self, name: str, default: bool = False) -> bool:
        raw = self.environ.get(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name} must be one of {sorted(_TRUE | _FALSE - {''})}, not {raw!r}"
        )

    def integer(self, name: str, default: int) -> int:
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None

    def strings(self, name: str, default: list[str]) -> list[str]:
        raw = self.environ.get(name)
        if raw is None:
            return default
        return [item.strip() for item in raw.split(",") if item.strip()]

    def url(self, name: str, schemes: tuple[str, ...]) -> str | None:
        """Return NAME if it is a URL with one of SCHEMES; None if unset or empty."""
        raw = self.string(name).strip()
        if not raw:
            return None
        scheme, sep, rest = raw.partition("://")
        if not sep or scheme not in schemes or not rest:
            raise ImproperlyConfigured(
                f"{name} must be a URL starting with one of "
                f"{', '.join(s + '://' for s in schemes)}; the value given is not"
            )
        return raw
