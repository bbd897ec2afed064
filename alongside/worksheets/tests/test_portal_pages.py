"""The client's own worksheets in the portal: starting, rows one at a time, autosave,
sharing with a confirmation, comments, Spanish, bad input and query counts."""

from __future__ import annotations

from alongside.audit.models import AccessEvent
from alongside.testing.personas import login
from alongside.testing.querycount import count_queries
from alongside.worksheets import services
from alongside.worksheets.models import Entry, Worksheet
from alongside.worksheets.tests.factories import inventory, resentment, shared_resentment

LIST = "/me/worksheets/"


def _sheet(worksheet: Worksheet) -> str:
    return f"{LIST}{worksheet.public_id}/"


def _row(entry: Entry) -> str:
    return f"{_sheet(entry.worksheet)}rows/{entry.public_id}/"


def test_empty_list_invites_the_client_to_start(client, cast, casey_account):
    login(client, casey_account)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Nothing here yet" in response.content.decode()


def test_client_starts_an_inventory_and_opens_the_same_one_again(client, cast, casey_account):
    login(client, casey_account)
    first = client.post(f"{LIST}start/", {"kind": "inventory"})
    second = client.post(f"{LIST}start/", {"kind": "inventory"})
    worksheet = Worksheet.objects.get()
    assert first["Location"] == second["Location"] == _sheet(worksheet)
    assert worksheet.client == cast.casey and worksheet.stage == "step-4"


def test_client_starts_a_reflection_on_a_stage(client, cast, casey_account):
    login(client, casey_account)
    response = client.post(f"{LIST}start/", {"kind": "reflection", "stage": "smart/point-2"})
    assert response.status_code == 302
    assert Worksheet.objects.get().pathway == "smart"
    assert "Coping with urges" in client.get(response["Location"]).content.decode()


def test_bad_start_shows_an_error_and_starts_nothing(client, cast, casey_account):
    login(client, casey_account)
    for data in ({"kind": "diary"}, {"kind": "reflection"}, {"kind": "reflection", "stage": "x/y"}):
        response = client.post(f"{LIST}start/", data)
        assert response.status_code == 422, data
    assert not Worksheet.objects.exists()


def test_client_adds_a_row_private_by_default(client, cast, casey_account):
    worksheet = inventory(casey_account, cast.casey)
    login(client, casey_account)
    page = client.get(f"{_sheet(worksheet)}new/resentments/")
    assert page.status_code == 200
    response = client.post(
        f"{_sheet(worksheet)}new/resentments/", {"who": "My brother", "what": "Took my car"}
    )
    entry = Entry.objects.get()
    assert response["Location"] == _row(entry) + "?saved=new"
    assert entry.answers()["who"] == "My brother" and not entry.shared
    assert "My brother" in client.get(_sheet(worksheet)).content.decode()


def test_an_empty_or_bad_row_shows_an_error_and_saves_nothing(client, cast, casey_account):
    worksheet = inventory(casey_account, cast.casey)
    login(client, casey_account)
    url = f"{_sheet(worksheet)}new/resentments/"
    assert client.post(url, {"who": "   "}).status_code == 422
    assert client.post(url, {"who": "x" * 301}).status_code == 422
    assert client.post(url, {"who": "a\x00b"}).status_code == 422
    assert client.post(f"{_sheet(worksheet)}new/nope/", {"who": "x"}).status_code == 404
    assert not Entry.objects.exists()


def test_bad_choice_or_date_in_the_amends_log_saves_nothing(client, cast, casey_account):
    worksheet = services.start_worksheet(casey_account, cast.casey, "amends_log")
    login(client, casey_account)
    url = f"{_sheet(worksheet)}new/amends/"
    assert client.post(url, {"who": "Mum", "status": "maybe"}).status_code == 422
    assert client.post(url, {"who": "Mum", "on": "31/31/2026"}).status_code == 422
    assert not Entry.objects.exists()
    assert client.post(url, {"who": "Mum", "status": "made", "on": "2026-11-02"}).status_code == 302
    assert Entry.objects.get().answers()["on"] == "2026-11-02"


