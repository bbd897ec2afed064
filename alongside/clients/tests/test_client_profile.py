"""The client profile (workspace:client): care, advocates and the contact timeline."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from alongside.audit.models import AccessEvent, Action
from alongside.testing.personas import login, make_encounter
from alongside.testing.querycount import count_queries

HTMX = {"HX-Request": "true"}


def url(client) -> str:
    return reverse("workspace:client", args=[client.public_id])


def add_contacts(cast, count: int) -> None:
    """Give Casey COUNT contacts, "Note 00" the newest, an hour apart."""
    now = timezone.now()
    for i in range(count):
        make_encounter(cast.casey, cast.ana, when=now - timedelta(hours=i + 1), note=f"Note {i:02}")


def test_profile_shows_the_open_episode(client, cast):
    login(client, cast.ana)
    response = client.get(url(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    zone = zoneinfo.ZoneInfo(cast.org.time_zone)
    admitted = timezone.localtime(cast.casey.episodes.get().admitted_at, zone)
    assert "<h1>Casey" in body
    assert "<dt>Program</dt><dd>Residential" in body
    assert f"<dt>Admitted</dt><dd>{date_format(admitted, 'M j, Y')}" in body
    assert "12-step" in body


def test_profile_shows_the_current_advocates(client, cast):
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    assert "Ana Advocate" in body
    assert "Waiting for an advocate" not in body


def test_profile_of_a_client_without_an_advocate_says_they_are_waiting(client, cast):
    login(client, cast.sam)
    assert "Waiting for an advocate" in client.get(url(cast.newcomer)).content.decode()


def test_profile_shows_contacts_newest_first(client, cast):
    add_contacts(cast, 2)
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    assert body.index("Note 00") < body.index("Note 01")
    assert "One-on-one (30 min)" in body


def test_profile_without_contacts_invites_the_first_one(client, cast):
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    assert "No contacts logged yet." in body
    assert "Log the first one above." in body


def test_profile_shows_twenty_contacts_per_page(client, cast):
    add_contacts(cast, 25)
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    assert "Note 19" in body
    assert "Note 20" not in body
    assert "Page 1 of 2" in body


def test_second_page_of_contacts_is_reachable(client, cast):
    add_contacts(cast, 25)
    login(client, cast.ana)
    body = client.get(url(cast.casey), {"page": 2}).content.decode()
    assert "Page 2 of 2" in body
    assert "Note 20" in body and "Note 24" in body
    assert "Note 19" not in body
    assert "<h1>Casey" in body


def test_htmx_page_request_returns_only_the_timeline(client, cast):
    add_contacts(cast, 25)
    login(client, cast.ana)
    response = client.get(url(cast.casey), {"page": 2}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="timeline">')
    assert "<html" not in body
    assert "Peer recovery advocates" not in body
    assert "Note 20" in body and "Note 19" not in body


def test_clinician_sees_that_a_note_exists_but_not_its_text(client, cast):
    make_encounter(cast.casey, cast.ana, note="Worried about the court date.")
    login(client, cast.cleo)
    body = client.get(url(cast.casey)).content.decode()
    assert "Worried about the court date." not in body
    assert "Note kept within the peer support team." in body
    assert "One-on-one (30 min)" in body


def test_clinician_does_not_see_note_text_on_htmx_pages_either(client, cast):
    add_contacts(cast, 25)
    login(client, cast.cleo)
    body = client.get(url(cast.casey), {"page": 2}, headers=HTMX).content.decode()
    assert "Note 2" not in body
    assert "Note kept within the peer support team." in body


def test_advocate_reads_the_note(client, cast):
    make_encounter(cast.casey, cast.ana, note="Worried about the court date.")
    login(client, cast.ana)
    assert "Worried about the court date." in client.get(url(cast.casey)).content.decode()


def test_manage_actions_are_offered_to_the_supervisor(client, cast):
    login(client, cast.sam)
    body = client.get(url(cast.casey)).content.decode()
    assert "Discharge…" in body and "Transfer…" in body and "Assign an advocate" in body


def test_advocate_may_log_contacts_but_is_not_offered_manage_actions(client, cast):
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    assert "Log a contact" in body
    assert "Discharge…" not in body and "Transfer…" not in body


def test_clinician_is_offered_no_actions(client, cast):
    login(client, cast.cleo)
    body = client.get(url(cast.casey)).content.decode()
    assert "Log a contact" not in body and "Discharge…" not in body


def test_opening_a_profile_is_audited(client, cast):
    login(client, cast.ana)
    client.get(url(cast.casey))
    assert AccessEvent.objects.filter(
        action=Action.VIEW, object_type="client", client_id=cast.casey.pk, user_id=cast.ana.pk
    ).exists()


@pytest.mark.parametrize("persona", ["oscar", "ben", "alex"])
def test_profile_outside_ones_scope_is_not_found(client, cast, persona):
    login(client, getattr(cast, persona))
    response = client.get(url(cast.casey))
    assert response.status_code == 404
    assert "Casey" not in response.content.decode()


def test_profile_is_read_only(client, cast):
    login(client, cast.ana)
    assert client.post(url(cast.casey)).status_code == 405


def test_profile_query_count_does_not_grow_with_the_number_of_contacts(client, cast):
    login(client, cast.ana)
    client.get(url(cast.casey))  # the first audited request creates the tenant's chain head
    add_contacts(cast, 5)
    few = count_queries(client, url(cast.casey))
    add_contacts(cast, 55)
    many = count_queries(client, url(cast.casey))
    assert few == many


def test_timeline_page_query_count_does_not_grow_with_the_number_of_contacts(client, cast):
    login(client, cast.ana)
    client.get(url(cast.casey))
    add_contacts(cast, 25)
    few = count_queries(client, url(cast.casey) + "?page=2", headers=HTMX)
    add_contacts(cast, 40)
    many = count_queries(client, url(cast.casey) + "?page=2", headers=HTMX)
    assert few == many
