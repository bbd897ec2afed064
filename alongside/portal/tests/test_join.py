"""Joining the portal from the invitation link or with the code read out on the phone."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.portal.models import Invitation
from alongside.portal.services import invite_client
from alongside.portal.tests.conftest import GOOD_PASSPHRASE

NOT_VALID = "This invitation is not valid. It may be mistyped, expired or already used"


def link(issued):
    return reverse("portal:join_link", args=[issued.link_token])


def account(email="casey@example.test", passphrase=GOOD_PASSPHRASE, again=None):
    return {"email": email, "passphrase": passphrase, "passphrase_again": again or passphrase}


@pytest.fixture
def issued(cast):
    return invite_client(cast.ana, cast.casey, email="casey@example.test")


def test_the_link_opens_the_account_form_without_signing_in(client, issued):
    response = client.get(link(issued))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Set up your account" in body
    assert 'value="casey@example.test"' in body  # where the link was sent
    assert "Casey" not in body  # the page never names the person
    assert "no-cache" in response["Cache-Control"]


def test_the_link_sets_up_the_account_and_the_person_then_signs_in_to_the_portal(
    client, cast, issued
):
    response = client.post(link(issued), account())
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    page = client.get(response["Location"]).content.decode()
    assert "You&#x27;re all set. Sign in with your e-mail address" in page
    cast.casey.refresh_from_db()
    assert cast.casey.user is not None
    signed_in = client.post(
        reverse("account_login"), {"login": "casey@example.test", "password": GOOD_PASSPHRASE}
    )
    assert client.get(signed_in["Location"], follow=True).redirect_chain[-1][0] == reverse(
        "portal:home"
    )


def test_the_link_works_only_once(client, issued):
    client.post(link(issued), account())
    response = client.get(link(issued))
    assert response.status_code == 404
    assert NOT_VALID in response.content.decode()
    again = client.post(link(issued), account(email="other@example.test"))
    assert again.status_code == 404
    assert not User.objects.filter(email="other@example.test").exists()


def test_an_expired_link_is_not_valid(client, issued):
    later = timezone.now() + timedelta(hours=72, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(link(issued))
        posted = client.post(link(issued), account())
    assert response.status_code == posted.status_code == 404
    assert NOT_VALID in response.content.decode()
    assert not User.objects.filter(email="casey@example.test").exists()


def test_the_code_page_takes_the_code_then_the_account(client, cast, issued):
    start = client.get(reverse("portal:join"))
    assert start.status_code == 200
    assert "Enter the code your advocate gave you." in start.content.decode()
    step_two = client.post(reverse("portal:join"), {"code": issued.short_code.lower()})
    body = step_two.content.decode()
    assert step_two.status_code == 200
    assert "Set up your account" in body
    assert 'name="step" value="account"' in body
    assert "casey@example.test" not in body  # a guessable code reveals no address
    done = client.post(
        reverse("portal:join"), {"code": issued.short_code, "step": "account", **account()}
    )
    assert done.status_code == 302
    cast.casey.refresh_from_db()
    assert cast.casey.user.email == "casey@example.test"


def test_a_wrong_code_gets_a_clear_error(client, issued):
    response = client.post(reverse("portal:join"), {"code": "ZZZZ-ZZZZ"})
    assert response.status_code == 422
    assert NOT_VALID in response.content.decode()


def test_an_empty_code_is_bad_input(client, issued):
    response = client.post(reverse("portal:join"), {})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (account(passphrase="too short"), "This password is too short."),
        (account(passphrase="1q2w3e4r5t6y7u8i9o0p"), "This password is too common."),
        (account(again="something else entirely"), "The two passphrases are not the same."),
        (account(email="not-an-address"), "Enter a valid e-mail address."),
        ({}, "This field is required."),
    ],
)
def test_bad_input_shows_a_clear_error_saves_nothing_and_keeps_the_invitation(
    client, cast, issued, data, message
):
    response = client.post(link(issued), data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was saved." in body
    assert message in body
    if data.get("passphrase"):
        assert f'value="{data["passphrase"]}"' not in body  # a passphrase is never echoed
    cast.casey.refresh_from_db()
    assert cast.casey.user is None
    assert Invitation.objects.get().used_at is None
    assert client.post(link(issued), account()).status_code == 302  # still usable


def test_bad_input_after_a_code_keeps_the_code_step(client, cast, issued):
    response = client.post(
        reverse("portal:join"),
        {"code": issued.short_code, "step": "account", **account(passphrase="short")},
    )
    assert response.status_code == 422
    assert 'name="step" value="account"' in response.content.decode()
    assert Invitation.objects.get().used_at is None


@pytest.mark.parametrize("method", ["put", "delete"])
def test_join_pages_refuse_other_methods(client, issued, method):
    assert getattr(client, method)(link(issued)).status_code == 405
    assert getattr(client, method)(reverse("portal:join")).status_code == 405
    assert Invitation.objects.get().used_at is None
