"""GET and PUT /api/v1/clients/{id}/safety-plan."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from alongside.accounts.models import ApiToken
from alongside.audit.models import AccessEvent, Action
from alongside.safetyplans.models import SafetyPlanVersion
from alongside.safetyplans.sections import SECTION_LENGTH
from alongside.safetyplans.tests.factories import PLAN, make_plan, sections
from alongside.testing.personas import give_portal_account, login


def path(client: Any) -> str:
    return f"/api/v1/clients/{client.public_id}/safety-plan"


class Caller:
    """Speaks JSON to the API with a bearer token of USER."""

    def __init__(self, user: Any) -> None:
        _, raw = ApiToken.issue(user)
        self.http = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, url: str) -> Any:
        return self.http.get(url, headers=self.headers)

    def put(self, url: str, body: Any) -> Any:
        data = body if isinstance(body, str) else json.dumps(body)
        return self.http.put(url, data, content_type="application/json", headers=self.headers)


@pytest.fixture
def as_user():
    return Caller


@pytest.fixture
def casey_api(cast, casey_account):
    return Caller(casey_account)


# --- GET ---------------------------------------------------------------------------------


def test_get_answers_the_latest_version(cast, as_user):
    make_plan(cast.casey, cast.sam, 1, coping_alone="Old idea.")
    latest = make_plan(cast.casey, cast.ana, 2)
    response = as_user(cast.ana).get(path(cast.casey))
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": str(latest.public_id),
        "client_id": str(cast.casey.public_id),
        "version": 2,
        "sections": PLAN,
        "created_at": body["created_at"],
        "created_by": {"id": str(cast.ana.public_id), "name": "Ana Advocate"},
    }
    assert body["created_at"].endswith("Z")


def test_get_without_a_plan_is_200_with_null(cast, as_user):
    response = as_user(cast.ana).get(path(cast.casey))
    assert response.status_code == 200
    assert response.json() is None


def test_get_is_audited(cast, as_user):
    version = make_plan(cast.casey, cast.ana)
    as_user(cast.dana).get(path(cast.casey))
    row = AccessEvent.objects.get(action=Action.VIEW, object_type="safety_plan")
    assert (row.user_id, row.client_id, row.object_public_id) == (
        cast.dana.pk,
        cast.casey.pk,
        str(version.public_id),
    )


@pytest.mark.parametrize("persona", ["ana", "sam", "dana", "cleo"])
def test_roles_that_may_read_get_the_plan(cast, as_user, persona):
    make_plan(cast.casey, cast.ana)
    assert as_user(getattr(cast, persona)).get(path(cast.casey)).status_code == 200


@pytest.mark.parametrize("persona", ["alex", "oscar", "ben"])
def test_get_outside_ones_scope_is_a_404(cast, as_user, persona):
    make_plan(cast.casey, cast.ana)
    response = as_user(getattr(cast, persona)).get(path(cast.casey))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_get_of_an_unknown_client_is_the_same_404(cast, as_user):
    response = as_user(cast.ana).get(f"/api/v1/clients/{uuid.uuid4()}/safety-plan")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_get_needs_authentication(cast, client):
    response = client.get(path(cast.casey))
    assert (response.status_code, response.json()) == (401, {"detail": "Authentication required."})


# --- PUT ---------------------------------------------------------------------------------


def test_put_saves_a_new_version(cast, as_user):
    make_plan(cast.casey, cast.ana, 1)
    response = as_user(cast.ana).put(
        path(cast.casey), {"sections": sections(coping_alone="Call my sister.")}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2
    assert body["sections"]["coping_alone"] == "Call my sister."
    saved = SafetyPlanVersion.objects.get(number=2)
    assert (str(saved.public_id), saved.created_by) == (body["id"], cast.ana)
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_public_id=str(saved.public_id)
    ).exists()


def test_put_of_the_same_plan_answers_the_current_version(cast, as_user):
    current = make_plan(cast.casey, cast.ana, 1)
    response = as_user(cast.ana).put(path(cast.casey), {"sections": sections()})
    assert response.status_code == 200
    assert (response.json()["version"], response.json()["id"]) == (1, str(current.public_id))
    assert SafetyPlanVersion.objects.count() == 1


def test_put_over_a_browser_session(cast, client):
    login(client, cast.sam)
    response = client.put(
        path(cast.casey), json.dumps({"sections": sections()}), content_type="application/json"
    )
    assert response.status_code == 200
    assert SafetyPlanVersion.objects.get().created_by == cast.sam


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_readers_may_not_put(cast, as_user, persona):
    response = as_user(getattr(cast, persona)).put(path(cast.casey), {"sections": sections()})
    assert (response.status_code, response.json()) == (403, {"detail": "Not allowed."})
    assert not SafetyPlanVersion.objects.exists()


@pytest.mark.parametrize("persona", ["alex", "oscar", "ben"])
def test_put_outside_ones_scope_is_a_404(cast, as_user, persona):
    response = as_user(getattr(cast, persona)).put(path(cast.casey), {"sections": sections()})
    assert response.status_code == 404
    assert not SafetyPlanVersion.objects.exists()


def _problems(response: Any) -> list[tuple[list[Any], str]]:
    return [(e["loc"], e["type"]) for e in response.json()["detail"]]


BAD_BODIES = [
    pytest.param(
        {"sections": sections(coping_alone="x" * (SECTION_LENGTH + 1))},
        [(["body", "sections", "coping_alone"], "string_too_long")],
        id="too-long",
    ),
    pytest.param(
        {"sections": sections(support_people="Maria\u0000")},
        [(["body", "sections", "support_people"], "value_error")],
        id="null-character",
    ),
    pytest.param(
        {"sections": {**sections(), "hobbies": "Fishing"}},
        [(["body", "sections", "hobbies"], "extra_forbidden")],
        id="unknown-section",
    ),
    pytest.param(
        {"sections": {k: v for k, v in sections().items() if k != "professionals"}},
        [(["body", "sections", "professionals"], "missing")],
        id="missing-section",
    ),
    pytest.param(
        {"sections": dict.fromkeys(PLAN, " ")},
        [(["body", "sections"], "value_error")],
        id="empty-plan",
    ),
    pytest.param(
        {"sections": sections(distractions=7)},
        [(["body", "sections", "distractions"], "string_type")],
        id="not-text",
    ),
    pytest.param(sections(), [(["body", "sections"], "missing")], id="not-wrapped"),
]


@pytest.mark.parametrize(("body", "problems"), BAD_BODIES)
def test_bad_input_is_a_422_in_the_uniform_shape_and_saves_nothing(cast, as_user, body, problems):
    make_plan(cast.casey, cast.ana, 1)
    response = as_user(cast.ana).put(path(cast.casey), body)
    assert response.status_code == 422
    found = _problems(response)
    for problem in problems:
        assert problem in found
    for error in response.json()["detail"]:
        assert set(error) == {"loc", "msg", "type"}
    assert SafetyPlanVersion.objects.count() == 1
    assert not AccessEvent.objects.filter(action=Action.CREATE).exists()


def test_empty_plan_message_is_clear(cast, as_user):
    response = as_user(cast.ana).put(path(cast.casey), {"sections": dict.fromkeys(PLAN, "")})
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "sections"],
                "msg": "The plan is empty. Write something in at least one section before saving.",
                "type": "value_error",
            }
        ]
    }


def test_not_json_is_a_400(cast, as_user):
    response = as_user(cast.ana).put(path(cast.casey), "{not json")
    assert response.status_code == 400
    assert not SafetyPlanVersion.objects.exists()


# --- A client's own token ----------------------------------------------------------------


def test_client_reads_and_saves_their_own_plan(cast, casey_api, casey_account):
    assert casey_api.get(path(cast.casey)).json() is None
    response = casey_api.put(path(cast.casey), {"sections": sections()})
    assert response.status_code == 200
    assert response.json()["created_by"]["id"] == str(casey_account.public_id)
    assert casey_api.get(path(cast.casey)).json()["version"] == 1
    roles = set(
        AccessEvent.objects.filter(object_type="safety_plan").values_list("role", flat=True)
    )
    assert roles == {"client"}


def test_client_token_reaches_no_other_client(cast, casey_api):
    make_plan(cast.jordan, cast.ana)
    give_portal_account(cast.jordan, "jordan@portal.test")
    assert casey_api.get(path(cast.jordan)).status_code == 404
    assert casey_api.put(path(cast.jordan), {"sections": sections()}).status_code == 404
    assert SafetyPlanVersion.objects.filter(client=cast.jordan).count() == 1
    assert not SafetyPlanVersion.objects.filter(created_by__client_record=cast.casey).exists()


def test_openapi_documents_both_methods(cast, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/clients/{id}/safety-plan"]) == {"get", "put"}
