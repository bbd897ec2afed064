"""Re-authentication before sensitive actions: `require_recent_auth` for Alongside's own pages
(break-glass, exports, revoking consent…) and allauth's for the account pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.reauth import require_recent_auth
from alongside.accounts.tests.conftest import post_code, post_password, sign_in
from alongside.testing.personas import PASSWORD, give_portal_account, totp_code
from config.urls import urlpatterns as site

REAUTH = reverse("account_reauthenticate")


@require_http_methods(["GET", "POST"])
@require_recent_auth
def sensitive(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return HttpResponse(f"done: {request.POST['what']}")
    return HttpResponse("the sensitive page")


@require_recent_auth(minutes=2)
def very_sensitive(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the very sensitive page")


urlpatterns = [
    *site,
    path("test-sensitive/", sensitive),
    path("test-very-sensitive/", very_sensitive),
]
pytestmark = pytest.mark.urls(__name__)


def later(minutes: float):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_within_10_minutes_of_signing_in_the_page_opens(client, cast):
    sign_in(client, cast.ana)
    with later(9):
        assert client.get("/test-sensitive/").content == b"the sensitive page"


def test_after_10_minutes_the_password_is_asked_for_then_the_page_opens(client, cast):
    sign_in(client, cast.ana)
    with later(11):
        response = client.get("/test-sensitive/")
        assert response["Location"] == f"{REAUTH}?next=%2Ftest-sensitive%2F"
        back = client.post(response["Location"], {"password": PASSWORD})
        assert back["Location"] == "/test-sensitive/"
        assert client.get("/test-sensitive/").content == b"the sensitive page"


def test_a_posted_form_is_carried_through_re_authentication(client, cast):
    sign_in(client, cast.ana)
    with later(11):
        response = client.post("/test-sensitive/", {"what": "export"})
        assert response["Location"].startswith(REAUTH)
        resumed = client.post(response["Location"], {"password": PASSWORD})
        assert resumed.content == b"done: export"


def test_a_wrong_password_opens_nothing(client, cast):
    sign_in(client, cast.ana)
    with later(11):
        response = client.get("/test-sensitive/")
        again = client.post(response["Location"], {"password": "not it at all, no"})
        assert again.status_code == 200
        assert client.get("/test-sensitive/")["Location"].startswith(REAUTH)


def test_the_window_can_be_shorter(client, cast):
    sign_in(client, cast.ana)
    with later(3):
        assert client.get("/test-very-sensitive/")["Location"].startswith(REAUTH)


def test_re_authenticating_with_a_code_works_too(client, cast):
    sign_in(client, cast.ana)
    with later(11):
        response = client.get("/test-sensitive/")
        mfa = client.get(response["Location"].replace(REAUTH, reverse("mfa_reauthenticate")))
        assert mfa.status_code == 200
        url = reverse("mfa_reauthenticate") + "?next=/test-sensitive/"
        assert client.post(url, {"code": totp_code(cast.ana)})["Location"] == "/test-sensitive/"
        assert client.get("/test-sensitive/").status_code == 200


def test_someone_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get("/test-sensitive/")
    assert response["Location"].startswith(reverse("account_login"))


# --- allauth's own sensitive pages --------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "form"),
    [
        (reverse("mfa_deactivate_totp"), {}),
        (reverse("mfa_generate_recovery_codes"), {}),
    ],
)
def test_changing_the_second_factor_asks_again_after_5_minutes(client, cast, url, form):
    sign_in(client, cast.ana)
    assert client.get(url).status_code == 200  # just signed in
    with later(6):
        assert client.post(url, form)["Location"].startswith(REAUTH)


def test_a_client_changing_their_email_address_is_asked_again_after_5_minutes(client, cast):
    account = give_portal_account(cast.casey, "casey@portal.test")
    post_password(client, account.email)
    add = {"action_add": "", "email": "casey.new@portal.test"}
    with later(6):
        assert client.post(reverse("account_email"), add)["Location"].startswith(REAUTH)
    assert not EmailAddress.objects.filter(email="casey.new@portal.test").exists()


def test_an_account_with_a_second_factor_cannot_add_an_email_address_at_all(client, cast):
    """allauth refuses it (an unverified address next to a second factor could lock the owner
    out); staff addresses are changed by their administrator."""
    sign_in(client, cast.ana)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "ana.new@hope.test"}
    )
    assert "protected by two-factor authentication" in response.content.decode()
    assert not EmailAddress.objects.filter(email="ana.new@hope.test").exists()


def test_changing_the_passphrase_asks_for_the_current_one(client, cast):
    sign_in(client, cast.ana)
    new = "a different long passphrase"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not the current one, no", "password1": new, "password2": new},
    )
    assert response.status_code == 200
    cast.ana.refresh_from_db()
    assert cast.ana.check_password(PASSWORD)


def test_a_recent_re_authentication_opens_them_again(client, cast):
    sign_in(client, cast.ana)
    with later(12):
        client.post(REAUTH, {"password": PASSWORD})
        assert client.get(reverse("mfa_deactivate_totp")).status_code == 200


def test_posting_to_the_sign_in_code_page_while_signed_in_is_no_re_authentication(client, cast):
    sign_in(client, cast.ana)
    with later(11):
        assert post_code(client, totp_code(cast.ana)).status_code in (302, 200)
        assert client.get("/test-sensitive/")["Location"].startswith(REAUTH)
