"""Settings from the environment: typed values, and a clear error for a malformed one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from alongside.lib.env import Env

ROOT = Path(__file__).resolve().parents[3]


def test_unset_variables_fall_back_to_their_defaults():
    env = Env({})
    assert env.boolean("DEBUG") is False
    assert env.integer("WORKERS", 3) == 3
    assert env.strings("ALLOWED_HOSTS", ["localhost"]) == ["localhost"]
    assert env.url("DATABASE_URL", ("postgres",)) is None


def test_booleans_accept_the_usual_spellings():
    assert Env({"DEBUG": "Yes"}).boolean("DEBUG") is True
    assert Env({"DEBUG": "0"}).boolean("DEBUG") is False


@pytest.mark.parametrize(
    ("environ", "call", "message"),
    [
        ({"DEBUG": "maybe"}, lambda e: e.boolean("DEBUG"), "DEBUG must be one of"),
        ({"WORKERS": "two"}, lambda e: e.integer("WORKERS", 1), "WORKERS must be a whole number"),
        (
            {"DATABASE_URL": "mysql://x"},
            lambda e: e.url("DATABASE_URL", ("postgres",)),
            "DATABASE_URL must be a URL starting with one of postgres://",
        ),
    ],
)
def test_a_malformed_variable_is_named_in_a_clear_error(environ, call, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        call(Env(environ))


def test_a_malformed_url_error_never_repeats_the_value_which_may_hold_a_password():
    with pytest.raises(ImproperlyConfigured) as error:
        Env({"DATABASE_URL": "mysql://user:s3cret@db/x"}).url("DATABASE_URL", ("postgres",))
    assert "s3cret" not in str(error.value)


def test_a_secret_can_be_read_from_the_file_named_by_the_file_variable(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    assert Env({"SECRET_KEY_FILE": str(secret)}).string("SECRET_KEY") == "from-a-file"


def test_an_unreadable_secret_file_is_a_clear_error(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE points to"):
        Env({"SECRET_KEY_FILE": str(tmp_path / "missing")}).string("SECRET_KEY")


def test_start_up_stops_with_the_variable_named_when_one_is_malformed(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"DEBUG": "sometimes", "ALONGSIDE_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr
