"""The session engine on its own: what a request that is only activity writes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.signins.models import Session
from alongside.signins.store import SessionStore
from alongside.signins.tests.conftest import cookie
from alongside.testing.personas import login


def test_activity_alone_never_rewrites_the_session_data(client, cast):
    login(client, cast.ana)
    key = cookie(client)
    page = SessionStore(key)
    page.load()  # one request reads the session...
    fragment = SessionStore(key)
    fragment["note"] = "kept"  # ...while another stores something in it
    fragment.save()
    page.touch(timezone.now())
    page.save_activity()
    assert SessionStore(key)["note"] == "kept"
    assert Session.objects.get(session_key=key).last_activity == page.last_activity


def test_activity_does_not_bring_back_a_session_ended_meanwhile(client, cast):
    login(client, cast.ana)
    key = cookie(client)
    page = SessionStore(key)
    page.load()
    Session.objects.filter(session_key=key).delete()  # "Sign out everywhere else"
    page.touch(timezone.now())
    page.save_activity()
    assert not Session.objects.filter(session_key=key).exists()


def test_a_new_key_is_a_new_session_with_its_own_public_id(client, cast):
    login(client, cast.ana)
    store = SessionStore(cookie(client))
    store.load()
    before = store.public_id
    store.cycle_key()
    assert store.public_id not in (None, before)
    assert Session.objects.get(session_key=store.session_key).public_id == store.public_id


def _stored_activity(key: str):
    return Session.objects.values_list("last_activity", "expire_date").get(session_key=key)


def test_a_request_within_the_minute_writes_nothing(client, cast, django_assert_num_queries):
    login(client, cast.ana)
    key = cookie(client)
    before = _stored_activity(key)
    page = SessionStore(key)
    page.load()
    page.touch(timezone.now() + timedelta(seconds=50))
    with django_assert_num_queries(0):
        page.save_activity()
    assert _stored_activity(key) == before


def test_a_request_a_minute_later_moves_the_idle_limit(client, cast):
    login(client, cast.ana)
    key = cookie(client)
    _last, expiry = _stored_activity(key)
    page = SessionStore(key)
    page.load()
    later = timezone.now() + timedelta(seconds=61)
    page.touch(later)
    page.save_activity()
    last, moved = _stored_activity(key)
    assert last == later
    assert moved > expiry


def test_a_request_from_another_address_is_stored_at_once(client, cast):
    login(client, cast.ana)
    key = cookie(client)
    page = SessionStore(key)
    page.load()
    page.seen_from("203.0.113.9", "Firefox on Android")
    page.touch(timezone.now() + timedelta(seconds=5))
    page.save_activity()
    row = Session.objects.get(session_key=key)
    assert (row.ip, row.device) == ("203.0.113.9", "Firefox on Android")
