"""Issue 5's acceptance for break-glass, end to end through the pages: access ends at 60
minutes, every access in the window is flagged and queued for review, notifications sent."""

from __future__ import annotations

from django.urls import reverse

from alongside.audit.models import AccessEvent, ReviewFinding
from alongside.notifications.models import Delivery
from alongside.privacy.tests.conftest import form_data
from alongside.testing.personas import login


def test_break_glass_from_opening_to_sign_off(client, cast, minutes_after):
    profile = reverse("workspace:client", args=[cast.casey.public_id])
    with minutes_after(0):
        login(client, cast.alex)
        assert client.get(profile).status_code == 404  # administrators see no record
        opened = client.post(reverse("privacy:break_glass"), form_data(cast.casey))
        assert opened["Location"] == profile
    statuses = {}
    for minutes in (1, 30, 59, 60, 61):
        with minutes_after(minutes):
            login(client, cast.alex)  # a fresh sign-in: idle timeouts are not under test
            statuses[minutes] = client.get(profile).status_code
    assert statuses == {1: 200, 30: 200, 59: 200, 60: 404, 61: 404}

    # Every access in the window is flagged with the grant, and nothing after it was served.
    rows = AccessEvent.objects.filter(user_id=cast.alex.pk, client_id=cast.casey.pk)
    assert rows.count() == 4  # opening the grant, then three pages
    grant_ids = set(rows.values_list("grant_public_id", flat=True))
    assert len(grant_ids) == 1 and None not in grant_ids

    # Notices are queued for the privacy officer and the director, naming no one.
    told = Delivery.objects.filter(kind="break_glass_review")
    assert set(told.values_list("address", flat=True)) == {cast.pat.email, cast.dana.email}
    assert {d.client_id for d in told} == {cast.casey.pk}

    # The grant waits in the review queue with what was opened, and is signed off.
    with minutes_after(90):
        login(client, cast.pat)
        queue = client.get(reverse("privacy:review_queue"))
        (waiting,) = queue.context["waiting"]
        review = reverse("privacy:review", args=[waiting.public_id])
        assert len(client.get(review).context["events"]) == 4
        signed = client.post(review, {"finding": ReviewFinding.APPROPRIATE, "note": "Checked."})
        assert signed.status_code == 302
        assert client.get(reverse("privacy:review_queue")).context["waiting"] == []