def test_autosave_saves_while_typing_and_says_so(client, cast, casey_account):
    entry = resentment(casey_account, inventory(casey_account, cast.casey))
    login(client, casey_account)
    response = client.post(
        _row(entry), {"who": "My old boss", "what": "Changed words"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["X-Worksheet-Saved"] == "1"
    assert "Saved" in response.content.decode()
    entry.refresh_from_db()
    assert entry.answers()["what"] == "Changed words"


def test_autosave_of_bad_input_is_not_saved_and_says_why(client, cast, casey_account):
    entry = resentment(casey_account, inventory(casey_account, cast.casey))
    login(client, casey_account)
    response = client.post(_row(entry), {"who": "x" * 400}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "X-Worksheet-Saved" not in response
    assert "Not saved" in response.content.decode()
    entry.refresh_from_db()
    assert entry.answers()["who"] == "My old boss"


def test_nightly_review_is_one_row_per_day(client, cast, casey_account):
    worksheet = services.start_worksheet(casey_account, cast.casey, "nightly")
    login(client, casey_account)
    url = f"{_sheet(worksheet)}new/day/"
    assert client.post(url, {"went_well": "Called my sponsor"}).status_code == 302
    again = client.post(url, {"grateful": "Sunshine"})
    assert again.status_code == 422
    assert "already started" in again.content.decode()
    assert Entry.objects.count() == 1
    assert "Open today" in client.get(_sheet(worksheet)).content.decode()


def test_sharing_a_row_needs_the_confirmation(client, cast, casey_account):
    entry = resentment(casey_account, inventory(casey_account, cast.casey))
    login(client, casey_account)
    url = _row(entry) + "share/"
    page = client.get(url)
    assert page.status_code == 200 and "Share this row" in page.content.decode()
    refused = client.post(url, {"share": "yes"})
    assert refused.status_code == 422
    assert "Tick the box" in refused.content.decode()
    entry.refresh_from_db()
    assert not entry.shared
    assert client.post(url, {"share": "yes", "confirm": "on"}).status_code == 302
    entry.refresh_from_db()
    assert entry.shared
    assert client.post(url, {"share": "no", "confirm": "on"}).status_code == 302
    entry.refresh_from_db()
    assert not entry.shared


def test_whole_worksheet_sharing_for_the_step_8_list(client, cast, casey_account):
    worksheet = services.start_worksheet(casey_account, cast.casey, "amends_list")
    login(client, casey_account)
    assert client.post(f"{_sheet(worksheet)}share/", {"share": "yes"}).status_code == 422
    assert (
        client.post(f"{_sheet(worksheet)}share/", {"share": "yes", "confirm": "on"}).status_code
        == 302
    )
    worksheet.refresh_from_db()
    assert worksheet.shared


def test_client_reads_the_advocates_comment(client, cast, casey_account):
    worksheet = inventory(casey_account, cast.casey)
    entry = shared_resentment(casey_account, worksheet)
    services.add_comment(cast.ana, worksheet, "That took courage to write.", entry)
    login(client, casey_account)
    assert "1 comment" in client.get(_sheet(worksheet)).content.decode()
    assert "That took courage to write." in client.get(_row(entry)).content.decode()


def test_client_cannot_open_another_clients_worksheet(client, cast, casey_account):
    from alongside.testing.personas import give_portal_account

    jordan = give_portal_account(cast.jordan, "jordan@portal.test")
    entry = resentment(jordan, inventory(jordan, cast.jordan))
    login(client, casey_account)
    assert client.get(_sheet(entry.worksheet)).status_code == 404
    assert client.get(_row(entry)).status_code == 404
    assert client.post(_row(entry), {"who": "changed"}).status_code == 404
    assert client.post(_row(entry) + "share/", {"share": "yes", "confirm": "on"}).status_code == 404
    entry.refresh_from_db()
    assert entry.answers()["who"] == "My old boss" and not entry.shared


def test_staff_get_404_on_the_portal_pages(client, cast, casey_account):
    entry = resentment(casey_account, inventory(casey_account, cast.casey))
    for person in (cast.ana, cast.sam, cast.dana):
        login(client, person)
        assert client.get(LIST).status_code == 404
        assert client.get(_row(entry)).status_code == 404


def test_every_page_with_words_is_audited(client, cast, casey_account):
    entry = resentment(casey_account, inventory(casey_account, cast.casey))
    login(client, casey_account)
    for url in (LIST, _sheet(entry.worksheet), _row(entry)):
        before = AccessEvent.objects.filter(action="view", object_type="worksheet").count()
        client.get(url)
        assert (
            AccessEvent.objects.filter(action="view", object_type="worksheet").count() == before + 1
        )


def test_the_pages_read_in_spanish(client, cast, casey_account):
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    worksheet = inventory(casey_account, cast.casey)
    login(client, casey_account)
    assert "Mis hojas de trabajo" in client.get(LIST).content.decode()
    assert "Resentimientos" in client.get(_sheet(worksheet)).content.decode()


def test_page_queries_do_not_grow_with_rows(client, cast, casey_account):
    worksheet = inventory(casey_account, cast.casey)
    entry = shared_resentment(casey_account, worksheet)
    services.add_comment(cast.ana, worksheet, "Thank you for sharing.", entry)
    login(client, casey_account)
    count_queries(client, LIST)
    small = [count_queries(client, url) for url in (LIST, _sheet(worksheet), _row(entry))]
    for n in range(8):
        row = shared_resentment(casey_account, worksheet, who=f"Person {n}")
        services.add_comment(cast.ana, worksheet, "Noted.", row)
    services.start_worksheet(casey_account, cast.casey, "amends_list")
    large = [count_queries(client, url) for url in (LIST, _sheet(worksheet), _row(entry))]
    assert small == large


def test_the_spanish_catalog_is_complete_and_compiled():
    import gettext
    from pathlib import Path

    import polib

    path = Path(__file__).resolve().parents[1] / "locale/es/LC_MESSAGES/django.po"
    source = polib.pofile(str(path))
    assert source.metadata["Language"] == "es"
    assert source.untranslated_entries() == [] and source.fuzzy_entries() == []
    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("Step 4 inventory") == "Inventario del paso 4"
    assert compiled.ngettext("%(counter)s row", "%(counter)s rows", 2) == "%(counter)s filas"
    assert len(compiled._catalog) - 1 >= len(source.translated_entries())  # type: ignore[attr-defined]
