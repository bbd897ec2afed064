"""The warning a minute before an idle session ends, and the two requests behind it."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse

from alongside.signins.tests.conftest import at, session_of
from alongside.testing.personas import login

TODAY = "/today/"
PORTAL = "/me/"
TIME_LEFT = reverse("signins:time_left")
KEEPALIVE = reverse("signins:keepalive")
JSON = {"Accept": "application/json"}


def dialog_of(body: str) -> str:
    match = re.search(r'<dialog id="session-warning".*?</dialog>', body, re.S)
    return match.group(0) if match else ""


def test_staff_pages_carry_the_warning_with_15_minutes_left(client, cast):
    login(client, cast.ana)
    # The page counts from the stored activity (kept to the minute), not from this request:
    # the clock stays at it so the count is exact on a slow machine too.
    with at(session_of(client).last_activity):
        body = client.get(TODAY).content.decode()
    dialog = dialog_of(body)
    assert 'data-seconds="900"' in dialog
    assert 'data-warn-before="60"' in dialog
    assert f'data-time-left-url="{TIME_LEFT}"' in dialog
    assert "You will be signed out in 1 minute. Stay signed in?" in dialog
    assert '<script src="/static/signins/session-warning.js" defer></script>' in body


def test_portal_pages_carry_the_warning_with_30_minutes_left(client, cast, casey_account):
    login(client, casey_account)
    with at(session_of(client).last_activity):
        dialog = dialog_of(client.get(PORTAL).content.decode())
    assert 'data-seconds="1800"' in dialog


def test_a_request_within_the_minute_does_not_move_the_count(client, cast):
    login(client, cast.ana)
    with at(session_of(client).last_activity):
        client.get(TODAY)  # the first page stores this browser's address and device
    last = session_of(client).last_activity
    with at(last + timedelta(seconds=20)):
        dialog = dialog_of(client.get(TODAY).content.decode())
    assert 'data-seconds="880"' in dialog
    assert session_of(client).last_activity == last


def test_the_warning_is_closed_and_has_no_inline_script_or_style(client, cast):
    login(client, cast.ana)
    body = client.get(TODAY).content.decode()
    dialog = dialog_of(body)
    assert dialog.startswith('<dialog id="session-warning"') and " open" not in dialog[:120]
    assert 'role="alertdialog"' in dialog and 'aria-labelledby="session-warning-title"' in dialog
    assert "style=" not in dialog
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body) == []


def test_signed_out_pages_have_no_warning(client, db):
    body = client.get(reverse("account_login")).content.decode()
    assert "session-warning" not in body


def test_the_seconds_count_from_the_last_request(client, cast):
    login(client, cast.ana)
    client.get(TODAY)
    last = session_of(client).last_activity
    with at(last + timedelta(minutes=10)):
        response = client.get(TIME_LEFT)
    assert response.json() == {"seconds": 300, "extendable": True}


def test_asking_how_long_is_left_is_not_activity(client, cast):
    login(client, cast.ana)
    client.get(TODAY)
    last = session_of(client).last_activity
    with at(last + timedelta(minutes=14, seconds=30)):
        assert client.get(TIME_LEFT).json()["seconds"] == 30
    assert session_of(client).last_activity == last
    with at(last + timedelta(minutes=15)):
        assert client.get(TIME_LEFT).json() == {"seconds": 0, "extendable": False}
    assert client.get(TODAY).status_code == 302


def test_stay_signed_in_starts_the_15_minutes_again(client, cast):
    login(client, cast.ana)
    client.get(TODAY)
    last = session_of(client).last_activity
    pressed = last + timedelta(minutes=14, seconds=10)
    with at(pressed):
        response = client.post(KEEPALIVE, headers=JSON)
    assert response.status_code == 200
    assert response.json() == {"seconds": 900, "extendable": True}
    assert session_of(client).last_activity == pressed
    with at(pressed + timedelta(minutes=14)):
        assert client.get(TODAY).status_code == 200


def test_stay_signed_in_without_the_script_returns_to_the_page(client, cast):
    login(client, cast.ana)
    response = client.post(KEEPALIVE, {"next": "/caseload/?sort=name"})
    assert response.status_code == 302
    assert response["Location"] == "/caseload/?sort=name"
    off_site = client.post(KEEPALIVE, {"next": "https://evil.example/"})
    assert off_site["Location"] == reverse("home")


def test_stay_signed_in_after_the_session_ended_says_so(client, cast):
    login(client, cast.ana)
    client.get(TODAY)
    last = session_of(client).last_activity
    with at(last + timedelta(minutes=16)):
        response = client.post(KEEPALIVE, headers=JSON)
    assert response.status_code == 401
    assert response.json() == {"seconds": 0, "extendable": False}


def test_stay_signed_in_takes_only_post_with_a_csrf_token(cast):
    browser = Client(enforce_csrf_checks=True)
    login(browser, cast.ana)
    assert browser.get(KEEPALIVE).status_code == 405
    assert browser.post(KEEPALIVE, headers=JSON).status_code == 403


def test_time_left_takes_only_get(client, cast):
    login(client, cast.ana)
    assert client.post(TIME_LEFT).status_code == 405


def test_near_the_12_hour_limit_the_warning_cannot_extend(client, cast):
    login(client, cast.ana)
    client.get(TODAY)
    signed_in = session_of(client).signed_in_at
    with at(signed_in + timedelta(hours=11, minutes=50)):
        session = session_of(client)
        session.last_activity = signed_in + timedelta(hours=11, minutes=49)
        session.expire_date = signed_in + timedelta(hours=12)
        session.save(update_fields=["last_activity", "expire_date"])
        body = client.get(TODAY).content.decode()
        left = client.get(TIME_LEFT).json()
    dialog = dialog_of(body)
    assert 'data-seconds="600"' in dialog
    assert "a sign-in lasts at most 12 hours" in dialog
    assert "Stay signed in" not in dialog
    assert left == {"seconds": 600, "extendable": False}
