"""The full wins feed of one client ("See all wins")."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action
from alongside.recovery.tests.factories import make_win
from alongside.testing.personas import login
from alongside.testing.querycount import count_queries


def url(client: Any) -> str:
    return reverse("recovery:wins", args=[client.public_id])


def add_wins(cast, count: int, first: int = 0) -> None:
    """Give Casey COUNT wins, "Win 000" the newest (a day apart)."""
    for i in range(first, first + count):
        make_win(cast.casey, cast.ana, title=f"Win {i:03}", days=i + 1)


def test_wins_are_listed_newest_first(client, cast):
    add_wins(cast, 3)
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    assert body.index("Win 000") < body.index("Win 001") < body.index("Win 002")


def test_wins_are_paged_twenty_at_a_time(client, cast):
    add_wins(cast, 25)
    login(client, cast.ana)
    first = client.get(url(cast.casey)).content.decode()
    second = client.get(url(cast.casey), {"page": 2}).content.decode()
    assert "Win 019" in first and "Win 020" not in first
    assert "Page 1 of 2" in first
    assert "Win 020" in second and "Win 024" in second and "Win 019" not in second


def test_without_wins_the_page_says_so(client, cast):
    login(client, cast.ana)
    assert "No wins yet." in client.get(url(cast.casey)).content.decode()


def test_reading_the_wins_is_audited(client, cast):
    login(client, cast.ana)
    client.get(url(cast.casey))
    assert AccessEvent.objects.filter(
        action=Action.VIEW, object_type="win_list", client_id=cast.casey.pk, user_id=cast.ana.pk
    ).exists()


def test_clinician_reads_the_wins_without_actions(client, cast):
    add_wins(cast, 1)
    login(client, cast.cleo)
    response = client.get(url(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Win 000" in body
    assert "Congratulate" not in body and "Add a win" not in body


def test_advocate_is_offered_to_congratulate_and_add(client, cast):
    add_wins(cast, 1)
    login(client, cast.ana)
    body = client.get(url(cast.casey)).content.decode()
    assert "Congratulate" in body and "Add a win" in body


def test_wins_page_is_read_only(client, cast):
    login(client, cast.ana)
    assert client.post(url(cast.casey)).status_code == 405


@pytest.mark.parametrize("persona", ["oscar", "ben", "alex"])
def test_wins_page_is_not_found_outside_ones_scope(client, cast, persona):
    add_wins(cast, 1)
    login(client, getattr(cast, persona))
    response = client.get(url(cast.casey))
    assert response.status_code == 404
    assert "Win 000" not in response.content.decode()


def test_wins_page_query_count_does_not_grow_with_the_number_of_wins(client, cast):
    login(client, cast.ana)
    client.get(url(cast.casey))  # the first audited request creates the tenant's chain head
    add_wins(cast, 2)
    few = count_queries(client, url(cast.casey))
    add_wins(cast, 28, first=2)
    many = count_queries(client, url(cast.casey))
    assert few == many
