"""Demo staff sign in with a second factor and no authenticator app: seeded authenticators,
and (only with ALONGSIDE_DEMO_MFA_HINTS) the current code on the second-step page."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from alongside.accounts.models import User
from alongside.demo.roster import ADVOCATE, CLIENT, DEMO_PASSWORD
from alongside.demo.second_factor import code_hint, demo_totp_secret
from alongside.organizations.models import Membership
from alongside.testing.personas import enrol_second_factor, make_user

pytestmark = pytest.mark.django_db
SECOND_STEP = reverse("mfa_authenticate")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # used codes are remembered in the cache
    yield
    cache.clear()


@pytest.fixture
def demo():
    call_command("seed_demo", "--clients", "30", stdout=StringIO())


def test_every_demo_staff_account_has_its_seeded_authenticator_and_clients_none(demo):
    staff = User.objects.filter(memberships__organization__slug="demo").distinct()
    assert staff.count() >= 6
    for user in staff:
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        assert decrypt(totp.data["secret"]) == demo_totp_secret(1, user.email)
    assert not Authenticator.objects.filter(user__email=CLIENT).exists()


def test_secrets_differ_by_account_and_seed():
    assert demo_totp_secret(1, ADVOCATE) == demo_totp_secret(1, ADVOCATE.upper())
    assert demo_totp_secret(1, ADVOCATE) != demo_totp_secret(2, ADVOCATE)
    assert demo_totp_secret(1, ADVOCATE) != demo_totp_secret(1, "supervisor@demo.test")


def test_with_hints_on_the_second_step_shows_a_working_code(client, demo, settings):
    settings.ALONGSIDE_DEMO_MFA_HINTS = True
    response = client.post(reverse("account_login"), {"login": ADVOCATE, "password": DEMO_PASSWORD})
    assert response["Location"] == SECOND_STEP
    page = client.get(SECOND_STEP)
    shown = re.search(
        r'demo-hint.*?<strong class="invite-code">(\d{6})</strong>', page.content.decode(), re.S
    )
    assert shown is not None
    code = shown.group(1)
    assert validate_totp_code(demo_totp_secret(1, ADVOCATE), code)
    assert client.post(SECOND_STEP, {"code": code}).status_code == 302
    assert client.get("/today/").status_code == 200


def test_signing_in_twice_in_a_row_gets_a_code_not_yet_used(client, demo, settings):
    settings.ALONGSIDE_DEMO_MFA_HINTS = True
    advocate = User.objects.get(email=ADVOCATE)
    first = code_hint(advocate)
    client.post(reverse("account_login"), {"login": ADVOCATE, "password": DEMO_PASSWORD})
    client.post(SECOND_STEP, {"code": first})
    assert code_hint(advocate) != first


def test_without_the_setting_no_code_is_shown(client, demo, settings):
    settings.ALONGSIDE_DEMO_MFA_HINTS = False
    client.post(reverse("account_login"), {"login": ADVOCATE, "password": DEMO_PASSWORD})
    page = client.get(SECOND_STEP)
    assert page.status_code == 200
    assert "demo-hint" not in page.content.decode()
    assert code_hint(User.objects.get(email=ADVOCATE)) is None


def test_no_hint_for_anyone_but_demo_staff_with_their_seeded_authenticator(demo, cast, settings):
    settings.ALONGSIDE_DEMO_MFA_HINTS = True
    enrol_second_factor(cast.ana)  # a real account elsewhere
    assert code_hint(cast.ana) is None
    # An address at the demo domain outside the demo center, even with an authenticator.
    stranger = make_user("stranger@demo.test", "Stranger")
    enrol_second_factor(stranger)
    assert code_hint(stranger) is None
    # Demo staff whose authenticator was replaced by a real one get no hint either.
    advocate = User.objects.get(email=ADVOCATE)
    Authenticator.objects.filter(user=advocate).delete()
    enrol_second_factor(advocate)
    assert Membership.objects.filter(user=advocate, organization__slug="demo").exists()
    assert code_hint(advocate) is None


def test_demo_logins_says_the_code_is_shown_on_the_page(demo, settings):
    settings.ALONGSIDE_DEMO_MFA_HINTS = True
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "the page shows the current code" in out.getvalue()
    settings.ALONGSIDE_DEMO_MFA_HINTS = False
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "make run" in out.getvalue()
