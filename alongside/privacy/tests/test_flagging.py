"""Every audit row written under a break-glass grant carries it, and the chain still proves
that no row, old or new, was changed."""

from __future__ import annotations

import hashlib
import json

from django.db import connection
from django.urls import reverse

from alongside.audit.log import Event, record
from alongside.audit.models import AccessEvent, Action
from alongside.audit.verification import verify_all
from alongside.privacy.tests.conftest import open_glass
from alongside.testing.personas import login


def _view(client, user) -> AccessEvent:
    return record(
        Event(
            action=Action.VIEW,
            object_type="client",
            object_public_id=client.public_id,
            organization_id=client.organization_id,
            client_id=client.pk,
            client_public_id=client.public_id,
            user=user,
        )
    )


def _damaged() -> list:
    return [problem for _, _, problem in verify_all() if problem is not None]


def test_every_page_opened_under_the_grant_is_flagged(client, cast):
    grant = open_glass(cast.alex, cast.casey)
    login(client, cast.alex)
    pages = [
        reverse("workspace:client", args=[cast.casey.public_id]),
        reverse("workspace:caseload"),  # the list shows the record too: one row for it
        reverse("recovery:wins", args=[cast.casey.public_id]),
        f"/api/v1/clients/{cast.casey.public_id}",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    rows = AccessEvent.objects.filter(user_id=cast.alex.pk, client_id=cast.casey.pk)
    assert rows.count() >= len(pages) + 1  # plus the row that opened the grant
    assert set(rows.values_list("grant_public_id", flat=True)) == {grant.public_id}


def test_only_the_holder_and_the_client_are_flagged(client, cast):
    open_glass(cast.alex, cast.casey)
    login(client, cast.ana)  # Casey's own advocate, no grant
    client.get(reverse("workspace:client", args=[cast.casey.public_id]))
    login(client, cast.alex)
    _view(cast.riley, cast.alex)
    assert not AccessEvent.objects.filter(user_id=cast.ana.pk, grant_public_id__isnull=False)
    assert not AccessEvent.objects.filter(client_id=cast.riley.pk, grant_public_id__isnull=False)


def test_rows_after_the_window_are_not_flagged(cast, minutes_after):
    with minutes_after(0):
        grant = open_glass(cast.alex, cast.casey)
    for minutes in (59, 60):
        with minutes_after(minutes):
            _view(cast.casey, cast.alex)
    inside, after = AccessEvent.objects.filter(object_type="client").order_by("occurred_at")
    assert inside.grant_public_id == grant.public_id
    assert after.grant_public_id is None


def test_flagged_chains_verify(client, cast):
    open_glass(cast.alex, cast.casey)
    login(client, cast.alex)
    client.get(reverse("workspace:client", args=[cast.casey.public_id]))
    assert AccessEvent.objects.filter(grant_public_id__isnull=False).count() >= 2
    assert _damaged() == []


def test_rows_without_a_flag_hash_as_they_did_before_the_flag_existed(cast):
    """The hash of an unflagged row is the one written before `grant_public_id` existed, so
    the log recorded before the upgrade still verifies."""
    row = _view(cast.casey, cast.ana)
    stored = AccessEvent.objects.get(pk=row.pk)
    before_the_flag = {
        "chain": stored.chain,
        "sequence": stored.sequence,
        "occurred_at": stored.occurred_at.isoformat(timespec="microseconds"),
        "user_id": stored.user_id,
        "user_email": stored.user_email,
        "role": stored.role,
        "organization_id": stored.organization_id,
        "client_id": stored.client_id,
        "client_public_id": str(stored.client_public_id),
        "action": stored.action,
        "object_type": stored.object_type,
        "object_public_id": stored.object_public_id,
        "ip": stored.ip,
        "outcome": stored.outcome,
        "prev_hash": stored.prev_hash,
    }
    encoded = json.dumps(before_the_flag, sort_keys=True, separators=(",", ":")).encode()
    assert hashlib.sha256(encoded).hexdigest() == stored.hash


def _without_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_accessevent_no_update")
            cursor.execute("DROP TRIGGER audit_accessevent_no_delete")


def test_removing_a_flag_is_detected(client, cast):
    open_glass(cast.alex, cast.casey)
    login(client, cast.alex)
    client.get(reverse("workspace:client", args=[cast.casey.public_id]))
    flagged = AccessEvent.objects.filter(grant_public_id__isnull=False).last()
    _without_triggers()
    AccessEvent.objects.filter(pk=flagged.pk).update(grant_public_id=None)
    problems = _damaged()
    assert len(problems) == 1
    assert problems[0].row_id == flagged.pk


def test_adding_a_flag_is_detected(cast):
    row = _view(cast.casey, cast.ana)
    grant = open_glass(cast.alex, cast.riley)
    _without_triggers()
    AccessEvent.objects.filter(pk=row.pk).update(grant_public_id=grant.public_id)
    problems = _damaged()
    assert len(problems) == 1
    assert problems[0].row_id == row.pk
