"""Logging a support contact: the full page, and the inline (htmx) form on the caseload."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.support.models import Encounter
from alongside.testing.personas import login

HTMX = {"HX-Request": "true"}


def url(client: Any) -> str:
    return reverse("support:log_contact", args=[client.public_id])


def inline_url(client: Any) -> str:
    return url(client) + "?inline=1"


def local_input(moment: datetime, cast: Any) -> str:
    """Return MOMENT as a datetime-local input value in the organization's zone."""
    return timezone.localtime(moment, zoneinfo.ZoneInfo(cast.org.time_zone)).strftime(
        "%Y-%m-%dT%H:%M"
    )


def contact(**changes: Any) -> dict[str, Any]:
    data = {"kind": "phone", "minutes": "15", "topics": ["housing"], "note": "Housing list."}
    data.update(changes)
    return data


# --- The full page ------------------------------------------------------------------------


def test_advocate_sees_the_contact_form_with_now_filled_in(client, cast):
    login(client, cast.ana)
    response = client.get(url(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Log a contact with Casey" in body
    today = local_input(timezone.now(), cast)[:10]
    assert f'name="occurred_at" value="{today}T' in body


def test_advocate_logs_a_contact(client, cast):
    login(client, cast.ana)
    response = client.post(url(cast.casey), contact())
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[cast.casey.public_id])
    encounter = Encounter.objects.get()
    assert encounter.client == cast.casey
    assert encounter.advocate == cast.ana
    assert encounter.kind == "phone"
    assert encounter.minutes == 15
    assert encounter.topics == ["housing"]
    assert encounter.note == "Housing list."


def test_logged_contact_is_confirmed_and_shown_on_the_timeline(client, cast):
    login(client, cast.ana)
    response = client.post(url(cast.casey), contact(), follow=True)
    body = response.content.decode()
    assert "Contact logged." in body
    assert "Phone call (15 min)" in body
    assert "Housing list." in body


def test_contact_without_a_time_happened_now(client, cast):
    before = timezone.now()
    login(client, cast.ana)
    client.post(url(cast.casey), {"kind": "brief"})
    assert Encounter.objects.get().occurred_at >= before


def test_contact_keeps_the_time_it_happened(client, cast):
    when = timezone.now() - timedelta(days=2)
    login(client, cast.ana)
    client.post(url(cast.casey), contact(occurred_at=local_input(when, cast)))
    assert abs(Encounter.objects.get().occurred_at - when) < timedelta(minutes=1)


def test_contact_a_few_minutes_ahead_is_accepted_for_a_fast_phone_clock(client, cast):
    login(client, cast.ana)
    ahead = local_input(timezone.now() + timedelta(minutes=3), cast)
    assert client.post(url(cast.casey), contact(occurred_at=ahead)).status_code == 302
    assert Encounter.objects.count() == 1


def test_logging_a_contact_is_audited(client, cast):
    login(client, cast.ana)
    client.post(url(cast.casey), contact())
    encounter = Encounter.objects.get()
    event = AccessEvent.objects.get(action=Action.CREATE, object_public_id=encounter.public_id)
    assert event.object_type == "encounter"
    assert event.user_id == cast.ana.pk
    assert event.client_id == cast.casey.pk
    assert event.role == "pra"


def test_supervisor_may_log_a_contact_for_their_team(client, cast):
    login(client, cast.sam)
    assert client.post(url(cast.riley), contact()).status_code == 302
    assert Encounter.objects.get().advocate == cast.sam


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_log_contact_refuses_other_methods(client, cast, method):
    login(client, cast.ana)
    response = getattr(client, method)(url(cast.casey))
    assert response.status_code == 405
    assert not Encounter.objects.exists()


def test_advocate_of_another_organization_gets_not_found(client, cast):
    login(client, cast.oscar)
    assert client.get(url(cast.casey)).status_code == 404
    assert client.post(url(cast.casey), contact()).status_code == 404
    assert not Encounter.objects.exists()


def test_advocate_gets_not_found_for_a_client_who_is_not_theirs(client, cast):
    login(client, cast.ben)
    assert client.post(url(cast.casey), contact()).status_code == 404
    assert not Encounter.objects.exists()


def test_administrator_gets_not_found(client, cast):
    login(client, cast.alex)
    assert client.post(url(cast.casey), contact()).status_code == 404
    assert not Encounter.objects.exists()


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_roles_that_see_the_client_but_do_not_record_are_refused(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(url(cast.casey)).status_code == 403
    assert client.post(url(cast.casey), contact()).status_code == 403
    assert not Encounter.objects.exists()


def test_refused_contact_is_audited_as_denied(client, cast):
    login(client, cast.cleo)
    client.post(url(cast.casey), contact())
    assert AccessEvent.objects.filter(
        user_id=cast.cleo.pk, client_id=cast.casey.pk, outcome=Outcome.DENIED
    ).exists()


def test_log_contact_requires_sign_in(client, cast):
    response = client.post(url(cast.casey), contact())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Encounter.objects.exists()


# (the change to a valid contact, given the cast; the message the page must show)
BAD_CONTACTS = [
    pytest.param(lambda cast: {"kind": ""}, "This field is required.", id="no-kind"),
    pytest.param(
        lambda cast: {"kind": "telepathy"},
        "Select a valid choice. telepathy is not one of the available choices.",
        id="unknown-kind",
    ),
    pytest.param(
        lambda cast: {"minutes": "0"},
        "Ensure this value is greater than or equal to 1.",
        id="zero-minutes",
    ),
    pytest.param(
        lambda cast: {"minutes": "5000"},
        "Ensure this value is less than or equal to 1440.",
        id="5000-minutes",
    ),
    pytest.param(
        lambda cast: {"occurred_at": local_input(timezone.now() + timedelta(minutes=30), cast)},
        "A contact cannot be logged in the future.",
        id="in-the-future",
    ),
    pytest.param(
        lambda cast: {"location": "x" * 201},
        "Ensure this value has at most 200 characters (it has 201).",
        id="location-too-long",
    ),
    pytest.param(
        lambda cast: {"topics": ["gossip"]},
        "Select a valid choice. gossip is not one of the available choices.",
        id="unknown-topic",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_CONTACTS)
def test_bad_contact_is_shown_with_its_error_and_saves_nothing(client, cast, change, message):
    login(client, cast.ana)
    response = client.post(url(cast.casey), contact(**change(cast)))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert message in body
    assert not Encounter.objects.exists()
    assert not AccessEvent.objects.filter(action=Action.CREATE, object_type="encounter").exists()


def test_bad_contact_keeps_what_was_typed(client, cast):
    login(client, cast.ana)
    response = client.post(url(cast.casey), contact(kind="", note="Talked about the move."))
    assert "Talked about the move." in response.content.decode()


# --- The inline form (htmx, from the caseload) ---------------------------------------------


def test_inline_form_is_a_fragment_that_posts_back_inline(client, cast):
    login(client, cast.ana)
    response = client.get(inline_url(cast.casey), headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<form class="inline-form"')
    assert f'hx-post="{inline_url(cast.casey)}"' in body


def test_inline_contact_is_logged_and_confirmed_in_place(client, cast):
    login(client, cast.ana)
    response = client.post(inline_url(cast.casey), contact(), headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Contact with Casey logged (phone call," in body
    encounter = Encounter.objects.get()
    assert encounter.client == cast.casey
    assert encounter.advocate == cast.ana


def test_inline_contact_is_audited(client, cast):
    login(client, cast.ana)
    client.post(inline_url(cast.casey), contact(), headers=HTMX)
    encounter = Encounter.objects.get()
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_public_id=encounter.public_id, user_id=cast.ana.pk
    ).exists()


def test_inline_url_without_htmx_falls_back_to_the_full_page(client, cast):
    login(client, cast.ana)
    response = client.post(inline_url(cast.casey), contact())
    assert response.status_code == 302
    assert Encounter.objects.count() == 1


@pytest.mark.parametrize("method", ["put", "delete"])
def test_inline_form_refuses_other_methods(client, cast, method):
    login(client, cast.ana)
    response = getattr(client, method)(inline_url(cast.casey), headers=HTMX)
    assert response.status_code == 405
    assert not Encounter.objects.exists()


def test_inline_form_gives_outsiders_not_found(client, cast):
    login(client, cast.oscar)
    assert client.get(inline_url(cast.casey), headers=HTMX).status_code == 404
    assert client.post(inline_url(cast.casey), contact(), headers=HTMX).status_code == 404
    assert not Encounter.objects.exists()


def test_inline_form_gives_an_advocate_not_found_for_a_client_who_is_not_theirs(client, cast):
    login(client, cast.ben)
    assert client.post(inline_url(cast.casey), contact(), headers=HTMX).status_code == 404
    assert not Encounter.objects.exists()


def test_inline_form_refuses_the_clinician(client, cast):
    login(client, cast.cleo)
    assert client.get(inline_url(cast.casey), headers=HTMX).status_code == 403
    assert client.post(inline_url(cast.casey), contact(), headers=HTMX).status_code == 403
    assert not Encounter.objects.exists()


@pytest.mark.parametrize(("change", "message"), BAD_CONTACTS)
def test_bad_inline_contact_returns_the_form_with_its_error(client, cast, change, message):
    login(client, cast.ana)
    response = client.post(inline_url(cast.casey), contact(**change(cast)), headers=HTMX)
    assert response.status_code == 422
    body = response.content.decode()
    assert "<html" not in body
    assert body.lstrip().startswith('<form class="inline-form"')
    assert "Please correct the 1 problem below. Nothing was saved." in body
    assert message in body
    assert not Encounter.objects.exists()
