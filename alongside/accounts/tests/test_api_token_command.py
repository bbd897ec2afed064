"""`manage.py api_token`: issue, list and revoke API tokens from the command line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from alongside.accounts.models import ApiToken, hash_token


def run(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_a_new_token_is_printed_once_and_only_its_hash_is_stored(cast):
    raw = run("ana@hope.test")
    token = ApiToken.objects.get(user=cast.ana)
    assert token.key_hash == hash_token(raw)
    assert raw not in token.key_hash


def test_unknown_email_is_a_clear_error_and_creates_nothing(cast):
    with pytest.raises(CommandError, match="No user has the e-mail address"):
        run("nobody@hope.test")
    assert ApiToken.objects.count() == 0


def test_a_deactivated_user_gets_no_token(cast):
    cast.ana.is_active = False
    cast.ana.save()
    with pytest.raises(CommandError, match="deactivated"):
        run("ana@hope.test")
    assert ApiToken.objects.count() == 0


def test_revoking_by_prefix_stops_that_token_only(cast):
    first = run("ana@hope.test")
    second = run("ana@hope.test")
    # "=" keeps a prefix that starts with "-" from being read as an option.
    run("ana@hope.test", f"--revoke={first[: ApiToken.PREFIX_LENGTH]}")
    active = ApiToken.objects.active().values_list("key_hash", flat=True)
    assert list(active) == [hash_token(second)]


def test_revoke_all_stops_every_token_of_the_user(cast):
    run("ana@hope.test")
    run("ana@hope.test")
    assert "Revoked 2 token(s)." in run("ana@hope.test", "--revoke-all")
    assert ApiToken.objects.active().count() == 0


def test_list_shows_prefixes_and_state_but_never_the_token(cast):
    raw = run("ana@hope.test")
    listing = run("ana@hope.test", "--list")
    assert raw[: ApiToken.PREFIX_LENGTH] in listing and "active" in listing
    assert raw not in listing
