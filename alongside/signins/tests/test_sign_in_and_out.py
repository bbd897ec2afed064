"""Signing in gives a new session id; signing out ends the session on the server."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from alongside.signins.models import Session
from alongside.signins.tests.conftest import cookie, session_of
from alongside.testing.personas import PASSWORD, login

LOGIN = reverse("account_login")
LOGOUT = reverse("account_logout")
PORTAL = "/me/"
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)


def sign_in(client: Client, email: str) -> None:
    response = client.post(LOGIN, {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def test_signing_in_gives_a_new_session_id(client, cast, casey_account):
    before = client.session  # a session from before sign-in (as a visit to the site makes)
    before["seen"] = True
    before.save()
    old_key = cookie(client)
    sign_in(client, casey_account.email)
    new_key = cookie(client)
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert Session.objects.get(session_key=new_key).user == casey_account


def test_the_session_records_who_when_where_and_which_device(client, cast, casey_account):
    sign_in(client, casey_account.email)
    client.get(PORTAL, headers={"User-Agent": PHONE}, REMOTE_ADDR="203.0.113.7")
    session = session_of(client)
    assert session.user == casey_account
    assert session.device == "Chrome · Android"
    assert session.ip == "203.0.113.7"
    assert session.signed_in_at <= session.last_activity
    # Nothing but Django's and allauth's own keys in the data.
    assert "Casey" not in session.session_data


def test_signing_out_ends_the_session_on_the_server(client, cast, casey_account):
    sign_in(client, casey_account.email)
    old_key = cookie(client)
    assert client.get(PORTAL).status_code == 200
    client.post(LOGOUT)
    assert not Session.objects.filter(session_key=old_key).exists()
    # Presenting the old cookie again gets nobody in.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    response = replay.get(PORTAL)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_test_clients_force_login_works_with_the_engine(client, cast):
    login(client, cast.ana)
    assert client.get("/today/").status_code == 200
    assert session_of(client).user == cast.ana


def test_a_deactivated_account_cannot_use_a_session_it_still_holds(client, cast):
    # Django refuses inactive accounts on every request even before their sessions are
    # deleted (test_deactivation.py shows they are).
    login(client, cast.ana)
    cast.ana.is_active = False
    cast.ana.save(update_fields=["is_active"])
    assert client.get("/today/").status_code == 302
