"""Each advocate's lived-experience library: private to its author until shared as a
message."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.messaging.models import Message
from alongside.pathways.models import LivedExperienceNote
from alongside.pathways.services import save_lived_note
from alongside.testing.personas import login

SECRET = "When I was at step one I hid my phone for a week."


def anas_note(cast) -> LivedExperienceNote:
    note = save_lived_note(cast.ana, cast.org.pk, "12-step", "step-1", SECRET)
    assert note is not None
    return note


def edit_url(pathway="12-step", stage="step-1") -> str:
    return reverse("pathways:edit_note", args=[pathway, stage])


def test_advocate_writes_a_note_for_a_stage(client, cast):
    login(client, cast.ana)
    response = client.post(edit_url(), {"text": SECRET})
    assert response.status_code == 302
    note = LivedExperienceNote.objects.get()
    assert (note.user, note.pathway, note.stage, note.text) == (
        cast.ana,
        "12-step",
        "step-1",
        SECRET,
    )


def test_the_library_lists_the_advocates_notes(client, cast):
    anas_note(cast)
    login(client, cast.ana)
    body = client.get(reverse("pathways:my_notes")).content.decode()
    assert SECRET in body


def test_saving_again_replaces_the_note(client, cast):
    anas_note(cast)
    login(client, cast.ana)
    client.post(edit_url(), {"text": "Shorter now."})
    assert LivedExperienceNote.objects.get().text == "Shorter now."


def test_an_empty_note_removes_it(client, cast):
    anas_note(cast)
    login(client, cast.ana)
    client.post(edit_url(), {"text": "  "})
    assert not LivedExperienceNote.objects.exists()


def test_a_note_too_long_to_share_is_refused_and_nothing_saved(client, cast):
    login(client, cast.ana)
    response = client.post(edit_url(), {"text": "x" * 2001})
    assert response.status_code == 422
    assert b"at most 2000 characters" in response.content
    assert not LivedExperienceNote.objects.exists()


@pytest.mark.parametrize(("pathway", "stage"), [("12-step", "step-13"), ("other", "x")])
def test_a_stage_that_does_not_exist_is_404(client, cast, pathway, stage):
    login(client, cast.ana)
    assert client.get(edit_url(pathway, stage)).status_code == 404


def test_the_client_page_shows_the_advocate_their_note_when_introducing(client, cast):
    anas_note(cast)
    login(client, cast.ana)
    body = client.get(reverse("pathways:client", args=[cast.casey.public_id])).content.decode()
    assert SECRET in body
    assert "Share a copy in the conversation" in body


def test_the_supervisor_never_sees_the_advocates_note(client, cast):
    anas_note(cast)
    login(client, cast.sam)
    on_client = client.get(reverse("pathways:client", args=[cast.casey.public_id]))
    in_library = client.get(reverse("pathways:my_notes"))
    editing = client.get(edit_url())
    assert on_client.status_code == in_library.status_code == editing.status_code == 200
    for response in (on_client, in_library, editing):
        assert SECRET.encode() not in response.content


def test_another_advocate_never_sees_the_note(client, cast):
    anas_note(cast)
    login(client, cast.ben)
    for url in (reverse("pathways:my_notes"), edit_url()):
        assert SECRET.encode() not in client.get(url).content


def test_the_client_never_sees_the_note_before_it_is_shared(client, cast, casey_account):
    anas_note(cast)
    client.force_login(casey_account)
    for url in ("/me/pathways/", "/me/", reverse("portal:messages")):
        assert SECRET.encode() not in client.get(url).content
    assert client.get(reverse("pathways:my_notes")).status_code == 404


def test_sharing_sends_a_copy_as_a_message_the_client_then_sees(client, cast, casey_account):
    anas_note(cast)
    login(client, cast.ana)
    url = reverse("pathways:share_note", args=[cast.casey.public_id])
    response = client.post(url, {"pathway": "12-step", "stage": "step-1"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.client, message.sender, message.body) == (cast.casey, cast.ana, SECRET)
    client.force_login(casey_account)
    assert SECRET.encode() in client.get(reverse("portal:messages")).content


def test_sharing_without_a_note_shows_an_error_and_sends_nothing(client, cast):
    login(client, cast.ana)
    url = reverse("pathways:share_note", args=[cast.casey.public_id])
    response = client.post(url, {"pathway": "12-step", "stage": "step-2"})
    assert response.status_code == 422
    assert b"no note for this stage" in response.content
    assert not Message.objects.exists()


def test_a_supervisor_cannot_share_into_the_conversation(client, cast):
    save_lived_note(cast.sam, cast.org.pk, "12-step", "step-1", "Sam's words")
    login(client, cast.sam)
    url = reverse("pathways:share_note", args=[cast.casey.public_id])
    assert client.post(url, {"pathway": "12-step", "stage": "step-1"}).status_code == 403
    assert not Message.objects.exists()


@pytest.mark.parametrize("persona", ["cleo", "dana", "alex"])
def test_staff_who_do_not_support_clients_directly_keep_no_library(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(reverse("pathways:my_notes")).status_code == 403
