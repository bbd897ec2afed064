"""Lockout after repeated failures (issue 5 acceptance): 10 wrong passwords lock the account,
the 11th attempt is refused even with the right password, and 15 minutes later it works;
spraying many accounts from one address gets throttled; none of it tells whether an account
exists."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.tests.conftest import comparable, post_code, post_password, sign_in
from alongside.testing.personas import PASSWORD, enrol_second_factor, make_user, totp_code

WRONG = "not the passphrase at all, sorry"
UNKNOWN = "nobody-here@hope.test"
SECOND_STEP = reverse("mfa_authenticate")


def fail(client, email, times, **extra):
    return [post_password(client, email, WRONG, **extra) for _ in range(times)]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def ana(cast) -> User:
    enrol_second_factor(cast.ana)
    return cast.ana


def test_nine_failures_still_let_the_right_password_through(client, ana):
    answers = fail(client, ana.email, 9)
    assert {answer.status_code for answer in answers} == {200}
    assert post_password(client, ana.email)["Location"] == SECOND_STEP


def test_the_tenth_failure_locks_and_the_eleventh_is_refused_with_the_right_password(client, ana):
    answers = fail(client, ana.email, 10)
    assert [a.status_code for a in answers] == [200] * 9 + [429]
    eleventh = post_password(client, ana.email, PASSWORD)
    assert eleventh.status_code == 429
    assert "Too many attempts" in eleventh.content.decode()
    assert not signed_in(client)
    assert client.get(SECOND_STEP).status_code == 302  # no second step was started
    assert client.get("/today/").status_code == 302


def test_the_lockout_ends_by_itself_after_15_minutes(client, ana):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, ana.email, 10)
    with time_machine.travel(start + timedelta(minutes=14, seconds=50), tick=False):
        assert post_password(client, ana.email).status_code == 429
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        assert post_password(client, ana.email)["Location"] == SECOND_STEP
        assert post_code(client, totp_code(ana)).status_code == 302
        assert client.get("/today/").status_code == 200


def test_knocking_on_a_locked_account_does_not_keep_it_locked_longer(client, ana):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, ana.email, 10)
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        assert {a.status_code for a in fail(client, ana.email, 5)} == {429}
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        assert post_password(client, ana.email)["Location"] == SECOND_STEP


def test_the_count_is_of_failures_in_a_row(client, ana):
    fail(client, ana.email, 9)
    sign_in(client, ana)
    client.post(reverse("account_logout"))
    fail(client, ana.email, 9)
    assert post_password(client, ana.email)["Location"] == SECOND_STEP


def test_the_lock_holds_whatever_the_address_is_written_like_and_wherever_from(client, ana):
    for index, variant in enumerate(["ANA@hope.test", " ana@HOPE.test", "Ana@Hope.Test"] * 4):
        post_password(client, variant, WRONG, REMOTE_ADDR=f"10.0.0.{index + 1}")
    assert post_password(client, ana.email, REMOTE_ADDR="10.9.9.9").status_code == 429


def test_locked_known_and_unknown_addresses_get_the_same_answer(client, ana):
    """DESIGN.md §4.5: a lockout must not tell who has an account."""
    known = fail(client, ana.email, 11, REMOTE_ADDR="10.0.0.1")
    unknown = fail(client, UNKNOWN, 11, REMOTE_ADDR="10.0.0.2")
    for mine, theirs in zip(known, unknown, strict=True):
        assert mine.status_code == theirs.status_code
        assert comparable(mine.content).replace(ana.email, "TYPED") == comparable(
            theirs.content
        ).replace(UNKNOWN, "TYPED")
    assert known[-1].status_code == 429
    locked_known = post_password(client, ana.email, PASSWORD, REMOTE_ADDR="10.0.0.1")
    locked_unknown = post_password(client, UNKNOWN, PASSWORD, REMOTE_ADDR="10.0.0.2")
    assert locked_known.status_code == locked_unknown.status_code == 429
    assert comparable(locked_known.content) == comparable(locked_unknown.content)
    assert ana.email not in locked_known.content.decode()


def spray(client, accounts, address):
    return [
        post_password(client, account.email, "Summer2026!Summer2026!", REMOTE_ADDR=address)
        for account in accounts
    ]


@pytest.fixture
def hundred_accounts(db) -> list[User]:
    return [make_user(f"person{number}@spray.test", f"Person {number}") for number in range(100)]


def test_spraying_a_hundred_accounts_from_one_address_is_throttled(client, hundred_accounts):
    answers = spray(client, hundred_accounts, "203.0.113.7")
    refused = [index for index, answer in enumerate(answers) if answer.status_code == 429]
    assert refused and refused[0] <= 30
    assert len(refused) >= 70
    # Even the right password of an account nobody tried is refused from that address...
    untouched = make_user("untouched@spray.test", "Untouched")
    assert post_password(client, untouched.email, REMOTE_ADDR="203.0.113.7").status_code == 429
    # ...but not from anywhere else: the accounts themselves are not locked.
    assert post_password(client, untouched.email, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert (
        post_password(client, hundred_accounts[0].email, REMOTE_ADDR="198.51.100.2").status_code
        == 302
    )


def test_the_address_throttle_is_kept_in_the_database_for_every_web_process(
    client, hundred_accounts, settings
):
    """Without allauth's per-process counters the database alone stops the spray at 30."""
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": None, "login": None}
    answers = spray(client, hundred_accounts, "203.0.113.8")
    assert [a.status_code for a in answers[:29]] == [200] * 29
    assert {a.status_code for a in answers[29:]} == {429}
    assert AccessAttempt.objects.filter(ip_address="203.0.113.8").count() == 30


