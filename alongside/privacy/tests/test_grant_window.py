"""What a break-glass grant opens, and for exactly how long (the access layer's side)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent
from alongside.clients.access import (
    BREAK_GLASS_CAPABILITIES,
    Capability,
    capabilities_for,
    get_client_for,
    visible_to,
)
from alongside.organizations.models import Membership, Role
from alongside.organizations.staff import forget_memberships
from alongside.privacy.tests.conftest import open_glass
from alongside.testing.personas import login


def _profile(cast):
    return reverse("workspace:client", args=[cast.casey.public_id])


@pytest.mark.parametrize(("minutes", "status"), [(0, 200), (1, 200), (59, 200), (59.99, 200)])
def test_the_record_opens_for_the_first_sixty_minutes(client, cast, minutes_after, minutes, status):
    with minutes_after(0):
        open_glass(cast.alex, cast.casey)
    with minutes_after(minutes):
        login(client, cast.alex)
        assert client.get(_profile(cast)).status_code == status


@pytest.mark.parametrize("minutes", [60, 61, 24 * 60])
def test_the_record_closes_at_sixty_minutes(client, cast, minutes_after, minutes):
    with minutes_after(0):
        open_glass(cast.alex, cast.casey)
    with minutes_after(minutes):
        login(client, cast.alex)
        response = client.get(_profile(cast))
        assert response.status_code == 404
        assert b"Casey" not in response.content
        assert not visible_to(cast.alex).exists()


def test_a_grant_gives_reading_and_notes_only(cast):
    open_glass(cast.alex, cast.casey)
    assert capabilities_for(cast.alex, cast.casey) == BREAK_GLASS_CAPABILITIES
    assert {Capability.VIEW, Capability.READ_NOTES} == BREAK_GLASS_CAPABILITIES
    assert get_client_for(cast.alex, cast.casey.public_id, need=Capability.READ_NOTES)
    assert list(visible_to(cast.alex)) == [cast.casey]
    assert not visible_to(cast.alex, need=Capability.RECORD).exists()
    assert not visible_to(cast.alex, need=Capability.READ_MESSAGES).exists()


def test_writing_under_a_grant_is_refused_and_flagged(client, cast):
    grant = open_glass(cast.alex, cast.casey)
    login(client, cast.alex)
    for name in ("support:log_contact", "clients:discharge", "clients:assign"):
        url = reverse(name, args=[cast.casey.public_id])
        assert client.post(url, {}).status_code == 403, name
    refused = AccessEvent.objects.filter(client_id=cast.casey.pk, outcome="denied")
    assert refused.count() == 3
    assert set(refused.values_list("grant_public_id", flat=True)) == {grant.public_id}


def test_conversations_stay_closed(client, cast):
    open_glass(cast.alex, cast.casey)
    login(client, cast.alex)
    response = client.get(reverse("messaging:conversation", args=[cast.casey.public_id]))
    assert response.status_code == 403  # the record is visible; its conversation is not


def test_a_grant_opens_only_its_own_client(cast):
    open_glass(cast.alex, cast.casey)
    assert set(visible_to(cast.alex)) == {cast.casey}
    assert capabilities_for(cast.alex, cast.riley) == frozenset()


def test_a_grant_ends_with_the_holders_role(cast):
    open_glass(cast.alex, cast.casey)
    Membership.objects.filter(user=cast.alex, role=Role.ADMIN).update(is_active=False)
    forget_memberships(cast.alex)
    assert not visible_to(cast.alex).exists()
    assert capabilities_for(cast.alex, cast.casey) == frozenset()


def test_an_advocate_sees_their_caseload_and_the_grant(cast):
    open_glass(cast.ana, cast.riley)
    assert set(visible_to(cast.ana)) == {cast.casey, cast.jordan, cast.riley}
    assert capabilities_for(cast.ana, cast.riley) == BREAK_GLASS_CAPABILITIES
    # Their own clients keep everything their role gives.
    assert Capability.RECORD in capabilities_for(cast.ana, cast.casey)


def test_the_grant_costs_no_extra_query(cast, django_assert_num_queries):
    """The grant is a subquery inside the one scope query, with or without grants."""
    forget_memberships(cast.ana)
    list(visible_to(cast.ana))  # memberships loaded and cached
    with django_assert_num_queries(1):
        before = list(visible_to(cast.ana))
    open_glass(cast.ana, cast.riley)
    with django_assert_num_queries(1):
        after = list(visible_to(cast.ana))
    assert len(after) == len(before) + 1


def test_capabilities_of_clients_in_scope_cost_no_grant_query(cast, django_assert_num_queries):
    forget_memberships(cast.ana)
    capabilities_for(cast.ana, cast.casey)
    with django_assert_num_queries(1):  # the advocate's scope; no break-glass lookup
        capabilities_for(cast.ana, cast.casey)
