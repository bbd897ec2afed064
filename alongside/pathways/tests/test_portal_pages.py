"""The client's own read-only pathways page under /me/pathways/."""

from __future__ import annotations

from alongside.audit.models import AccessEvent, Action
from alongside.pathways.services import move_stage
from alongside.testing.personas import login

URL = "/me/pathways/"


def test_client_sees_their_stages_and_states(client, cast, casey_account):
    move_stage(cast.ana, cast.casey, "12-step", "step-1", "introduced", note="Private guidance")
    client.force_login(casey_account)
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Step 1" in body and "Honesty" in body and "Introduced" in body


def test_client_does_not_see_the_advocates_guidance_notes(client, cast, casey_account):
    move_stage(cast.ana, cast.casey, "12-step", "step-1", "introduced", note="Private guidance")
    client.force_login(casey_account)
    assert b"Private guidance" not in client.get(URL).content


def test_the_page_has_no_move_buttons(client, cast, casey_account):
    client.force_login(casey_account)
    assert b"<form" not in client.get(URL).content.split(b"<main", 1)[-1].split(b"</main>")[0]


def test_viewing_is_audited_as_the_client(client, cast, casey_account):
    client.force_login(casey_account)
    client.get(URL)
    event = AccessEvent.objects.get(action=Action.VIEW, object_type="pathway_progress")
    assert (event.client_id, event.role) == (cast.casey.pk, "client")


def test_the_page_is_in_spanish_for_a_client_who_speaks_spanish(client, cast, casey_account):
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    client.force_login(casey_account)
    body = client.get(URL).content.decode()
    assert "Mis caminos" in body
    assert "Honestidad" in body and "No empezado" in body


def test_staff_get_404(client, cast):
    login(client, cast.ana)
    assert client.get(URL).status_code == 404


def test_the_page_refuses_post(client, cast, casey_account):
    client.force_login(casey_account)
    assert client.post(URL).status_code == 405
