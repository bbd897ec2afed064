"""The client's own consents in the portal: read them, revoke one by e-signature."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.consent.models import Consent
from alongside.consent.tests.factories import CLINIC, make_consent, make_tpo_consent
from alongside.testing.personas import give_portal_account, login

MINE = reverse("consent:my_consents")
CATALOG = Path(settings.BASE_DIR) / "alongside/consent/locale/es/LC_MESSAGES/django.po"
TEMPLATES = Path(settings.BASE_DIR) / "alongside/consent/templates/consent/portal"


def revoke_url(consent: Consent) -> str:
    return reverse("consent:revoke_my_consent", args=[consent.public_id])


@pytest.fixture
def casey_account(cast):
    return give_portal_account(cast.casey, "casey@example.test")


def test_the_pages_need_a_sign_in(client, cast):
    consent = make_consent(cast.casey, cast.ana)
    for url in (MINE, revoke_url(consent)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["ana", "sam", "dana", "alex"])
def test_staff_get_a_404(client, cast, who):
    consent = make_consent(cast.casey, cast.ana)
    login(client, getattr(cast, who))
    assert client.get(MINE).status_code == 404
    assert client.get(revoke_url(consent)).status_code == 404


def test_a_client_sees_their_own_consents_only_and_the_read_is_audited(client, cast, casey_account):
    make_consent(cast.casey, cast.ana)
    make_tpo_consent(cast.casey, cast.ana)
    make_consent(cast.jordan, cast.ana, recipient_names=["Jordan's Employer"])
    client.force_login(casey_account)
    body = client.get(MINE).content.decode()
    assert "<title>My consents · Alongside</title>" in body
    assert CLINIC in body
    assert "Your treating providers, health plans" in body
    assert "Your check-ins" in body and "Your safety plan" in body
    assert "Jordan" not in body
    assert AccessEvent.objects.filter(
        user_id=casey_account.pk, action=Action.VIEW, object_type="consents", role="client"
    ).exists()


def test_a_client_revokes_a_consent_by_typing_their_name(client, cast, casey_account):
    consent = make_consent(cast.casey, cast.ana)
    client.force_login(casey_account)
    assert client.get(revoke_url(consent)).status_code == 200
    response = client.post(revoke_url(consent), {"signed_by": "Casey Morgan", "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == MINE
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert consent.revocation_how == "portal"
    assert consent.revocation_signed_by == "Casey Morgan"
    assert consent.revoked_by == casey_account
    assert AccessEvent.objects.filter(
        user_id=casey_account.pk, action=Action.UPDATE, object_type="consent", role="client"
    ).exists()
    body = client.get(MINE).content.decode()
    assert "Revoked on" in body and "Revoke this consent" not in body
    assert client.get(revoke_url(consent)).status_code == 404


@pytest.mark.parametrize(
    "data", [{"signed_by": "", "confirm": "on"}, {"signed_by": "Casey Morgan"}, {}]
)
def test_a_revocation_without_signature_or_confirmation_changes_nothing(
    client, cast, casey_account, data
):
    consent = make_consent(cast.casey, cast.ana)
    client.force_login(casey_account)
    assert client.post(revoke_url(consent), data).status_code == 422
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_a_client_cannot_revoke_someone_elses_consent(client, cast, casey_account):
    jordans = make_consent(cast.jordan, cast.ana)
    client.force_login(casey_account)
    response = client.post(revoke_url(jordans), {"signed_by": "Casey", "confirm": "on"})
    assert response.status_code == 404
    jordans.refresh_from_db()
    assert jordans.revoked_at is None


def test_the_pages_are_in_spanish_for_a_client_who_speaks_spanish(client, cast, casey_account):
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    consent = make_consent(cast.casey, cast.ana)
    client.force_login(casey_account)
    body = client.get(MINE).content.decode()
    assert "Mis consentimientos" in body and "Tus registros diarios" in body
    assert "Revocar este consentimiento" in body
    response = client.post(revoke_url(consent), {"signed_by": "", "confirm": "on"})
    assert "Escribe tu nombre completo para firmar." in response.content.decode()


def test_the_spanish_catalog_is_complete_and_compiled():
    po = polib.pofile(str(CATALOG))
    assert [e.msgid for e in po if not e.translated() or e.fuzzy] == []
    mo = polib.mofile(str(CATALOG.with_suffix(".mo")))
    assert {e.msgid: e.msgstr for e in mo if e.msgid} == {e.msgid: e.msgstr for e in po}
    known = {e.msgid for e in po}
    for template in TEMPLATES.glob("*.html"):
        for text in re.findall(r'{% translate "([^"]+)" %}', template.read_text(encoding="utf-8")):
            if text not in ("Please correct the problem below. Nothing was saved.",):
                assert text in known, f"{template.name}: {text}"
