"""Never confirm who is a client (DESIGN.md §4.5): where a person types an e-mail address or
an invitation secret, known and unknown ones get the same answer — status, headers that
matter and body, apart from CSRF tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alongside.portal.models import Invitation
from alongside.portal.services import invite_client, redeem_invitation, revoke_invitation
from alongside.portal.tests.conftest import CASEY_EMAIL, GOOD_PASSPHRASE, without_csrf
from alongside.testing.personas import give_portal_account

UNKNOWN = "nobody-here@portal.test"


def same_answer(first, second, *, typed=()):
    """Assert two responses are identical apart from CSRF tokens and the text TYPED."""
    assert first.status_code == second.status_code
    assert first.get("Location") == second.get("Location")
    bodies = [without_csrf(first.content), without_csrf(second.content)]
    for text in typed:
        bodies = [body.replace(text, "TYPED") for body in bodies]
    assert bodies[0] == bodies[1]


# --- Signing in and resetting a passphrase -------------------------------------------------


def test_sign_in_with_a_wrong_passphrase_answers_alike_for_a_client_and_an_unknown_address(
    client, casey_account
):
    attempt = {"password": "wrong but long enough passphrase"}
    known = client.post(reverse("account_login"), {"login": CASEY_EMAIL, **attempt})
    unknown = client.post(reverse("account_login"), {"login": UNKNOWN, **attempt})
    assert known.status_code == 200
    same_answer(known, unknown, typed=(CASEY_EMAIL, UNKNOWN))


def test_passphrase_reset_answers_alike_for_a_client_and_an_unknown_address(client, casey_account):
    url = reverse("account_reset_password")
    known = client.post(url, {"email": CASEY_EMAIL})
    unknown = client.post(url, {"email": UNKNOWN})
    assert known.status_code == 302
    same_answer(known, unknown)
    same_answer(client.get(known["Location"]), client.get(unknown["Location"]))


def test_the_reset_pages_answer_alike_in_spanish_too(client, casey_account):
    url = reverse("account_reset_password")
    headers = {"Accept-Language": "es"}
    known = client.post(url, {"email": CASEY_EMAIL}, headers=headers, follow=True)
    unknown = client.post(url, {"email": UNKNOWN}, headers=headers, follow=True)
    same_answer(known, unknown)


# --- Redeeming an invitation ---------------------------------------------------------------


def _account(email):
    return {"email": email, "passphrase": GOOD_PASSPHRASE, "passphrase_again": GOOD_PASSPHRASE}


@pytest.mark.parametrize("known", ["ana@hope.test", CASEY_EMAIL])
def test_joining_answers_alike_whether_or_not_the_address_has_an_account(
    client, cast, known, django_capture_on_commit_callbacks
):
    """An address of a staff member, or of another client, must not be confirmed."""
    if known == CASEY_EMAIL:
        give_portal_account(cast.jordan, CASEY_EMAIL)  # someone else's client account
    answers = []
    for email in (known, UNKNOWN):
        issued = invite_client(cast.ana, cast.casey, phone="555 010 0123")
        url = reverse("portal:join_link", args=[issued.link_token])
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(url, _account(email), follow=True)
        retry = client.post(url, _account(email))
        answers.append((answer, retry, issued.link_token))
    (known_answer, known_retry, token_1), (unknown_answer, unknown_retry, token_2) = answers
    same_answer(known_answer, unknown_answer)
    assert known_answer.redirect_chain == unknown_answer.redirect_chain
    # A second try tells nothing either (the page links back to itself, with its own token).
    same_answer(known_retry, unknown_retry, typed=(token_1, token_2))
    # Each address's owner got a message; only they learn whether it had an account.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([known, UNKNOWN])


def _unusable_links(cast):
    """Return {reason: secrets} for invitations that cannot be used, each a different way."""
    now = timezone.now()
    used = invite_client(cast.ana, cast.jordan, email="jordan@example.test")
    redeem_invitation(used.link_token, "jordan@example.test", GOOD_PASSPHRASE)
    revoked = invite_client(cast.ana, cast.casey, email="casey@example.test")
    revoke_invitation(cast.ana, revoked.invitation)
    expired = invite_client(cast.sam, cast.riley, email="riley@example.test")
    Invitation.objects.filter(pk=expired.invitation.pk).update(expires_at=now - timedelta(1))
    return {
        "used": used,
        "revoked": revoked,
        "expired": expired,
    }


def test_every_unusable_link_gets_the_same_answer_as_an_unknown_one(client, cast):
    unusable = _unusable_links(cast)
    unknown = client.get(reverse("portal:join_link", args=["x" * 43]))
    assert unknown.status_code == 404
    for issued in unusable.values():
        url = reverse("portal:join_link", args=[issued.link_token])
        tokens = (issued.link_token, "x" * 43)
        same_answer(client.get(url), unknown, typed=tokens)
        same_answer(client.post(url, _account(UNKNOWN)), unknown, typed=tokens)


def test_every_unusable_code_gets_the_same_answer_as_an_unknown_one(client, cast):
    unusable = _unusable_links(cast)
    url = reverse("portal:join")
    unknown = client.post(url, {"code": "ZZZZ-ZZZZ"})
    assert unknown.status_code == 422
    for issued in unusable.values():
        answer = client.post(url, {"code": issued.short_code})
        same_answer(answer, unknown, typed=(issued.short_code, "ZZZZ-ZZZZ"))
