"""The OpenAPI document and the shape of errors outside any endpoint."""

from __future__ import annotations


def test_openapi_document_is_served_and_lists_the_endpoints(anonymous):
    response = anonymous.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths) == {
        "/api/v1/clients",
        "/api/v1/clients/{id}",
        "/api/v1/clients/{id}/encounters",
        "/api/v1/checkins",
        "/api/v1/clients/{id}/checkins",
        "/api/v1/clients/{id}/timeline",
        "/api/v1/clients/{id}/wins",
        "/api/v1/today",
        "/api/v1/clients/{id}/messages",
        "/api/v1/messages/unread",
        "/api/v1/clients/{id}/safety-plan",
        "/api/v1/clients/{id}/worksheets",
        "/api/v1/clients/{id}/worksheets/{worksheet_id}/rows",
        "/api/v1/clients/{id}/worksheets/{worksheet_id}/rows/{row_id}",
        "/api/v1/clients/{id}/worksheets/{worksheet_id}/sharing",
        "/api/v1/clients/{id}/worksheets/{worksheet_id}/comments",
        "/api/v1/clients/{id}/assessments",
        "/api/v1/instruments",
        "/api/v1/alerts",
        "/api/v1/alerts/{id}/acknowledge",
        "/api/v1/alerts/{id}/resolve",
        "/api/v1/clients/{id}/crisis-events",
        "/api/v1/crisis-events/{id}/sign-off",
        "/api/v1/crisis-events/{id}/follow-up-done",
        "/api/v1/clients/{id}/pathways",
        "/api/v1/clients/{id}/pathways/{pathway}/stages/{stage}",
        "/api/v1/clients/{id}/plan",
        "/api/v1/clients/{id}/goals",
        "/api/v1/clients/{id}/goals/{goal_id}",
        "/api/v1/clients/{id}/goals/{goal_id}/tasks",
        "/api/v1/clients/{id}/tasks/{task_id}",
        "/api/v1/groups",
        "/api/v1/groups/{id}/sessions",
        "/api/v1/sessions/{id}/attendance",
        "/api/v1/outcomes/retention",
        "/api/v1/outcomes/recovery-capital",
        "/api/v1/outcomes/followups",
    }
    assert set(paths["/api/v1/clients"]) == {"get", "post"}
    assert set(paths["/api/v1/clients/{id}/encounters"]) == {"get", "post"}
    assert set(paths["/api/v1/clients/{id}/messages"]) == {"get", "post"}
    assert set(paths["/api/v1/clients/{id}/pathways"]) == {"get", "post"}
    assert set(paths["/api/v1/clients/{id}/goals/{goal_id}"]) == {"patch"}
    assert set(paths["/api/v1/clients/{id}/tasks/{task_id}"]) == {"patch"}
    assert set(paths["/api/v1/sessions/{id}/attendance"]) == {"get", "put"}


def test_openapi_document_declares_both_ways_to_authenticate(anonymous):
    schemes = anonymous.get("/openapi.json").json()["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}
    assert schemes["Session"]["in"] == "cookie"


def test_unknown_api_path_is_a_json_404(anonymous):
    response = anonymous.get("/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_api_root_is_a_json_404(anonymous):
    response = anonymous.get("/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_openapi_document_describes_the_error_bodies(anonymous):
    admit = anonymous.get("/openapi.json").json()["paths"]["/api/v1/clients"]["post"]
    responses = admit["responses"]
    assert set(responses) == {"201", "400", "401", "403", "422"}
    assert responses["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Invalid"
    }
