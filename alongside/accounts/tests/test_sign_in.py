"""Signing in and out with an e-mail address, a long passphrase and (staff) a code."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.testing.personas import PASSWORD, enrol_second_factor, totp_code


def test_staff_sign_in_with_their_email_then_a_code_and_land_on_their_page(client, cast):
    enrol_second_factor(cast.ana)
    response = client.post(
        reverse("account_login"), {"login": "ana@hope.test", "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(cast.ana)})
    assert response.status_code == 302
    landing = client.get(response["Location"], follow=True)
    assert landing.redirect_chain[-1][0] == reverse("today:home")
    assert landing.status_code == 200
    assert "_auth_user_id" in client.session


def test_a_wrong_passphrase_shows_a_clear_error_and_signs_nobody_in(client, cast):
    response = client.post(
        reverse("account_login"), {"login": "ana@hope.test", "password": "not the passphrase"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_and_known_emails_get_the_same_answer(client, cast):
    known = client.post(reverse("account_login"), {"login": "ana@hope.test", "password": "x" * 16})
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@hope.test", "password": "x" * 16}
    )
    assert known.status_code == unknown.status_code
    error = "The email address and/or password you specified are not correct."
    assert error in known.content.decode() and error in unknown.content.decode()


def test_sign_up_is_closed_because_administrators_add_staff(client, db):
    response = client.post(
        reverse("account_signup"), {"email": "new@hope.test", "password1": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert b"Sign Up Closed" in response.content or response.status_code in (403, 404)


def test_signing_out_ends_the_session(client, cast):
    client.post(reverse("account_login"), {"login": "ana@hope.test", "password": PASSWORD})
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("workspace:caseload")).status_code == 302


def test_long_passphrases_without_symbols_or_digits_are_accepted():
    validate_password("a quiet walk by the river every morning " * 1)


def test_a_short_password_is_refused():
    try:
        validate_password("Sh0rt!pass")
    except ValidationError as error:
        assert "at least 15 characters" in " ".join(error.messages)
    else:
        raise AssertionError("a 10-character password was accepted")


def test_a_common_password_is_refused_whatever_its_length():
    try:
        validate_password("1q2w3e4r5t6y7u8i9o0p")
    except ValidationError as error:
        assert any("too common" in message for message in error.messages)
    else:
        raise AssertionError("a common password was accepted")


def test_passphrases_of_64_characters_and_more_are_accepted():
    validate_password("correct horse battery staple " * 3)
