"""/me/record/: the page, the two downloads, who may reach them, the audit row."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.consent.tests.factories import login_long_ago, login_recently
from alongside.myrecord.export import OBJECT_OWN_RECORD
from alongside.myrecord.tests.records import fill_record

PAGE = reverse("myrecord:page")
DOWNLOAD = reverse("myrecord:download")
ROOT = Path(settings.BASE_DIR)
CATALOG = ROOT / "alongside/myrecord/locale/es/LC_MESSAGES/django.po"
TEMPLATES = ROOT / "alongside/myrecord/templates/myrecord"
CASEY = "CANARY-CASEY"
JORDAN = "CANARY-JORDAN"


@pytest.fixture
def casey_account(cast):
    account = fill_record(cast.casey, cast.ana, CASEY, "casey@portal.test")
    fill_record(cast.jordan, cast.ana, JORDAN, "jordan@portal.test")
    return account


def exports(account) -> int:
    return AccessEvent.objects.filter(
        user_id=account.pk, action=Action.EXPORT, object_type=OBJECT_OWN_RECORD
    ).count()


def test_the_page_explains_the_download_and_offers_both_formats(client, casey_account):
    client.force_login(casey_account)
    body = client.get(PAGE).content.decode()
    assert "<title>My record · Alongside</title>" in body
    assert "Download as a web page (HTML, to read or print/save as PDF)" in body
    assert "Download as data (JSON)" in body
    assert f'method="post" action="{DOWNLOAD}"' in body
    assert CASEY not in body  # the page itself shows no record content


def test_the_pages_need_a_sign_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(DOWNLOAD, {"format": "json"}).status_code == 302


@pytest.mark.parametrize("who", ["ana", "sam", "dana", "alex"])
def test_staff_get_a_404(client, cast, who):
    login_recently(client, getattr(cast, who))
    assert client.get(PAGE).status_code == 404
    assert client.post(DOWNLOAD, {"format": "json"}).status_code == 404


def test_a_client_downloads_their_record_as_json(client, casey_account):
    login_recently(client, casey_account)
    response = client.post(DOWNLOAD, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="my-alongside-record-')
    assert "Casey" not in disposition
    data = json.loads(response.content)
    assert data["profile"]["preferred_name"] == "Casey"
    assert f"{CASEY}-contact-note" in response.content.decode()


def test_a_client_downloads_their_record_as_a_readable_page(client, casey_account):
    login_recently(client, casey_account)
    response = client.post(DOWNLOAD, {"format": "html"})
    body = response.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "<title>My Alongside record</title>" in body
    assert "Contacts with your advocates" in body and f"{CASEY}-contact-note" in body
    assert "Ana Advocate" in body


def test_neither_download_holds_another_clients_record(client, casey_account):
    login_recently(client, casey_account)
    for output in ("html", "json"):
        body = client.post(DOWNLOAD, {"format": output}).content.decode()
        assert JORDAN not in body and "Jordan" not in body, output


def test_each_download_is_audited_as_an_export_by_the_client(client, cast, casey_account):
    login_recently(client, casey_account)
    client.post(DOWNLOAD, {"format": "json"})
    client.post(DOWNLOAD, {"format": "html"})
    event = AccessEvent.objects.filter(user_id=casey_account.pk, action=Action.EXPORT).last()
    assert exports(casey_account) == 2
    assert event.role == "client" and event.client_id == cast.casey.pk


def test_downloading_asks_for_the_passphrase_again_after_ten_minutes(client, casey_account):
    login_long_ago(client, casey_account)
    response = client.post(DOWNLOAD, {"format": "json"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert exports(casey_account) == 0


def test_the_download_takes_only_post(client, casey_account):
    login_recently(client, casey_account)
    assert client.get(DOWNLOAD, {"format": "json"}).status_code == 405
    assert exports(casey_account) == 0


@pytest.mark.parametrize("data", [{}, {"format": "pdf"}, {"format": "../etc"}])
def test_a_bad_choice_is_refused_and_nothing_is_handed_out(client, casey_account, data):
    login_recently(client, casey_account)
    response = client.post(DOWNLOAD, data)
    assert response.status_code == 400
    assert not response.has_header("Content-Disposition")
    assert "Choose how to download your record." in response.content.decode()
    assert exports(casey_account) == 0


def test_the_page_and_the_file_are_in_spanish_for_a_spanish_speaking_client(
    client, cast, casey_account
):
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    login_recently(client, casey_account)
    assert "Descargar como datos (JSON)" in client.get(PAGE).content.decode()
    body = client.post(DOWNLOAD, {"format": "html"}).content.decode()
    assert '<html lang="es">' in body
    assert "Mi expediente de Alongside" in body and "Contactos con tus acompañantes" in body


def test_the_portal_home_links_to_consents_and_the_record(client, casey_account):
    client.force_login(casey_account)
    body = client.get(reverse("portal:home")).content.decode()
    assert "Your information" in body
    assert f'href="{PAGE}"' in body
    assert f'href="{reverse("consent:my_consents")}"' in body


def test_a_client_can_reach_the_passphrase_and_two_step_pages_from_home(client, casey_account):
    client.force_login(casey_account)
    body = client.get(reverse("portal:home")).content.decode()
    for name in ("account_change_password", "mfa_index"):
        assert f'href="{reverse(name)}"' in body
        assert client.get(reverse(name)).status_code == 200


# --- The catalog -----------------------------------------------------------------------------


def test_every_string_has_a_spanish_translation():
    catalog = polib.pofile(str(CATALOG))
    assert catalog.metadata["Language"] == "es"
    assert catalog.untranslated_entries() == [] and catalog.fuzzy_entries() == []


def test_every_template_string_is_in_the_catalog():
    from alongside.portal.tests.test_language import _translate_tags

    known = {entry.msgid for entry in polib.pofile(str(CATALOG))}
    missing = {
        f"{path.name}: {msgid}"
        for path in sorted(TEMPLATES.glob("*.html"))
        for msgid in _translate_tags(path)
        if msgid not in known
    }
    assert missing == set()


def test_the_committed_mo_file_matches_its_po_source():
    from alongside.portal.tests.test_language import (
        test_the_committed_mo_file_matches_its_po_source,
    )

    test_the_committed_mo_file_matches_its_po_source(CATALOG)
