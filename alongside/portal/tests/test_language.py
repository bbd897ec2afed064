"""English and Spanish: the portal speaks each client's language; the catalogs are complete
and the committed .mo files match their .po sources."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from alongside.audit.models import AccessEvent, Action
from alongside.portal.services import invite_client
from alongside.testing.personas import login

HOME = "/me/"
HELP = "/me/help/"
ROOT = Path(settings.BASE_DIR)
NOTICES = ROOT / "alongside/notifications/templates/notifications/email"
CATALOGS = [
    ROOT / "alongside/portal/locale/es/LC_MESSAGES/django.po",
    ROOT / "alongside/notifications/locale/es/LC_MESSAGES/django.po",
    ROOT / "alongside/safetyplans/locale/es/LC_MESSAGES/django.po",
    ROOT / "locale/es/LC_MESSAGES/django.po",
]
# Templates whose every {% translate %} string must be in a catalog.
TRANSLATED_TEMPLATES = [
    *sorted((ROOT / "alongside/portal/templates/portal").rglob("*.html")),
    *sorted((ROOT / "alongside/portal/templates/portal").rglob("*.txt")),
    *sorted((ROOT / "alongside/safetyplans/templates/safetyplans/portal").rglob("*.html")),
    ROOT / "alongside/safetyplans/templates/safetyplans/_crisis_plan.html",
    ROOT / "templates/account/login.html",
    ROOT / "templates/base.html",
    # The notices people in recovery get (staff notices stay in English).
    *sorted(NOTICES.glob("checkin_reminder.*")),
    *sorted(NOTICES.glob("message_for_client.*")),
]
STAFF_TEMPLATES = ("portal/staff/",)


def speak_spanish(client_record):
    client_record.language = "es"
    client_record.save(update_fields=["language"])


def test_portal_home_is_in_spanish_for_a_client_whose_language_is_spanish(
    client, cast, casey_account
):
    speak_spanish(cast.casey)
    client.force_login(casey_account)
    response = client.get(HOME)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in body
    assert "Hola, Casey" in body
    assert "Tus acompañantes de recuperación" in body
    assert "Necesito ayuda ahora" in body
    assert "Cerrar sesión" in body
    assert "<title>Mi recuperación · Alongside</title>" in body
    assert "Need help now" not in body and "Sign out" not in body
    assert response["Content-Language"] == "es"


def test_the_clients_language_wins_over_their_browsers(client, cast, casey_account):
    client.force_login(casey_account)
    body = client.get(HOME, headers={"Accept-Language": "es"}).content.decode()
    assert "Hi, Casey" in body  # Casey's record says English


def test_the_help_page_is_in_spanish_for_a_spanish_speaking_client(client, cast, casey_account):
    speak_spanish(cast.casey)
    client.force_login(casey_account)
    body = client.get(HELP).content.decode()
    assert "¿Necesitas ayuda ahora?" in body
    assert "988 Línea de Prevención del Suicidio y Crisis" in body
    assert "llama al 988 y marca 2" in body
    assert 'href="tel:988"' in body and 'href="sms:988"' in body


def test_a_visitor_gets_the_browsers_language_on_portal_and_sign_in_pages(client, db):
    for url in (HELP, reverse("portal:join"), reverse("account_login")):
        response = client.get(url, headers={"Accept-Language": "es-MX,es;q=0.9"})
        assert '<html lang="es' in response.content.decode(), url
        assert "Accept-Language" in response["Vary"]
    assert (
        "Iniciar sesión"
        in client.get(reverse("account_login"), headers={"Accept-Language": "es"}).content.decode()
    )


def test_staff_pages_stay_in_english_whatever_the_browser_asks_for(client, cast):
    login(client, cast.ana)
    body = client.get(
        reverse("workspace:caseload"), headers={"Accept-Language": "es"}
    ).content.decode()
    assert "Sign out" in body and "Cerrar sesión" not in body


def test_a_client_switches_the_portal_to_spanish_and_it_is_kept_on_their_record(
    client, cast, casey_account
):
    client.force_login(casey_account)
    response = client.post(reverse("portal:language"), {"language": "es", "next": HELP})
    assert response.status_code == 302
    assert response["Location"] == HELP
    cast.casey.refresh_from_db()
    assert cast.casey.language == "es"
    assert "Hola, Casey" in client.get(HOME).content.decode()
    assert AccessEvent.objects.filter(
        user_id=casey_account.pk, action=Action.UPDATE, object_type="client", role="client"
    ).exists()


def test_a_visitor_switches_language_with_a_cookie(client, db):
    response = client.post(reverse("portal:language"), {"language": "es", "next": HELP})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert "¿Necesitas ayuda ahora?" in client.get(HELP).content.decode()


def test_the_language_switch_never_redirects_off_site(client, db):
    response = client.post(
        reverse("portal:language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response["Location"] == HOME


@pytest.mark.parametrize("data", [{"language": "fr"}, {}])
def test_an_unknown_language_is_refused_and_nothing_changes(client, cast, casey_account, data):
    client.force_login(casey_account)
    assert client.post(reverse("portal:language"), data).status_code == 400
    cast.casey.refresh_from_db()
    assert cast.casey.language == "en"


def test_the_language_switch_takes_only_post(client, db):
    assert client.get(reverse("portal:language")).status_code == 405


def test_the_join_pages_and_errors_are_in_spanish(client, cast):
    issued = invite_client(cast.ana, cast.casey, phone="555 010 0123")
    headers = {"Accept-Language": "es"}
    url = reverse("portal:join_link", args=[issued.link_token])
    short = {"email": "c@example.test", "passphrase": "corta", "passphrase_again": "corta"}
    body = client.post(url, short, headers=headers).content.decode()
    assert "Crea tu cuenta" in body
    assert "Corrige el problema que aparece abajo. No se guardó nada." in body
    assert "La contraseña es demasiado corta" in body  # Django's own Spanish
    wrong = client.post(reverse("portal:join"), {"code": "ZZZZ-ZZZZ"}, headers=headers)
    assert "Esta invitación no es válida." in wrong.content.decode()


# --- The catalogs --------------------------------------------------------------------------


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_has_a_spanish_translation(path):
    catalog = polib.pofile(str(path))
    assert catalog.metadata["Language"] == "es"
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_committed_mo_file_matches_its_po_source(path):
    """The .mo files are committed (a fresh machine needs no GNU gettext): after editing a
    .po file, run `make messages`."""
    source = polib.pofile(str(path))
    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    expected = {}
    for entry in source.translated_entries():
        # A message with a context ({% translate "None" context "craving" %}) is keyed
        # "context\x04msgid" in the compiled catalog.
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(msgid, int(index))] = text
        else:
            expected[(msgid, None)] = entry.msgstr
    actual = {
        (key[0], key[1]) if isinstance(key, tuple) else (key, None): text
        for key, text in compiled._catalog.items()  # type: ignore[attr-defined]
        if key != ""
    }
    assert actual == expected, "the .mo is stale: run `make messages`"


TRANSLATE_TAG = re.compile(r"""\{%\s*translate\s+(?:"([^"]*)"|'([^']*)')""")


