"""Production settings (ALONGSIDE_ENV=production): `manage.py check --deploy` reports nothing,
HTTPS is enforced (redirect, HSTS, secure cookies), and start-up refuses unsafe values with a
message naming the variable to change.

Each case starts a fresh Python process: settings are read once, at start-up.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from alongside.lib.encryption import DEVELOPMENT_KEY

REPO = Path(settings.BASE_DIR)
GOOD_KEY = "k" * 10 + "3Jx9-qLm_2vR8sTn0bYwZ4cH6dKf1gPuEaIoWeXyMzNtQ"  # 55 characters
# Two Fernet keys (32 bytes each, URL-safe base64), newest first; made up for these tests.
ENCRYPTION_KEYS = (
    "dGhpcy1pcy1hLXRlc3Qta2V5LW9ubHktMzItYnl0ZXM=,QW5vdGhlci10ZXN0LWtleS1mb3Itcm90YXRpb24hISE="
)
# Variables this file sets itself; anything the caller's environment says about them is
# dropped so that each case sees exactly what it asks for.
OURS = {
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "ALLOWED_HOSTS",
    "ALONGSIDE_ENV",
    "ALONGSIDE_BASE_URL",
    "ALONGSIDE_HTTPS",
    "ALONGSIDE_HSTS_SECONDS",
    "ALONGSIDE_PROXY_SSL_HEADER",
    "SECURE_COOKIES",
    "CSRF_TRUSTED_ORIGINS",
    "ALONGSIDE_ENCRYPTION_KEYS",
    "ALONGSIDE_ENCRYPTION_KEYS_FILE",
}


def production_env(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    """The environment of a production start-up, with CHANGES (None removes a variable)."""
    env = {key: value for key, value in os.environ.items() if key not in OURS}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ALONGSIDE_ENV": "production",
            "ALONGSIDE_VAR_DIR": str(tmp_path / "var"),
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "alongside.example.org",
            "ALONGSIDE_BASE_URL": "https://alongside.example.org",
            "CSRF_TRUSTED_ORIGINS": "https://alongside.example.org",
            "ALONGSIDE_ENCRYPTION_KEYS": ENCRYPTION_KEYS,
        }
    )
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(env, "-c", "import django; django.setup()")


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = run(
        production_env(tmp_path), "manage.py", "check", "--deploy", "--fail-level", "DEBUG"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # Nothing passes by silencing Django's own deploy checks.
    assert not [check for check in settings.SILENCED_SYSTEM_CHECKS if check.startswith("security.")]


def test_development_settings_still_start_with_no_configuration(tmp_path):
    env = production_env(tmp_path, ALONGSIDE_ENV=None, SECRET_KEY=None, ALLOWED_HOSTS=None)
    env.pop("ALONGSIDE_BASE_URL")
    result = start(env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var" / "secret_key").exists()


@pytest.mark.parametrize(
    ("changes", "variable"),
    [
        ({"DEBUG": "true"}, "DEBUG"),
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "short-but-32-characters-long-xxxx"}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + GOOD_KEY}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"ALONGSIDE_HTTPS": "false"}, "ALONGSIDE_HTTPS"),
        ({"ALONGSIDE_BASE_URL": "http://alongside.example.org"}, "ALONGSIDE_BASE_URL"),
        ({"ALONGSIDE_ENV": "prod"}, "ALONGSIDE_ENV"),
        ({"SECURE_COOKIES": "1"}, "SECURE_COOKIES"),
        ({"ALONGSIDE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https"}, "ALONGSIDE_PROXY_SSL_HEADER"),
        ({"ALONGSIDE_ENCRYPTION_KEYS": None}, "ALONGSIDE_ENCRYPTION_KEYS"),
        ({"ALONGSIDE_ENCRYPTION_KEYS": " , "}, "ALONGSIDE_ENCRYPTION_KEYS"),
        ({"ALONGSIDE_ENCRYPTION_KEYS": "not-a-fernet-key"}, "ALONGSIDE_ENCRYPTION_KEYS"),
        ({"ALONGSIDE_ENCRYPTION_KEYS": DEVELOPMENT_KEY}, "ALONGSIDE_ENCRYPTION_KEYS"),
    ],
)
def test_production_refuses_to_start_with_an_unsafe_setting(tmp_path, changes, variable):
    result = start(production_env(tmp_path, **changes))
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert variable in last_line


def test_production_reads_the_encryption_keys_from_a_file(tmp_path):
    key_file = tmp_path / "encryption_keys"
    key_file.write_text(ENCRYPTION_KEYS + "\n", encoding="utf-8")
    env = production_env(
        tmp_path, ALONGSIDE_ENCRYPTION_KEYS=None, ALONGSIDE_ENCRYPTION_KEYS_FILE=str(key_file)
    )
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings as s\n"
        "print(len(s.ALONGSIDE_ENCRYPTION_KEYS))"
    )
    result = run(env, "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2"]


def test_a_malformed_encryption_key_is_refused_without_echoing_it(tmp_path):
    secret = "Zm9yLXRlc3RzLW9ubHk="  # base64, but 13 bytes: not a key
    result = start(
        production_env(tmp_path, ALONGSIDE_ENCRYPTION_KEYS=ENCRYPTION_KEYS + "," + secret)
    )
    assert result.returncode != 0
    assert "key 3 of 3" in result.stderr
    assert secret not in result.stderr


def test_production_does_not_write_a_generated_secret_key(tmp_path):
    start(production_env(tmp_path, SECRET_KEY=None))
    assert not (tmp_path / "var" / "secret_key").exists()


# Requests through the production middleware: HTTPS redirect, HSTS and the cookie flags.
PROBE = """
from django.test import Client
http = Client()
plain = http.get("/accounts/login/", HTTP_HOST="alongside.example.org")
print("plain", plain.status_code, plain["Location"])
page = http.get("/accounts/login/", HTTP_HOST="alongside.example.org", secure=True)
print("secure", page.status_code, page["Strict-Transport-Security"])
csrf = page.cookies["csrftoken"]
print("csrf", bool(csrf["secure"]), bool(csrf["httponly"]), csrf["samesite"])
proxied = Client().get(
    "/accounts/login/", HTTP_HOST="alongside.example.org", HTTP_X_FORWARDED_PROTO="https"
)
print("proxied", proxied.status_code)
"""


def _probe(env: dict[str, str]) -> dict[str, list[str]]:
    result = run(env, "-c", "import django; django.setup()\n" + PROBE)
    assert result.returncode == 0, result.stderr
    return {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line}


def test_production_serves_https_only_with_hsts_and_secure_cookies(tmp_path):
    seen = _probe(production_env(tmp_path))
    assert seen["plain"] == ["301", "https://alongside.example.org/accounts/login/"]
    assert seen["secure"] == ["200", "max-age=31536000;", "includeSubDomains;", "preload"]
    assert seen["csrf"] == ["True", "True", "Lax"]
    # Without ALONGSIDE_PROXY_SSL_HEADER a forwarded "https" is not believed.
    assert seen["proxied"] == ["301"]


def test_behind_a_proxy_the_named_header_marks_requests_secure(tmp_path):
    seen = _probe(production_env(tmp_path, ALONGSIDE_PROXY_SSL_HEADER="X-Forwarded-Proto"))
    assert seen["proxied"] == ["200"]


def test_session_and_language_cookies_are_secure_in_production(tmp_path):
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE)"
    )
    result = run(production_env(tmp_path), "-c", script)
    assert result.stdout.split() == ["True", "True", "Lax", "True", "True", "Lax"]
