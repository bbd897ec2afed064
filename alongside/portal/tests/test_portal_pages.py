"""The portal shell for a signed-in client: home, crisis help, and staff pages kept away."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.testing.personas import PASSWORD, give_portal_account, login

HOME = "/me/"
HELP = "/me/help/"


def test_portal_urls_live_under_me():
    assert reverse("portal:home") == HOME
    assert reverse("portal:help") == HELP
    assert reverse("portal:join") == "/me/join/"


def test_a_client_signs_in_on_the_usual_page_and_lands_on_the_portal(client, cast):
    give_portal_account(cast.casey, "casey@portal.test")
    response = client.post(
        reverse("account_login"), {"login": "casey@portal.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 302
    assert landing["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_portal_home_requires_sign_in(client, cast):
    response = client.get(HOME)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_home_greets_the_client_and_names_their_advocates(client, cast, casey_account):
    login(client, casey_account)
    response = client.get(HOME)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hi, Casey" in body
    assert "Ana Advocate" in body
    assert "<title>My recovery · Alongside</title>" in body  # no name in the title
    assert "no-store" in response["Cache-Control"]


def test_home_shows_only_the_signed_in_clients_own_record(client, cast):
    jordan = give_portal_account(cast.jordan, "jordan@portal.test")
    riley = give_portal_account(cast.riley, "riley@portal.test")
    login(client, jordan)
    body = client.get(HOME).content.decode()
    assert "Hi, Jordan" in body
    for other in ("Casey", "Riley", "Newcomer", "Quinn", "Ben Advocate"):
        assert other not in body
    login(client, riley)
    body = client.get(HOME).content.decode()
    assert "Hi, Riley" in body and "Ben Advocate" in body and "Jordan" not in body


def test_a_client_waiting_for_an_advocate_is_told_so(client, cast):
    login(client, give_portal_account(cast.newcomer, "new@portal.test"))
    assert "You will be introduced to your advocate soon." in client.get(HOME).content.decode()


def test_viewing_the_portal_home_is_audited_as_the_client(client, cast, casey_account):
    login(client, casey_account)
    client.get(HOME)
    event = AccessEvent.objects.get(user_id=casey_account.pk, action=Action.VIEW)
    assert event.client_id == cast.casey.pk
    assert event.role == "client"
    assert event.object_type == "client"


@pytest.mark.parametrize("persona", ["ana", "sam", "alex"])
def test_staff_have_no_portal_home(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(HOME).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_portal_home_and_help_refuse_other_methods(client, cast, casey_account, method):
    login(client, casey_account)
    assert getattr(client, method)(HOME).status_code == 405
    assert getattr(client, method)(HELP).status_code == 405


# --- Crisis help ---------------------------------------------------------------------------


def test_every_portal_page_starts_with_need_help_now(client, cast, casey_account):
    for url in (HELP, "/me/join/"):
        assert '<a class="help-now" href="/me/help/">Need help now</a>' in (
            client.get(url).content.decode()
        )
    login(client, casey_account)
    assert 'class="help-now"' in client.get(HOME).content.decode()


def test_help_needs_no_sign_in_and_no_data(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(HELP)
    body = response.content.decode()
    assert response.status_code == 200
    assert "988 Suicide & Crisis Lifeline" in body
    assert 'href="tel:988"' in body
    assert 'href="sms:988"' in body
    assert 'href="tel:911"' in body


def test_help_shows_the_programs_on_call_line_to_its_clients(client, cast, casey_account):
    cast.residential.settings = {
        "on_call": {"label": "Hope Valley on call", "phone": "+1 (555) 010-0199", "hours": "24/7"}
    }
    cast.residential.save()
    login(client, casey_account)
    body = client.get(HELP).content.decode()
    assert "Your program's on-call line" in body
    assert 'href="tel:+15550100199"' in body
    assert "Hope Valley on call" in body and "24/7" in body
    assert 'href="tel:988"' in body


def test_a_plain_number_is_enough_for_an_on_call_line(client, cast, casey_account):
    cast.residential.settings = {"on_call": "555-0100"}
    cast.residential.save()
    login(client, casey_account)
    assert 'href="tel:5550100"' in client.get(HELP).content.decode()


@pytest.mark.parametrize("setting", [None, "", "call Bob", {"phone": ""}, ["555"], 42])
def test_help_without_a_usable_on_call_line_shows_the_national_lines(
    client, cast, casey_account, setting
):
    cast.residential.settings = {"on_call": setting}
    cast.residential.save()
    login(client, casey_account)
    response = client.get(HELP)
    body = response.content.decode()
    assert response.status_code == 200
    assert "on-call line" not in body
    assert 'href="tel:988"' in body


def test_another_programs_on_call_line_is_not_shown(client, cast, casey_account):
    cast.outpatient.settings = {"on_call": "555-0177"}
    cast.outpatient.save()
    login(client, casey_account)
    assert "555-0177" not in client.get(HELP).content.decode()


# --- Staff pages never serve a client -------------------------------------------------------


def test_the_start_page_sends_a_client_to_the_portal(client, cast, casey_account):
    login(client, casey_account)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_staff_pages_show_a_client_nothing(client, cast, casey_account):
    login(client, casey_account)
    caseload = client.get(reverse("workspace:caseload"))
    assert caseload.status_code == 200
    assert b"No clients to show." in caseload.content
    for name in ("Jordan", "Riley", "Newcomer", "Quinn"):
        assert name.encode() not in caseload.content
    own_profile = reverse("workspace:client", args=[cast.casey.public_id])
    assert client.get(own_profile).status_code == 404  # their own record too: staff view
    for url in (
        reverse("support:log_contact", args=[cast.casey.public_id]),
        reverse("invitations:manage", args=[cast.casey.public_id]),
    ):
        assert client.get(url).status_code == 404
    for name in ("clients:admit", "overview:team", "overview:program", "overview:staff"):
        assert client.get(reverse(name)).status_code == 403, name


def test_the_api_lists_no_clients_to_a_client(client, cast, casey_account):
    login(client, casey_account)
    response = client.get("/api/v1/clients")
    assert response.status_code == 200
    assert response.json()["items"] == []
