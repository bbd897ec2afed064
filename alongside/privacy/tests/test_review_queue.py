"""The review queue: privacy officers and directors see every break-glass use of their
organization, what was opened under it, and sign it off once it has ended."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action, BreakGlassGrant, ReviewFinding
from alongside.privacy.services import sign_off
from alongside.privacy.tests.conftest import EXPLANATION, open_glass
from alongside.testing.personas import login, make_client

QUEUE = reverse("privacy:review_queue")


def _review(grant) -> str:
    return reverse("privacy:review", args=[grant.public_id])


@pytest.fixture
def ended(cast, minutes_after):
    """Alex's break-glass on Casey, a day ago (its hour has ended)."""
    with minutes_after(0):
        grant = open_glass(cast.alex, cast.casey)
    return grant


@pytest.mark.parametrize("who", ["pat", "dana"])
def test_reviewers_see_the_queue(client, cast, ended, who):
    login(client, getattr(cast, who))
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert b"Alex Admin" in response.content
    assert b"Covering for an absent colleague" in response.content
    assert b"Casey" not in response.content  # no client content, not even a name


@pytest.mark.parametrize("who", ["ana", "sam", "cleo", "alex", "oscar"])
def test_nobody_else_sees_the_queue(client, cast, ended, who):
    login(client, getattr(cast, who))
    assert client.get(QUEUE).status_code == 403
    assert client.get(_review(ended)).status_code == 403


def test_another_organizations_grants_and_missing_ones_are_a_404(client, cast):
    rowan = make_client(cast.other_program, "Rowan")
    theirs = open_glass(cast.oscar, rowan)
    login(client, cast.pat)
    assert client.get(_review(theirs)).status_code == 404
    assert client.post(_review(theirs), {"finding": "appropriate"}).status_code == 404
    assert client.get(reverse("privacy:review", args=[uuid.uuid4()])).status_code == 404
    assert b"Oscar" not in client.get(QUEUE).content


def test_the_review_page_lists_what_was_opened(client, cast, minutes_after):
    with minutes_after(0):
        grant = open_glass(cast.alex, cast.casey)
    with minutes_after(5):
        login(client, cast.alex)
        client.get(reverse("workspace:client", args=[cast.casey.public_id]))
    login(client, cast.pat)
    response = client.get(_review(grant))
    assert response.status_code == 200
    flagged = AccessEvent.objects.filter(grant_public_id=grant.public_id)
    assert list(response.context["events"]) == list(flagged.order_by("occurred_at", "id"))
    assert len(response.context["events"]) >= 2
    assert EXPLANATION.encode() in response.content
    assert b"Casey" not in response.content


def test_signing_off_records_the_finding_and_an_audit_row(client, cast, ended):
    login(client, cast.pat)
    response = client.post(_review(ended), {"finding": ReviewFinding.APPROPRIATE, "note": ""})
    assert response.status_code == 302
    ended.refresh_from_db()
    assert (ended.reviewed_by_id, ended.finding) == (cast.pat.pk, ReviewFinding.APPROPRIATE)
    row = AccessEvent.objects.get(object_type="break_glass", action=Action.UPDATE)
    assert (row.user_id, row.object_public_id, row.client_id) == (
        cast.pat.pk,
        str(ended.public_id),
        None,
    )
    assert BreakGlassGrant.objects.awaiting_review().count() == 0


def test_a_concern_needs_a_note(client, cast, ended):
    login(client, cast.pat)
    response = client.post(_review(ended), {"finding": ReviewFinding.CONCERN, "note": " "})
    assert response.status_code == 422
    ended.refresh_from_db()
    assert ended.reviewed_at is None


def test_an_open_access_is_signed_off_only_after_it_ends(client, cast):
    grant = open_glass(cast.alex, cast.casey)
    login(client, cast.pat)
    page = client.get(_review(grant))
    assert b"still open" in page.content
    response = client.post(_review(grant), {"finding": ReviewFinding.APPROPRIATE})
    assert response.status_code == 422
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_nobody_signs_off_their_own_access(client, cast, minutes_after):
    with minutes_after(0):
        grant = open_glass(cast.pat, cast.casey)
    login(client, cast.pat)
    response = client.post(_review(grant), {"finding": ReviewFinding.APPROPRIATE})
    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_the_second_sign_off_is_refused(client, cast, ended):
    login(client, cast.dana)
    client.post(_review(ended), {"finding": ReviewFinding.APPROPRIATE})
    login(client, cast.pat)
    response = client.post(_review(ended), {"finding": ReviewFinding.CONCERN, "note": "Why?"})
    assert response.status_code == 302
    assert b"Already signed off by dana@hope.test" in client.get(response["Location"]).content
    ended.refresh_from_db()
    assert (ended.reviewed_by_id, ended.finding) == (cast.dana.pk, ReviewFinding.APPROPRIATE)


def test_a_sign_off_lost_in_a_race_is_refused(cast, ended):
    stale = BreakGlassGrant.objects.get(pk=ended.pk)
    sign_off(cast.dana, ended, finding=ReviewFinding.APPROPRIATE, note="")
    with pytest.raises(ValidationError, match="signed this off already"):
        sign_off(cast.pat, stale, finding=ReviewFinding.CONCERN, note="Late")
    assert AccessEvent.objects.filter(action=Action.UPDATE).count() == 1


def test_bad_input_changes_nothing(client, cast, ended):
    login(client, cast.pat)
    response = client.post(_review(ended), {"finding": "fine"})
    assert response.status_code == 422
    ended.refresh_from_db()
    assert ended.reviewed_at is None
    assert not AccessEvent.objects.filter(action=Action.UPDATE).exists()


def test_unmatched_attempts_are_in_the_queue(client, cast):
    login(client, cast.ana)
    client.post(
        reverse("privacy:break_glass"),
        {
            "name": "Nobody",
            "date_of_birth": "2001-02-03",
            "reason": "other",
            "explanation": EXPLANATION,
            "password": "correct horse battery staple",
        },
    )
    login(client, cast.pat)
    response = client.get(QUEUE)
    assert b"No record matched" in response.content
    assert b"Ana Advocate" in response.content
