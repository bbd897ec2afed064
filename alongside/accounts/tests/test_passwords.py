"""Passphrase rules (NIST SP 800-63B-4, DESIGN.md §4.8): at least 15 characters without a
second factor and 12 with one, 64 and more welcome, common passwords refused, no
composition rules, pasting allowed."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts
from django.contrib.auth.password_validation import validate_password as check
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.accounts.models import User
from alongside.accounts.tests.conftest import sign_in
from alongside.testing.personas import enrol_second_factor

THIRTEEN = "maple harbor!"  # 13 characters, not common
FIFTEEN = "maple harbor go"


def refused(password: str, user: User | None = None) -> list[str]:
    try:
        check(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_without_a_second_factor_15_characters_are_needed(cast):
    assert "at least 15 characters" in " ".join(refused(THIRTEEN, cast.ana))
    assert refused(FIFTEEN, cast.ana) == []


def test_with_a_second_factor_12_characters_are_enough(cast):
    enrol_second_factor(cast.ana)
    assert refused(THIRTEEN, cast.ana) == []
    assert refused("maple harbr", cast.ana) != []  # 11
    assert "at least 12 characters" in " ".join(refused("maple harbr", cast.ana))


def test_a_new_account_has_no_second_factor_yet_so_15_apply(db):
    newcomer = User(email="new@hope.test", display_name="New")
    assert "at least 15 characters" in " ".join(refused(THIRTEEN, newcomer))
    assert "at least 15 characters" in " ".join(refused(THIRTEEN))


@pytest.mark.parametrize("length", [64, 100, 256])
def test_long_passphrases_are_welcome(length):
    words = "a quiet walk by the river every morning "
    assert refused((words * 7)[:length]) == []


def test_absurd_lengths_are_refused():
    assert refused("x y z " * 60) != []


def test_common_passwords_are_refused_even_with_a_second_factor(cast):
    enrol_second_factor(cast.ana)
    assert any("too common" in message for message in refused("1q2w3e4r5t6y", cast.ana))


def test_no_composition_rules_lowercase_words_and_spaces_pass(cast):
    assert refused("just some plain lowercase words") == []


def test_the_help_text_states_both_minimums():
    text = " ".join(password_validators_help_texts())
    assert "15" in text and "12" in text


def test_changing_the_passphrase_with_a_second_factor_accepts_12_characters(client, cast):
    sign_in(client, cast.ana)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "correct horse battery staple",
            "password1": THIRTEEN,
            "password2": THIRTEEN,
        },
    )
    assert response.status_code == 302
    cast.ana.refresh_from_db()
    assert cast.ana.check_password(THIRTEEN)


def test_the_sign_in_form_lets_people_paste_and_their_password_manager_fill(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert 'autocomplete="current-password"' in page
    for blocker in ("onpaste", "oncopy", "ondrop", "maxlength"):
        assert blocker not in page.split('id="id_password"')[1].split(">")[0]
