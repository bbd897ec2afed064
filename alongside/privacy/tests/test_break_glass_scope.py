"""Every URL with a client in it, as an administrator holding a break-glass grant on Casey:
Casey's record reads, nothing writes, everything is flagged, and every other record is still
a 404 (the URL list is the scope test's own)."""

from __future__ import annotations

from alongside.audit.models import AccessEvent
from alongside.privacy.tests.conftest import open_glass
from alongside.testing.personas import login
from alongside.workspace.tests.test_url_scope import COVERED, _request, _url


def test_a_grant_reads_one_record_and_writes_nothing(client, cast):
    grant = open_glass(cast.alex, cast.casey)
    login(client, cast.alex)
    problems = []
    read = 0
    for route, spec in COVERED.items():
        url = _url(route, spec.kwargs(cast.casey, cast))
        for method in spec.methods:
            response = _request(client, method, url, spec)
            if method == "get" and response.status_code == 200:
                read += 1
            if method == "post" and response.status_code < 400:
                problems.append(f"POST {route}: {response.status_code}")
        for other in (cast.riley, cast.quinn):
            other_url = _url(route, spec.kwargs(other, cast))
            for method in spec.methods:
                status = _request(client, method, other_url, spec).status_code
                if status != 404:
                    problems.append(f"{method.upper()} {route} for {other}: {status}")
    assert problems == []
    assert read >= 5  # profile, wins, safety plan, assessments, API record …
    rows = AccessEvent.objects.filter(user_id=cast.alex.pk, client_id=cast.casey.pk)
    assert rows.count() > read
    assert set(rows.values_list("grant_public_id", flat=True)) == {grant.public_id}
    assert not AccessEvent.objects.filter(user_id=cast.alex.pk).exclude(client_id=cast.casey.pk)
