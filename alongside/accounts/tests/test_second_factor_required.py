"""Staff reach nothing without a second factor (DESIGN.md §4.8, issue 5 acceptance).

The URLs come from the URL configuration itself, so a page added later is covered without
anyone listing it here.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils.regex_helper import normalize

from alongside.accounts.models import ApiToken
from alongside.accounts.tests.conftest import post_code, post_password, sign_in
from alongside.testing.personas import (
    enrol_second_factor,
    give_portal_account,
    login,
    totp_code,
)

ENROL = "/accounts/2fa/totp/activate/"
# Pages a staff member without a second factor may still open, and why.
OPEN = {
    "/accounts/2fa/": "setting up the second factor and its recovery codes",
    "/accounts/reauthenticate/": "setting up may ask for the password again",
    "/accounts/logout/": "signing out",
    "/me/help/": "crisis resources are never behind anything",
    "/static/": "style sheets and scripts",
}


def _paths(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Yield (pattern, a concrete path) for every URL pattern, ids filled in."""
    for entry in resolver.url_patterns:
        regex = prefix + entry.pattern.regex.pattern.lstrip("^")
        if isinstance(entry, URLResolver):
            yield from _paths(entry, regex)
            continue
        assert isinstance(entry, URLPattern)
        converters = getattr(entry.pattern, "converters", {})
        template, params = normalize(regex.rstrip("$").replace(r"\Z", ""))[0]
        values = {}
        for name in params:
            converter = converters.get(name)
            if isinstance(converter, UUIDConverter):
                values[name] = str(uuid.uuid4())
            elif isinstance(converter, IntConverter):
                values[name] = "1"
            else:
                values[name] = "x"
        yield regex, "/" + template % values


ALL_PATHS = sorted(set(_paths(get_resolver())))
PROTECTED = [(pattern, path) for pattern, path in ALL_PATHS if not path.startswith(tuple(OPEN))]


def test_the_walk_finds_every_kind_of_page():
    paths = [path for _, path in PROTECTED]
    assert len(paths) > 100
    for expected in ("/today/", "/caseload/", "/me/", "/api/v1/clients", "/admin/", "/alerts/"):
        assert any(path.startswith(expected) for path in paths), expected
    assert all("<" not in path and "(?" not in path for path in paths)


@pytest.mark.parametrize(
    "role", ["advocate", "supervisor", "clinician", "director", "admin", "privacy_officer"]
)
def test_staff_without_a_second_factor_are_sent_to_set_one_up_from_every_url(client, cast, role):
    if role not in cast.staff():
        pytest.skip(f"the cast has no {role}")
    user = cast.staff()[role]
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    reached = []
    for pattern, path in PROTECTED:
        for method in (client.get, client.post):
            response = method(path)
            if response.status_code != 302 or response["Location"] != ENROL:
                reached.append(
                    f"{method.__name__.upper()} {path} ({pattern}): {response.status_code}"
                )
            elif "no-store" not in response["Cache-Control"]:
                reached.append(f"{method.__name__.upper()} {path}: the redirect may be cached")
    assert reached == []


def test_the_pages_to_set_it_up_sign_out_and_get_help_stay_open(client, cast):
    post_password(client, cast.ana.email)
    assert client.get(ENROL).status_code == 200
    assert client.get("/me/help/").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_is_sent_to_set_up_with_a_full_page_redirect(client, cast):
    client.force_login(cast.ana, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/today/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == ENROL


def test_a_new_staff_member_signs_in_sets_up_an_app_and_then_reaches_their_pages(
    client, cast, django_capture_on_commit_callbacks
):
    response = post_password(client, cast.ana.email)
    assert response.status_code == 302  # no second step yet: they have no authenticator
    assert client.get(response["Location"], follow=True).redirect_chain[-1][0] == ENROL

    page = client.get(ENROL)
    assert page.status_code == 200  # no second password prompt: they just signed in
    secret = page.context["form"].secret
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert grouped in page.content.decode() and "<svg" in page.content.decode()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ENROL, {"code": code})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=cast.ana, type="totp").exists()
    codes = client.get(response["Location"])
    assert len(codes.context["unused_codes"]) == 10

    assert client.get("/today/").status_code == 200


def test_a_wrong_code_does_not_turn_it_on(client, cast):
    post_password(client, cast.ana.email)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not Authenticator.objects.filter(user=cast.ana).exists()
    assert client.get("/today/")["Location"] == ENROL


