"""`seed_demo --scale`: the large center's counts, caseloads and refusals (issue 8)."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from alongside.assessments.models import AssessmentResponse
from alongside.audit.models import AccessEvent
from alongside.audit.verification import verify_all
from alongside.checkins.models import CheckIn
from alongside.clients.models import Assignment, Client
from alongside.demo.large import (
    CASELOAD_MAX,
    CASELOAD_MIN,
    LARGE,
    Scale,
    ScaleError,
    caseload_sizes,
    parse_scale,
)
from alongside.demo.large_history import share
from alongside.organizations.models import Membership, Organization
from alongside.support.models import Encounter

SCALE = "clients=120,staff=40,checkins=6000,encounters=4000,assessments=900"


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, "--no-progress", stdout=out)
    return out.getvalue()


def test_parse_scale_reads_the_named_scale_and_explicit_counts():
    assert parse_scale("large") == LARGE
    assert LARGE.clients == 5_000 and LARGE.checkins == 1_000_000 and LARGE.staff == 200
    assert parse_scale("clients=50, checkins=2_000") == Scale(clients=50, checkins=2000)
    assert parse_scale("clients=50,checkins=2000").label() == "clients=50,checkins=2000"


@pytest.mark.parametrize(
    "text", ["huge", "clients=", "clients=ten", "patients=5", "clients=0", "checkins=-1", ""]
)
def test_parse_scale_refuses_what_it_cannot_read(text):
    with pytest.raises(ScaleError):
        parse_scale(text)


@pytest.mark.django_db
def test_explicit_counts_come_out_exactly():
    output = seed("--scale", SCALE)
    org = Organization.objects.get(slug="demo")
    assert Client.objects.filter(organization=org).count() == 120
    assert Membership.objects.filter(organization=org).count() == 40
    assert CheckIn.objects.filter(organization=org).count() == 6000
    assert Encounter.objects.filter(organization=org).count() == 4000
    assert AssessmentResponse.objects.filter(organization=org).count() == 900
    assert "6,000 check-ins" in output
    # Every client given history has a `create` event for it (the builder's own rows keep
    # one each), and the chain is intact.
    for kind, model in (("checkin", CheckIn), ("assessmentresponse", AssessmentResponse)):
        with_rows = set(model.objects.values_list("client_id", flat=True))
        audited = set(
            AccessEvent.objects.filter(object_type=kind, action="create").values_list(
                "client_id", flat=True
            )
        )
        assert with_rows <= audited
    assert AccessEvent.objects.filter(object_type="checkin", object_public_id="").exists()
    assert all(problem is None for _chain, _rows, problem in verify_all())


@pytest.mark.django_db
def test_caseloads_are_within_the_range_and_history_has_a_long_tail():
    seed("--scale", SCALE)
    caseloads = [
        row["n"]
        for row in Assignment.objects.filter(ended_at__isnull=True)
        .values("advocate")
        .annotate(n=Count("id"))
    ]
    assert caseloads
    assert all(CASELOAD_MIN <= n <= CASELOAD_MAX for n in caseloads), caseloads
    per_client = sorted(
        CheckIn.objects.values("client").annotate(n=Count("id")).values_list("n", flat=True)
    )
    # Most people have a short history and a few a long one.
    median = per_client[len(per_client) // 2]
    assert per_client[-1] > 3 * median


@pytest.mark.django_db
def test_a_count_below_what_the_plan_makes_is_refused_and_nothing_is_written():
    with pytest.raises(CommandError, match="checkins=10 is too few"):
        seed("--scale", "clients=120,checkins=10")
    assert not Organization.objects.filter(slug="demo").exists()
    with pytest.raises(CommandError, match="staff=3 is too few"):
        seed("--scale", "clients=120,staff=3")
    assert not Organization.objects.filter(slug="demo").exists()


@pytest.mark.django_db
def test_scale_and_clients_together_are_refused():
    with pytest.raises(CommandError, match="not --clients"):
        seed("--scale", "clients=50", "--clients", "50")
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_a_second_load_changes_nothing():
    seed("--scale", "clients=40")
    before = CheckIn.objects.count(), AccessEvent.objects.count()
    assert "already loaded" in seed("--scale", "clients=40,checkins=99999")
    assert (CheckIn.objects.count(), AccessEvent.objects.count()) == before


@pytest.mark.parametrize("total", [0, 7, 14, 15, 100, 2_000, 3_999])
def test_caseload_sizes_sum_to_the_total_within_the_range(total):
    sizes = caseload_sizes(random.Random(total), total, 100)
    assert sum(sizes) == total and len(sizes) == 100
    held = [s for s in sizes if s]
    if total >= CASELOAD_MIN:
        assert all(CASELOAD_MIN <= s <= CASELOAD_MAX for s in held), held
    else:
        assert held == ([total] if total else [])


def test_share_splits_exactly_and_respects_the_caps():
    counts = share(100, [10, 50, 1000, 0], [5.0, 1.0, 0.1, 9.0])
    assert sum(counts) == 100
    assert counts[0] <= 10 and counts[1] <= 50 and counts[3] == 0
    with pytest.raises(ScaleError):
        share(11, [5, 5], [1.0, 1.0])
