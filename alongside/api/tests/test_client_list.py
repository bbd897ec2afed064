"""GET /api/v1/clients: only the clients the caller may see, a page at a time."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.api.tests.payloads import integers_in
from alongside.audit.models import AccessEvent, Action
from alongside.testing.personas import make_client


def names(response: Any) -> list[str]:
    return [item["preferred_name"] for item in response.json()["items"]]


def test_advocate_lists_exactly_their_caseload(cast, api_as):
    assert names(api_as(cast.ana).get("/clients")) == ["Casey", "Jordan"]


def test_administrator_lists_no_clients(cast, api_as):
    assert api_as(cast.alex).get("/clients").json() == {"items": [], "count": 0}


def test_advocate_of_another_organization_lists_only_their_own(cast, api_as):
    assert names(api_as(cast.oscar).get("/clients")) == ["Quinn"]


def test_director_lists_the_whole_organization_by_preferred_name(cast, api_as):
    assert names(api_as(cast.dana).get("/clients")) == ["Casey", "Jordan", "Newcomer", "Riley"]


def test_list_item_shows_program_advocates_and_admission(cast, api_as):
    item = api_as(cast.ana).get("/clients").json()["items"][0]
    episode = cast.casey.episodes.get()
    assert item == {
        "id": str(cast.casey.public_id),
        "preferred_name": "Casey",
        "pronouns": "",
        "program": "Residential",
        "advocates": [{"id": str(cast.ana.public_id), "name": "Ana Advocate"}],
        "admitted_at": item["admitted_at"],
        "discharged_at": None,
    }
    assert item["admitted_at"].startswith(episode.admitted_at.strftime("%Y-%m-%dT%H:%M:%S"))


def test_discharged_client_has_no_program_but_shows_the_discharge(cast, api_as):
    make_client(cast.residential, "Alumna", discharged=True)
    item = api_as(cast.dana).get("/clients").json()["items"][0]
    assert item["preferred_name"] == "Alumna"
    assert item["program"] is None
    assert item["discharged_at"] is not None


def test_list_items_carry_uuids_and_no_integer_ids(cast, api_as):
    items = api_as(cast.dana).get("/clients").json()["items"]
    assert integers_in(items) == []
    for item in items:
        uuid.UUID(item["id"])
        for advocate in item["advocates"]:
            uuid.UUID(advocate["id"])


def test_limit_and_offset_select_a_page_and_count_covers_the_whole_list(cast, api_as):
    for name in ["Avery", "Blake", "Drew", "Emery", "Finley"]:
        make_client(cast.residential, name, advocate=cast.ana)
    response = api_as(cast.ana).get("/clients", limit=3, offset=3)
    assert response.status_code == 200
    assert names(response) == ["Drew", "Emery", "Finley"]
    assert response.json()["count"] == 7


def test_offset_past_the_end_gives_an_empty_page_with_the_count(cast, api_as):
    response = api_as(cast.ana).get("/clients", offset=10)
    assert response.json() == {"items": [], "count": 2}


def test_default_page_holds_fifty_clients(cast, api_as):
    for i in range(53):
        make_client(cast.residential, f"Client {i:02}", advocate=cast.ana)
    body = api_as(cast.ana).get("/clients").json()
    assert len(body["items"]) == 50
    assert body["count"] == 55


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"limit": 0}, ["query", "limit"]),
        ({"limit": 201}, ["query", "limit"]),
        ({"limit": "many"}, ["query", "limit"]),
        ({"offset": -1}, ["query", "offset"]),
    ],
    ids=["limit_zero", "limit_above_200", "limit_not_a_number", "negative_offset"],
)
def test_bad_page_parameters_are_422_on_the_parameter(cast, api_as, params, loc):
    response = api_as(cast.ana).get("/clients", **params)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == loc
    assert set(error) == {"loc", "msg", "type"}


def test_listing_audits_one_view_per_client_on_the_page(cast, api_as):
    api_as(cast.ana).get("/clients", limit=1)
    [event] = AccessEvent.objects.filter(action=Action.VIEW)
    assert event.client_public_id == cast.casey.public_id
    assert event.user_id == cast.ana.pk


def test_list_query_count_does_not_grow_with_the_caseload(cast, api_as):
    api = api_as(cast.ana)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get("/clients")
        assert response.status_code == 200
        return len(captured.captured_queries)

    for i in range(8):
        make_client(cast.residential, f"Small {i:03}", advocate=cast.ana)
    api.get("/clients")  # the first audit write creates the chain head
    small = queries_for_list()
    for i in range(190):
        make_client(cast.outpatient, f"Large {i:03}", advocate=cast.ana)
    large = queries_for_list()
    assert large == small
