"""Resetting a forgotten passphrase never skips the second factor (issue 5)."""

from __future__ import annotations

from django.urls import reverse

from alongside.accounts.tests.conftest import post_code, post_password
from alongside.testing.personas import enrol_second_factor, totp_code

NEW = "a brand new passphrase for ana"
SECOND_STEP = reverse("mfa_authenticate")


def reset_by_email(client, email, mailoutbox):
    """Ask for a reset link, follow it and choose NEW; return the last response."""
    client.post(reverse("account_reset_password"), {"email": email})
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/password/reset/key/" in line)
    form = client.get(link.strip(), follow=True)
    return client.post(form.redirect_chain[-1][0], {"password1": NEW, "password2": NEW})


def test_after_a_reset_signing_in_still_asks_for_the_code(client, cast, mailoutbox):
    enrol_second_factor(cast.ana)
    reset_by_email(client, cast.ana.email, mailoutbox)
    cast.ana.refresh_from_db()
    assert cast.ana.check_password(NEW)
    assert "_auth_user_id" not in client.session
    assert client.get("/today/").status_code == 302

    assert post_password(client, cast.ana.email, NEW)["Location"] == SECOND_STEP
    assert client.get("/today/").status_code == 302
    assert post_code(client, "000000").status_code == 200
    assert post_code(client, totp_code(cast.ana)).status_code == 302
    assert client.get("/today/").status_code == 200


def test_even_signing_in_straight_after_the_reset_would_ask_for_the_code(
    client, cast, mailoutbox, settings
):
    """Alongside does not sign people in after a reset; if that setting were turned on,
    allauth's sign-in would still stop at the second step."""
    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
    enrol_second_factor(cast.ana)
    response = reset_by_email(client, cast.ana.email, mailoutbox)
    assert response["Location"] == SECOND_STEP
    assert "_auth_user_id" not in client.session
    assert client.get("/today/").status_code == 302


def test_the_reset_keeps_the_authenticator(client, cast, mailoutbox):
    authenticator = enrol_second_factor(cast.ana)
    reset_by_email(client, cast.ana.email, mailoutbox)
    authenticator.refresh_from_db()  # still there
