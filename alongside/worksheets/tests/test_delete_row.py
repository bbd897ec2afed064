"""A client deletes a row of their own worksheet: asked first, gone for good with the
comments on it, audited; nobody else can."""

from __future__ import annotations

from alongside.audit.models import AccessEvent
from alongside.testing.personas import give_portal_account, login
from alongside.worksheets import services
from alongside.worksheets.models import Comment, Entry
from alongside.worksheets.tests.factories import inventory, resentment, shared_resentment


def _delete_url(entry: Entry) -> str:
    return f"/me/worksheets/{entry.worksheet.public_id}/rows/{entry.public_id}/delete/"


def test_the_row_page_offers_to_delete_it(client, cast, casey_account):
    entry = resentment(casey_account, inventory(casey_account, cast.casey))
    login(client, casey_account)
    page = client.get(_delete_url(entry).removesuffix("delete/")).content.decode()
    assert _delete_url(entry) in page


def test_deleting_asks_first_and_says_the_comments_go_too(client, cast, casey_account):
    worksheet = inventory(casey_account, cast.casey)
    entry = shared_resentment(casey_account, worksheet)
    services.add_comment(cast.ana, worksheet, "Thank you for sharing.", entry)
    login(client, casey_account)
    page = client.get(_delete_url(entry)).content.decode()
    assert "Delete this row?" in page and "cannot be undone" in page
    assert "The comment your advocate left on it goes with it." in page
    assert "My old boss" in page  # the row being deleted, so the client knows which


def test_without_the_confirmation_nothing_is_deleted(client, cast, casey_account):
    entry = resentment(casey_account, inventory(casey_account, cast.casey))
    login(client, casey_account)
    refused = client.post(_delete_url(entry), {})
    assert refused.status_code == 422
    assert "Tick the box to confirm." in refused.content.decode()
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_the_client_deletes_a_row_with_its_comments(client, cast, casey_account):
    worksheet = inventory(casey_account, cast.casey)
    kept = resentment(casey_account, worksheet, who="My brother")
    entry = shared_resentment(casey_account, worksheet)
    services.add_comment(cast.ana, worksheet, "Thank you for sharing.", entry)
    login(client, casey_account)
    response = client.post(_delete_url(entry), {"confirm": "on"}, follow=True)
    assert "Row deleted." in response.content.decode()
    assert list(Entry.objects.filter(worksheet=worksheet)) == [kept]
    assert not Comment.objects.filter(worksheet=worksheet).exists()
    assert AccessEvent.objects.filter(
        action="delete", object_type="worksheet", object_public_id=str(worksheet.public_id)
    ).exists()


def test_nobody_else_can_delete_a_clients_row(client, cast, casey_account):
    entry = resentment(casey_account, inventory(casey_account, cast.casey))
    jordan = give_portal_account(cast.jordan, "jordan@portal.test")
    for person in (jordan, cast.ana, cast.sam):
        login(client, person)
        assert client.post(_delete_url(entry), {"confirm": "on"}).status_code == 404
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_the_delete_page_reads_in_spanish(client, cast, casey_account):
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    entry = resentment(casey_account, inventory(casey_account, cast.casey))
    login(client, casey_account)
    page = client.get(_delete_url(entry)).content.decode()
    assert "¿Borrar esta fila?" in page and "no se puede deshacer" in page
