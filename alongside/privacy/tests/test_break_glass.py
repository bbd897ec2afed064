"""The break-glass page: reason and passphrase first, then one record or one fixed answer."""

from __future__ import annotations

import re
import uuid
from datetime import date

from django.contrib.auth.signals import user_login_failed
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action, BreakGlassGrant, Outcome
from alongside.notifications.models import Delivery
from alongside.privacy.services import ATTEMPTS_PER_HOUR
from alongside.privacy.tests.conftest import form_data
from alongside.testing.personas import give_portal_account, login

URL = reverse("privacy:break_glass")


def _answer(response) -> str:
    """The page as served, with what the person typed (echoed back in the fields) and the
    per-request tokens (CSRF, CSP nonce) blanked."""
    text = response.content.decode()
    text = re.sub(r' value="[^"]*"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return re.sub(r'nonce="[^"]+"', "", text)


def test_every_staff_member_sees_the_form(client, cast):
    for person in cast.staff().values():
        login(client, person)
        response = client.get(URL)
        assert response.status_code == 200
        assert b"Break the glass" in response.content


def test_sign_in_is_required(client, cast):
    response = client.get(URL)
    assert response.status_code == 302
    assert BreakGlassGrant.objects.count() == 0


def test_a_clients_own_account_gets_a_404(client, cast):
    login(client, give_portal_account(cast.casey, "casey@portal.test"))
    assert client.get(URL).status_code == 404
    assert client.post(URL, form_data(cast.riley)).status_code == 404
    assert BreakGlassGrant.objects.count() == 0


def test_other_methods_are_refused(client, cast):
    login(client, cast.alex)
    assert client.put(URL).status_code == 405


def test_administrator_opens_a_record_with_a_reason_and_their_passphrase(client, cast):
    login(client, cast.alex)
    response = client.post(URL, form_data(cast.casey))
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:client", args=[cast.casey.public_id])
    grant = BreakGlassGrant.objects.get()
    assert (grant.user_id, grant.client_id, grant.organization_id) == (
        cast.alex.pk,
        cast.casey.pk,
        cast.org.pk,
    )
    assert (grant.ends_at - grant.started_at).total_seconds() == 3600
    profile = client.get(response["Location"])
    assert profile.status_code == 200
    assert b"Casey" in profile.content
    assert b"Every page you open is recorded" in profile.content
    opened = AccessEvent.objects.get(object_type="break_glass")
    assert (opened.action, opened.client_id, opened.grant_public_id) == (
        Action.CREATE,
        cast.casey.pk,
        grant.public_id,
    )


def test_name_and_date_of_birth_find_the_record(client, cast):
    cast.riley.legal_name = "Riley Morgan"
    cast.riley.date_of_birth = date(1990, 4, 2)
    cast.riley.save()
    login(client, cast.ana)
    data = form_data(name="  riley   MORGAN ", date_of_birth="1990-04-02")
    response = client.post(URL, data)
    assert response.status_code == 302
    assert BreakGlassGrant.objects.get().client_id == cast.riley.pk


def test_a_wrong_passphrase_opens_nothing_and_looks_nothing_up(client, cast):
    failures = []

    def count(sender, credentials, **kwargs):
        failures.append(credentials.get("email"))

    user_login_failed.connect(count)
    try:
        login(client, cast.alex)
        response = client.post(URL, form_data(cast.casey, password="not my passphrase at all"))
    finally:
        user_login_failed.disconnect(count)
    # Counted like a failed sign-in (towards the account's lockout).
    assert failures == [cast.alex.email]
    assert response.status_code == 422
    assert b"That passphrase is not right." in response.content
    assert b"Casey" not in response.content
    assert BreakGlassGrant.objects.count() == 0
    assert not AccessEvent.objects.filter(client_id=cast.casey.pk).exists()


def test_reason_and_explanation_are_required(client, cast):
    login(client, cast.alex)
    response = client.post(URL, form_data(cast.casey, reason="", explanation="because"))
    assert response.status_code == 422
    assert BreakGlassGrant.objects.count() == 0
    assert not AccessEvent.objects.filter(client_id=cast.casey.pk).exists()


def test_the_record_must_be_named(client, cast):
    login(client, cast.alex)
    response = client.post(URL, form_data(name="Casey"))  # no date of birth
    assert response.status_code == 422
    assert b"Give the record number, or the name and date of birth." in response.content
    assert BreakGlassGrant.objects.count() == 0


def test_nothing_matched_is_one_answer_whatever_the_reason(client, cast):
    """No such record, a record of another organization, and two records with the same name
    and birthday all give the same page: only opening a record says it exists."""
    for person in (cast.riley, cast.newcomer):
        person.preferred_name = "Sam Lee"
        person.date_of_birth = date(1988, 1, 1)
        person.save()
    login(client, cast.alex)
    answers = [
        client.post(URL, form_data(public_id=str(uuid.uuid4()))),  # nobody
        client.post(URL, form_data(cast.quinn)),  # Riverbend's client
        client.post(URL, form_data(name="Sam Lee", date_of_birth="1988-01-01")),  # two
        client.post(URL, form_data(name="Nobody Here", date_of_birth="1988-01-01")),
    ]
    assert {a.status_code for a in answers} == {422}
    assert len({_answer(a) for a in answers}) == 1
    assert b"No record was opened." in answers[0].content
    assert b"Quinn" not in answers[1].content
    # Each attempt is kept for review: no record, no window, and a refused audit row.
    attempts = BreakGlassGrant.objects.filter(user_id=cast.alex.pk)
    assert attempts.count() == 4
    assert all(g.client_id is None and g.ends_at == g.started_at for g in attempts)
    refused = AccessEvent.objects.filter(object_type="break_glass", outcome=Outcome.DENIED)
    assert refused.count() == 4
    assert not refused.exclude(client_id=None).exists()
    assert not AccessEvent.objects.filter(client_id=cast.quinn.pk, user_id=cast.alex.pk).exists()


def test_a_record_already_in_scope_opens_without_a_grant(client, cast):
    login(client, cast.ana)
    response = client.post(URL, form_data(cast.casey))
    assert response.status_code == 302
    assert BreakGlassGrant.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_an_open_grant_is_not_opened_twice(client, cast):
    login(client, cast.alex)
    client.post(URL, form_data(cast.casey))
    response = client.post(URL, form_data(cast.casey))
    assert response.status_code == 302
    assert BreakGlassGrant.objects.count() == 1


def test_attempts_are_limited_per_hour(client, cast):
    login(client, cast.alex)
    for _ in range(ATTEMPTS_PER_HOUR):
        client.post(URL, form_data(name="Nobody", date_of_birth="2000-01-01"))
    response = client.post(URL, form_data(cast.casey))
    assert response.status_code == 422
    assert b"in the last hour" in response.content
    assert not BreakGlassGrant.objects.filter(client_id=cast.casey.pk).exists()