def _translate_tags(path: Path) -> set[str]:
    return {double or single for double, single in TRANSLATE_TAG.findall(path.read_text())}


def test_every_translated_template_string_is_in_a_catalog():
    """{% translate %} strings only; `make messages` finds {% blocktranslate %} ones too."""
    assert len(_translate_tags(ROOT / "templates/account/login.html")) >= 5
    known = {entry.msgid for path in CATALOGS for entry in polib.pofile(str(path))}
    missing = {
        f"{path.relative_to(ROOT)}: {msgid}"
        for path in TRANSLATED_TEMPLATES
        if not any(part in str(path) for part in STAFF_TEMPLATES)
        for msgid in _translate_tags(path)
        if msgid not in known
    }
    assert missing == set(), "run `make messages` and translate the new strings"


def test_the_client_notices_are_checked_for_translations():
    names = {path.name for path in TRANSLATED_TEMPLATES if path.parent == NOTICES}
    assert names == {
        f"{kind}.{suffix}"
        for kind in ("checkin_reminder", "message_for_client")
        for suffix in ("subject", "txt", "html")
    }


@pytest.mark.parametrize(
    ("template", "spanish"),
    [
        ("notifications/email/message_for_client.subject", "Tienes un mensaje nuevo en Alongside"),
        ("notifications/email/message_for_client.txt", "Tienes un mensaje nuevo en Alongside."),
        ("notifications/email/message_for_client.html", "Abrir Alongside"),
        ("notifications/email/checkin_reminder.subject", "Es hora de tu registro"),
        ("notifications/email/checkin_reminder.txt", "Te toma menos de un minuto:"),
        ("notifications/email/checkin_reminder.html", "Abrir Alongside"),
    ],
)
def test_the_notices_a_spanish_speaking_client_gets_are_in_spanish(template, spanish):
    with translation.override("es"):
        text = render_to_string(template, {"base_url": "https://alongside.example"})
    assert spanish in text
