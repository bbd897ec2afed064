"""Idle and absolute limits, enforced on the server whatever the browser does."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from alongside.accounts.models import ApiToken
from alongside.signins.models import Session
from alongside.signins.tests.conftest import at, cookie, session_of
from alongside.testing.personas import login

TODAY = "/today/"
MY_SIGNINS = "/accounts/signins/"
PORTAL = "/me/"
LOGIN = "/accounts/login/"
STAFF_MESSAGE = "You were signed out after 15 minutes without activity."
CLIENT_MESSAGE = "You were signed out after 30 minutes without activity."


def signed_in_staff(client, user):
    login(client, user)
    client.get(TODAY)  # the first page after signing in, as in a browser
    return session_of(client).last_activity


def signed_in_client(client, account):
    login(client, account)
    client.get(PORTAL)
    return session_of(client).last_activity


def test_staff_are_signed_out_after_15_minutes_without_activity(client, cast):
    last = signed_in_staff(client, cast.ana)
    key = cookie(client)
    with at(last + timedelta(minutes=15)):
        response = client.get(TODAY)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={TODAY}"
    assert not Session.objects.filter(session_key=key).exists()
    assert not Session.objects.filter(user=cast.ana).exists()
    assert STAFF_MESSAGE in client.get(response["Location"]).content.decode()


def test_the_staff_limit_applies_even_before_a_session_has_stored_it(client, cast):
    # A session saved outside a request (here the test client's sign-in) is stored with the
    # longer limit; the middleware still applies the person's own on their next request.
    login(client, cast.ana)
    signed_in = session_of(client).last_activity
    with at(signed_in + timedelta(minutes=16)):
        response = client.get(TODAY)
    assert response.status_code == 302
    assert STAFF_MESSAGE in client.get(response["Location"]).content.decode()


def test_each_request_starts_the_idle_clock_again(client, cast):
    last = signed_in_staff(client, cast.ana)
    for step in range(1, 4):
        with at(last + step * timedelta(minutes=14, seconds=59)):
            assert client.get(TODAY).status_code == 200
    assert session_of(client).last_activity == last + 3 * timedelta(minutes=14, seconds=59)


def test_clients_have_30_minutes(client, cast, casey_account):
    last = signed_in_client(client, casey_account)
    with at(last + timedelta(minutes=29, seconds=59)):
        assert client.get(PORTAL).status_code == 200
    with at(last + timedelta(minutes=29, seconds=59) + timedelta(minutes=30)):
        response = client.get(PORTAL)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert CLIENT_MESSAGE in client.get(response["Location"]).content.decode()


def test_the_idle_limits_come_from_settings(client, cast, casey_account, settings):
    settings.ALONGSIDE_IDLE_MINUTES_STAFF = 5
    settings.ALONGSIDE_IDLE_MINUTES_CLIENT = 60
    last = signed_in_staff(client, cast.ana)
    with at(last + timedelta(minutes=5)):
        response = client.get(TODAY)
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "You were signed out after 5 minutes without activity." in body

    last = signed_in_client(client, casey_account)
    with at(last + timedelta(minutes=59)):
        assert client.get(PORTAL).status_code == 200


def test_a_session_that_expired_long_ago_is_refused_by_the_store_itself(client, cast):
    last = signed_in_staff(client, cast.ana)
    key = cookie(client)
    # Past the stored expiry: the row is not even loaded.
    with at(last + timedelta(hours=3)):
        response = client.get(TODAY)
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert STAFF_MESSAGE in client.get(response["Location"]).content.decode()


def test_sessions_end_12_hours_after_sign_in_however_busy(client, cast):
    last = signed_in_staff(client, cast.ana)
    moment = last
    while moment + timedelta(minutes=14) < last + timedelta(hours=12):
        moment += timedelta(minutes=14)
        with at(moment):
            assert client.get(MY_SIGNINS).status_code == 200
    with at(last + timedelta(hours=12)):
        response = client.get(TODAY)
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "For your security you were signed out 12 hours after signing in." in body


def test_a_sign_in_is_not_stretched_by_the_clock_going_back(client, cast):
    last = signed_in_staff(client, cast.ana)
    with at(last - timedelta(hours=1)):
        assert client.get(TODAY).status_code == 200
    assert session_of(client).last_activity == last


def test_htmx_requests_are_sent_to_the_sign_in_page_as_a_whole_page(client, cast):
    last = signed_in_staff(client, cast.ana)
    fragment = reverse("support:log_contact", args=[cast.casey.public_id]) + "?inline=1"
    with at(last + timedelta(minutes=16)):
        response = client.get(
            fragment,
            headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/caseload/"},
        )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{LOGIN}?next=%2Fcaseload%2F"
    assert response.content == b""
    assert STAFF_MESSAGE in client.get(LOGIN).content.decode()


def test_an_api_call_on_an_expired_session_gets_the_apis_401(client, cast, casey_account):
    last = signed_in_client(client, casey_account)
    with at(last + timedelta(minutes=31)):
        response = client.get("/api/v1/messages/unread")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}
    # No message is left waiting for a page: the API caller was not a page.
    assert "signed out after" not in client.get(LOGIN).content.decode()


def test_a_bearer_token_has_no_idle_limit_of_its_own(client, cast, casey_account):
    _, raw = ApiToken.issue(casey_account)
    last = signed_in_client(client, casey_account)
    with at(last + timedelta(hours=2)):
        response = client.get("/api/v1/messages/unread", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_pages_open_to_everyone_still_open_after_an_expired_session(client, cast, casey_account):
    last = signed_in_client(client, casey_account)
    with at(last + timedelta(minutes=31)):
        response = client.get(reverse("portal:help"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "988" in body
    assert CLIENT_MESSAGE in body


def test_a_client_is_told_in_their_browsers_language(client, cast, casey_account):
    # Once the session has ended nobody is signed in, so the message speaks the language the
    # portal's sign-in page would: the language cookie, else the browser's.
    spanish = {"Accept-Language": "es"}
    last = signed_in_client(client, casey_account)
    with at(last + timedelta(minutes=31)):
        response = client.get(PORTAL, headers=spanish)
    body = client.get(response["Location"], headers=spanish).content.decode()
    assert "Se cerró tu sesión después de 30 minutos sin actividad." in body