def test_the_address_throttle_ends_by_itself_after_15_minutes(client, hundred_accounts, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": None, "login": None}
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        spray(client, hundred_accounts[:30], "203.0.113.9")
        assert spray(client, hundred_accounts[30:31], "203.0.113.9")[0].status_code == 429
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        answer = post_password(
            client, hundred_accounts[40].email, PASSWORD, REMOTE_ADDR="203.0.113.9"
        )
        assert answer.status_code == 302


def test_wrong_codes_count_too_and_lock_the_account(client, ana):
    post_password(client, ana.email)
    answers = [post_code(client, "000000") for _ in range(9)]
    assert {a.status_code for a in answers} == {200}
    tenth = post_code(client, "000000")
    assert tenth.status_code == 429
    assert not signed_in(client)
    # The half-finished sign-in is gone, and the account is locked for the password too.
    assert client.get(SECOND_STEP).status_code == 302
    assert post_password(client, ana.email).status_code == 429


def test_a_locked_account_cannot_finish_a_sign_in_started_before_the_lock(client, ana):
    post_password(client, ana.email)
    fail(client.__class__(), ana.email, 10)  # someone else, elsewhere, locks the account
    response = post_code(client, totp_code(ana))
    assert response.status_code == 200
    assert "Too many attempts" in response.content.decode()
    assert not signed_in(client)


def test_guessing_the_password_at_re_authentication_ends_the_session(client, ana):
    sign_in(client, ana)
    url = reverse("account_reauthenticate")
    answers = [client.post(url, {"password": WRONG}) for _ in range(10)]
    assert [a.status_code for a in answers] == [200] * 9 + [429]
    assert not signed_in(client)


def test_choosing_a_new_password_by_the_emailed_link_lifts_the_lock(client, ana, mailoutbox):
    fail(client, ana.email, 10)
    assert post_password(client, ana.email).status_code == 429
    client.post(reverse("account_reset_password"), {"email": ana.email})
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/password/reset/key/" in line)
    form = client.get(link.strip(), follow=True)
    new = "a brand new passphrase for ana"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert post_password(client, ana.email, new)["Location"] == SECOND_STEP