def test_with_an_app_a_password_alone_reaches_nothing_an_anonymous_visitor_cannot(client, cast):
    enrol_second_factor(cast.ana)
    response = post_password(client, cast.ana.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    anonymous = Client()
    second_step = reverse("mfa_authenticate")
    differences = []
    for _pattern, path in ALL_PATHS:
        if path == second_step:
            continue
        for method in ("get", "post"):
            half = getattr(client, method)(path)
            stranger = getattr(anonymous, method)(path)
            if path == reverse("account_login") and half.get("Location") == second_step:
                continue  # the sign-in page sends them back to the step that is waiting
            if (half.status_code, half.get("Location")) != (
                stranger.status_code,
                stranger.get("Location"),
            ):
                differences.append(f"{method.upper()} {path}: {half.status_code}")
    assert differences == []
    # Completing the second step is what signs them in (the walk above signed out too).
    post_password(client, cast.ana.email)
    assert client.get("/today/").status_code == 302
    response = post_code(client, totp_code(cast.ana))
    assert response.status_code == 302
    assert client.get("/today/").status_code == 200


def test_the_second_step_answers_a_wrong_code_and_signs_nobody_in(client, cast):
    enrol_second_factor(cast.ana)
    post_password(client, cast.ana.email)
    response = post_code(client, "123456")
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_stands_in_for_a_lost_phone_once(
    client, cast, django_capture_on_commit_callbacks
):
    post_password(client, cast.ana.email)
    client.get(ENROL)
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ENROL, {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))})
    code = (
        Authenticator.objects.get(user=cast.ana, type="recovery_codes").wrap().get_unused_codes()[0]
    )
    client.post(reverse("account_logout"))

    post_password(client, cast.ana.email)
    assert post_code(client, code).status_code == 302
    assert client.get("/today/").status_code == 200
    client.post(reverse("account_logout"))
    post_password(client, cast.ana.email)
    assert post_code(client, code).status_code == 200  # used up


def test_a_session_that_skipped_the_second_step_is_ended(client, cast):
    """Signing in some other way (the Django admin's own form, say) skips allauth's second
    step: such a session is ended and the person signs in again, code and all."""
    enrol_second_factor(cast.ana)
    client.force_login(cast.ana, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/today/")
    assert response["Location"] == reverse("account_login") + "?next=%2Ftoday%2F"
    assert "_auth_user_id" not in client.session


def test_a_superuser_signing_in_through_the_admin_form_must_pass_the_second_step(client, db):
    operator = get_user_model().objects.create_superuser(
        "ops@alongside.test", "an operator passphrase"
    )
    enrol_second_factor(operator)
    client.post("/admin/login/", {"username": operator.email, "password": "an operator passphrase"})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_superuser_without_a_second_factor_is_sent_to_set_one_up(client, db):
    operator = get_user_model().objects.create_superuser(
        "ops@alongside.test", "an operator passphrase"
    )
    client.force_login(operator, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/")["Location"] == ENROL


def test_turning_the_app_off_sends_staff_to_set_up_a_new_one(client, cast):
    sign_in(client, cast.ana)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=cast.ana, type="totp").exists()
    assert client.get("/today/")["Location"] == ENROL


def test_clients_are_not_asked_for_a_second_factor(client, cast):
    give_portal_account(cast.casey, "casey@portal.test")
    response = post_password(client, "casey@portal.test")
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200


def test_a_client_may_turn_one_on_and_is_then_asked_for_it(
    client, cast, django_capture_on_commit_callbacks
):
    account = give_portal_account(cast.casey, "casey@portal.test")
    post_password(client, account.email)
    assert client.get(reverse("mfa_index")).status_code == 200
    client.get(ENROL)
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ENROL, {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))})
    assert client.get("/me/").status_code == 200
    client.post(reverse("account_logout"))

    assert post_password(client, account.email)["Location"] == reverse("mfa_authenticate")
    assert client.get("/me/").status_code == 302


def test_personas_login_helper_passes_both_steps(client, cast):
    login(client, cast.ana)
    assert client.get("/today/").status_code == 200
    methods = [record["method"] for record in client.session["account_authentication_methods"]]
    assert methods == ["password", "mfa"]


def test_api_tokens_are_judged_by_the_token_alone(client, cast):
    _, raw = ApiToken.issue(cast.ana)
    response = Client().get("/api/v1/clients", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_a_bearer_header_does_not_open_pages_to_a_session_without_a_second_factor(client, cast):
    client.force_login(cast.ana, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/today/", headers={"Authorization": "Bearer nonsense"})
    assert response["Location"] == ENROL
