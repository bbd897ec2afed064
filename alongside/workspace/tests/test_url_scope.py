"""Every URL that takes an object id, visited by every role, for objects inside and outside
that role's scope (including another organization's): outside scope is always a 404.

The list of URLs comes from the URL configuration itself. A new URL with a parameter fails
`test_every_url_with_an_id_is_covered` until it is added to COVERED (or, with a reason, to
EXEMPT), so no page can be added without its scope being tested.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from alongside.aftercare.tests.factories import followup_kwargs
from alongside.audit.models import AccessEvent
from alongside.clients.models import Client
from alongside.consent.tests.factories import consent_kwargs
from alongside.plans.models import Goal, Task
from alongside.recovery.tests.factories import make_win
from alongside.safety.models import Alert, CrisisEvent
from alongside.safety.tests.crisis_factories import make_crisis_event
from alongside.safety.tests.factories import make_alert
from alongside.testing.personas import Cast, login
from alongside.worksheets.tests.factories import (
    api_row_kwargs,
    api_worksheet_kwargs,
    worksheet_kwargs,
)


def walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry, route)
        else:
            yield route, entry


def routes_with_parameters() -> set[str]:
    return {
        route
        for route, pattern in walk(get_resolver())
        if pattern.pattern.converters or "<" in route
    }


def _client_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    return {"public_id": client.public_id}


def _assignment_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    assignment = client.assignments.current().first()
    # A client without an advocate is tried with someone else's assignment: still a 404.
    other = cast.casey if client != cast.casey else cast.riley
    assignment = assignment or other.assignments.current().first()
    return {"public_id": client.public_id, "assignment_id": assignment.public_id}


def _win_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    win = client.wins.first() or make_win(client)
    return {"public_id": client.public_id, "win_id": win.public_id}


def _goal(client: Client, cast: Cast) -> Goal:
    goal = Goal.objects.filter(client=client).first()
    if goal is None:
        goal = Goal.objects.create(
            organization_id=client.organization_id,
            client=client,
            domain="housing",
            title="Find an apartment",
            created_by=cast.ana,
        )
    return goal


def _goal_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    return {"public_id": client.public_id, "goal_id": _goal(client, cast).public_id}


def _task_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    goal = _goal(client, cast)
    task = goal.tasks.first() or Task.objects.create(
        organization_id=client.organization_id,
        client=client,
        goal=goal,
        title="Call the landlord",
        owner_kind="client",
        created_by=cast.ana,
    )
    return {"public_id": client.public_id, "task_id": task.public_id}


def _alert_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    alert = Alert.objects.filter(client=client).first() or make_alert(client)
    return {"alert_id": alert.public_id}


def _api_alert_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    return {"id": _alert_kwargs(client, cast)["alert_id"]}


def _api_client_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    return {"id": client.public_id}


def _event_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    event = CrisisEvent.objects.filter(client=client).first() or make_crisis_event(client)
    return {"event_id": event.public_id}


def _api_event_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    return {"id": _event_kwargs(client, cast)["event_id"]}


def _api_goal_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    return {"id": client.public_id, "goal_id": _goal(client, cast).public_id}


def _api_task_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    return {"id": client.public_id, "task_id": _task_kwargs(client, cast)["task_id"]}


def _api_stage_kwargs(client: Client, cast: Cast) -> dict[str, Any]:
    return {"id": client.public_id, "pathway": "12-step", "stage": "step-1"}


@dataclass
class Covered:
    kwargs: Callable[[Client, Cast], dict[str, Any]]
    methods: tuple[str, ...] = ("get", "post")
    json_body: dict[str, Any] | None = None
    # Whether a GET that is allowed must leave a VIEW row in the audit log.
    audited_get: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


COVERED: dict[str, Covered] = {
    "clients/<uuid:public_id>/": Covered(_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/contacts/new/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/assign/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/assignments/<uuid:assignment_id>/transfer/": Covered(
        _assignment_kwargs
    ),
    "clients/<uuid:public_id>/assignments/<uuid:assignment_id>/end/": Covered(_assignment_kwargs),
    "clients/<uuid:public_id>/discharge/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/portal-invitation/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/portal-invitation/revoke/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/checkins/new/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/recovery/start/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/recovery/recurrence/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/wins/": Covered(_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/wins/new/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/wins/<uuid:win_id>/congratulate/": Covered(_win_kwargs),
    "clients/<uuid:public_id>/messages/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/safety-plan/": Covered(_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/worksheets/": Covered(_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/worksheets/<uuid:worksheet_id>/comments/": Covered(
        worksheet_kwargs, methods=("post",)
    ),
    "api/v1/clients/<id>/worksheets": Covered(_api_client_kwargs, json_body={"kind": "nightly"}),
    "api/v1/clients/<id>/worksheets/<worksheet_id>/rows": Covered(
        api_worksheet_kwargs,
        methods=("post",),
        json_body={"section": "resentments", "answers": {"who": "x"}},
    ),
    "api/v1/clients/<id>/worksheets/<worksheet_id>/rows/<row_id>": Covered(
        api_row_kwargs, methods=("put",), json_body={"answers": {"who": "x"}}
    ),
    "api/v1/clients/<id>/worksheets/<worksheet_id>/sharing": Covered(
        api_worksheet_kwargs, methods=("post",), json_body={"shared": True}
    ),
    "api/v1/clients/<id>/worksheets/<worksheet_id>/comments": Covered(
        api_worksheet_kwargs, methods=("post",), json_body={"text": "Hi"}
    ),
    "clients/<uuid:public_id>/safety-plan/edit/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/safety-plan/versions/<int:number>/": Covered(
        lambda client, cast: {
            "public_id": client.public_id,
            "number": (
                client.safety_plans.first()
                or client.safety_plans.create(
                    organization_id=client.organization_id,
                    number=1,
                    warning_signs="Not sleeping",
                    created_by=cast.ana,
                )
            ).number,
        },
        methods=("get",),
    ),
    "clients/<uuid:public_id>/pathways/": Covered(_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/pathways/move/": Covered(_client_kwargs, methods=("post",)),
    "clients/<uuid:public_id>/pathways/follow/": Covered(_client_kwargs, methods=("post",)),
    "clients/<uuid:public_id>/pathways/own-stages/": Covered(_client_kwargs, methods=("post",)),
    "clients/<uuid:public_id>/pathways/share-note/": Covered(_client_kwargs, methods=("post",)),
    "clients/<uuid:public_id>/flags/new/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/plan/": Covered(_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/plan/print/": Covered(_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/plan/suggest/": Covered(_client_kwargs, methods=("post",)),
    "clients/<uuid:public_id>/plan/goals/new/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/plan/goals/<uuid:goal_id>/": Covered(_goal_kwargs),
    "clients/<uuid:public_id>/plan/goals/<uuid:goal_id>/status/": Covered(
        _goal_kwargs, methods=("post",)
    ),
    "clients/<uuid:public_id>/plan/goals/<uuid:goal_id>/tasks/new/": Covered(
        _goal_kwargs, methods=("post",)
    ),
    "clients/<uuid:public_id>/plan/tasks/<uuid:task_id>/tick/": Covered(
        _task_kwargs, methods=("post",)
    ),
    "alerts/<uuid:alert_id>/": Covered(_alert_kwargs, methods=("get",)),
    "alerts/<uuid:alert_id>/acknowledge/": Covered(_alert_kwargs, methods=("post",)),
    "alerts/<uuid:alert_id>/resolve/": Covered(_alert_kwargs, methods=("post",)),
    "api/v1/alerts/<id>/acknowledge": Covered(_api_alert_kwargs, methods=("post",), json_body={}),
    "api/v1/alerts/<id>/resolve": Covered(
        _api_alert_kwargs, methods=("post",), json_body={"resolution": "Spoke; safe"}
    ),
    "api/v1/clients/<id>/messages": Covered(_api_client_kwargs, json_body={"body": "Hello."}),
    "api/v1/clients/<id>": Covered(_api_client_kwargs, methods=("get",)),
    "api/v1/clients/<id>/encounters": Covered(_api_client_kwargs, json_body={"kind": "phone"}),
    "api/v1/clients/<id>/checkins": Covered(_api_client_kwargs, methods=("get",)),
    "api/v1/clients/<id>/timeline": Covered(_api_client_kwargs, methods=("get",)),
    "api/v1/clients/<id>/wins": Covered(_api_client_kwargs, json_body={"title": "First paycheck"}),
    "clients/<uuid:public_id>/assessments/": Covered(_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/assessments/new/<slug:instrument>/": Covered(
        lambda c, cast: {"public_id": c.public_id, "instrument": "phq2"}
    ),
    "api/v1/clients/<id>/assessments": Covered(
        _api_client_kwargs, json_body={"instrument": "phq2", "answers": [0, 1]}
    ),
    "api/v1/clients/<id>/safety-plan": Covered(_api_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/crisis-events/": Covered(_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/crisis-events/new/": Covered(_client_kwargs),
    "crisis-events/<uuid:event_id>/": Covered(_event_kwargs, methods=("get",)),
    "crisis-events/<uuid:event_id>/sign-off/": Covered(_event_kwargs, methods=("post",)),
    "crisis-events/<uuid:event_id>/follow-up-done/": Covered(_event_kwargs, methods=("post",)),
    "api/v1/clients/<id>/crisis-events": Covered(
        _api_client_kwargs,
        json_body={
            "what_happened": "Said they were not safe tonight",
            "risk_level": "high",
            "actions": ["listened_stayed", "called_988"],
            "outcome": "Safe with their sister",
        },
    ),
    "api/v1/crisis-events/<id>/sign-off": Covered(
        _api_event_kwargs, methods=("post",), json_body={}
    ),
    "api/v1/crisis-events/<id>/follow-up-done": Covered(
        _api_event_kwargs, methods=("post",), json_body={}
    ),
    "api/v1/clients/<id>/pathways": Covered(_api_client_kwargs, json_body={"pathway": "smart"}),
    "api/v1/clients/<id>/pathways/<pathway>/stages/<stage>": Covered(
        _api_stage_kwargs, methods=("post",), json_body={"to_state": "introduced"}
    ),
    "api/v1/clients/<id>/plan": Covered(_api_client_kwargs, methods=("get",)),
    "api/v1/clients/<id>/goals": Covered(
        _api_client_kwargs, methods=("post",), json_body={"domain": "housing", "title": "A flat"}
    ),
    "api/v1/clients/<id>/goals/<goal_id>": Covered(
        _api_goal_kwargs, methods=("patch",), json_body={"title": "Find a flat"}
    ),
    "api/v1/clients/<id>/goals/<goal_id>/tasks": Covered(
        _api_goal_kwargs, methods=("post",), json_body={"title": "Call the landlord"}
    ),
    "api/v1/clients/<id>/tasks/<task_id>": Covered(
        _api_task_kwargs, methods=("patch",), json_body={"done": True}
    ),
    "clients/<uuid:public_id>/consents/": Covered(_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/consents/new/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/consents/<uuid:consent_id>/": Covered(
        consent_kwargs, methods=("get",)
    ),
    "clients/<uuid:public_id>/consents/<uuid:consent_id>/revoke/": Covered(
        consent_kwargs, methods=("post",)
    ),
    "clients/<uuid:public_id>/consents/<uuid:consent_id>/expiry-event/": Covered(
        consent_kwargs, methods=("post",)
    ),
    "clients/<uuid:public_id>/disclosures/new/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/disclosures/emergency/": Covered(_client_kwargs),
    "clients/<uuid:public_id>/disclosures/accounting/": Covered(_client_kwargs, methods=("get",)),
    "clients/<uuid:public_id>/disclosures/accounting.csv": Covered(
        _client_kwargs, methods=("get",)
    ),
    "clients/<uuid:public_id>/disclosures/accounting.pdf": Covered(
        _client_kwargs, methods=("get",)
    ),
    "aftercare/clients/<uuid:public_id>/": Covered(_client_kwargs, methods=("get",)),
    "aftercare/clients/<uuid:public_id>/readmit/": Covered(_client_kwargs, methods=("post",)),
    "aftercare/clients/<uuid:public_id>/<uuid:followup_id>/": Covered(followup_kwargs),
}

# URLs with parameters that do not address client data, and why.
EXEMPT: dict[str, str] = {
    "me/worksheets/<uuid:worksheet_id>/": (
        "the client comes from the session; the worksheet is looked up among their own only, "
        "staff get 404 (alongside/worksheets/tests/test_portal_pages.py)"
    ),
    "me/worksheets/<uuid:worksheet_id>/share/": "as me/worksheets/<uuid:worksheet_id>/",
    "me/worksheets/<uuid:worksheet_id>/new/<slug:section>/": (
        "as me/worksheets/<uuid:worksheet_id>/"
    ),
    "me/worksheets/<uuid:worksheet_id>/rows/<uuid:entry_id>/": (
        "as me/worksheets/<uuid:worksheet_id>/; the row is looked up in that worksheet only"
    ),
    "me/worksheets/<uuid:worksheet_id>/rows/<uuid:entry_id>/share/": (
        "as me/worksheets/<uuid:worksheet_id>/rows/<uuid:entry_id>/"
    ),
    "me/worksheets/<uuid:worksheet_id>/rows/<uuid:entry_id>/delete/": (
        "as me/worksheets/<uuid:worksheet_id>/rows/<uuid:entry_id>/; nobody else can delete "
        "(alongside/worksheets/tests/test_delete_row.py)"
    ),
    "groups/<uuid:group_id>/": (
        "a group, not a client: scoped to its facilitators and the organization's "
        "supervisors and directors; roster rows only for visible clients "
        "(alongside/groups/tests/test_groups.py)"
    ),
    "groups/sessions/<uuid:session_id>/attendance/": (
        "a group session, scoped like its group; rows only for clients the facilitator may "
        "record for (alongside/groups/tests/test_attendance.py)"
    ),
    "groups/<uuid:group_id>/schedule/": (
        "a group's weekly schedule, no client data; only its facilitators may change it "
        "(alongside/groups/tests/test_changes.py)"
    ),
    "groups/<uuid:group_id>/facilitators/": (
        "a group's staff, no client data; only its facilitators may change them "
        "(alongside/groups/tests/test_changes.py)"
    ),
    "groups/sessions/<uuid:session_id>/cancel/": (
        "one group session, no client data; scoped like its group, only its facilitators "
        "may cancel it (alongside/groups/tests/test_changes.py)"
    ),
    "groups/sessions/<uuid:session_id>/restore/": "as groups/sessions/<uuid:session_id>/cancel/",
    "calendar/<str:token>.ics": (
        "private feed token (stored hashed), 404 alike for every unknown token; the feed "
        "carries no client names (alongside/groups/tests/test_calendar_feed.py)"
    ),
    "outcomes/charts/<slug:key>.svg": (
        "a chart's name, not a client: aggregate outcomes for directors and supervisors, no "
        "client names (alongside/outcomes/tests/test_outcome_pages.py)"
    ),
    "outcomes/charts/<slug:key>.csv": (
        "a chart's name, not a client: the numbers behind an aggregate chart "
        "(alongside/outcomes/tests/test_outcome_pages.py)"
    ),
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": "e-mail confirmation key, no client data",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "password reset key; answers alike for every account"
    ),
    "api/v1/<path:rest>": "the API's JSON 404 for unknown paths",
    "api/v1/groups/<id>/sessions": (
        "a group, not a client: scoped like groups/<uuid:group_id>/, 404 alike for groups one "
        "does not see (alongside/api/tests/test_groups.py)"
    ),
    "api/v1/sessions/<id>/attendance": (
        "a group session, scoped like its group; rows only for clients the facilitator may "
        "record for (alongside/api/tests/test_groups.py)"
    ),
    "me/assessments/<slug:instrument>/": (
        "the client comes from the session, never the URL; staff get 404 "
        "(alongside/assessments/tests/test_portal_pages.py)"
    ),
    "me/plan/goals/<uuid:goal_id>/": (
        "the client comes from the session; the goal is looked up among their own goals "
        "only, staff get 404 (alongside/plans/tests/test_portal_pages.py)"
    ),
    "me/plan/goals/<uuid:goal_id>/status/": "as me/plan/goals/<uuid:goal_id>/",
    "me/plan/goals/<uuid:goal_id>/tasks/new/": "as me/plan/goals/<uuid:goal_id>/",
    "me/plan/tasks/<uuid:task_id>/tick/": (
        "the client comes from the session; the task is looked up among their own tasks "
        "only (alongside/plans/tests/test_portal_pages.py)"
    ),
    "pathways/my-notes/<slug:pathway>/<slug:stage>/": (
        "the signed-in advocate's own note, keyed by catalog ids; no client data "
        "(alongside/pathways/tests/test_lived_notes.py)"
    ),
    "me/consents/<uuid:consent_id>/revoke/": (
        "the client comes from the session; the id is looked up among their own consents only, "
        "staff get 404 (alongside/consent/tests/test_portal.py)"
    ),
    "me/join/<str:token>/": (
        "one-time invitation token, answers alike for every invalid token "
        "(alongside/portal/tests/test_never_confirm.py)"
    ),
    "organization/audit/break-glass/<uuid:grant_id>/": (
        "a break-glass grant's review: audit data, no client content; scoped to the "
        "reviewer's organization (alongside/privacy/tests/test_review_queue.py)"
    ),
    "organization/on-call/<int:shift_id>/remove/": (
        "on-call rota shift, no client data; scoped to the manager's organization "
        "(alongside/safety/tests/test_on_call.py)"
    ),
    "accounts/signins/<uuid:public_id>/end/": (
        "the signed-in person's own session, no client data; 404 for anyone else's "
        "(alongside/signins/tests/test_my_signins.py)"
    ),
    "organization/staff/<uuid:membership_id>/": (
        "staff record, no client data; scoped to the administrator's organization "
        "(alongside/organizations/tests/test_staff_admin.py)"
    ),
    "organization/staff/<uuid:membership_id>/sign-out/": (
        "signs a staff member out, no client data; scoped to the administrator's organization "
        "(alongside/signins/tests/test_staff_sign_out.py)"
    ),
}


def _is_admin(route: str) -> bool:
    return route.startswith("admin/")


# Who must see whom: written out by hand, independently of the access layer under test.
EXPECTED_VISIBLE = {
    "advocate": {"casey", "jordan"},
    "supervisor": {"casey", "jordan", "riley", "newcomer"},
    "clinician": {"casey", "riley", "newcomer"},
    "director": {"casey", "jordan", "riley", "newcomer"},
    "admin": set(),
    "privacy_officer": set(),
    "other_org_advocate": {"quinn"},
}
CLIENT_NAMES = ["casey", "jordan", "riley", "newcomer", "quinn"]


def test_every_url_with_an_id_is_covered():
    uncovered = {
        route
        for route in routes_with_parameters()
        if route not in COVERED and route not in EXEMPT and not _is_admin(route)
    }
    assert uncovered == set(), f"add these URLs to COVERED or EXEMPT: {sorted(uncovered)}"


def _url(route: str, kwargs: dict[str, Any]) -> str:
    path = route
    for name, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
    assert "<" not in path, path
    return "/" + path


def _request(http, method: str, url: str, spec: Covered):
    if method == "get":
        return http.get(url)
    if method in ("patch", "put"):
        body = json.dumps(spec.json_body or {})
        return getattr(http, method)(url, data=body, content_type="application/json")
    if spec.json_body is not None:
        return http.post(url, data=json.dumps(spec.json_body), content_type="application/json")
    return http.post(url, data={})


@pytest.mark.parametrize("role", list(EXPECTED_VISIBLE))
def test_no_role_reaches_a_client_outside_its_scope(client, cast, role):
    user = cast.staff()[role]
    login(client, user)
    leaks = []
    checked = 0
    for route, spec in COVERED.items():
        for name in CLIENT_NAMES:
            target: Client = getattr(cast, name)
            url = _url(route, spec.kwargs(target, cast))
            for method in spec.methods:
                before = AccessEvent.objects.filter(client_id=target.pk, user_id=user.pk).count()
                response = _request(client, method, url, spec)
                checked += 1
                visible = name in EXPECTED_VISIBLE[role]
                if not visible and response.status_code != 404:
                    leaks.append(
                        f"{method.upper()} {route} as {role} for {name}: {response.status_code}"
                    )
                if not visible and target.preferred_name.encode() in response.content:
                    leaks.append(f"{method.upper()} {route} as {role} shows {name}'s name")
                if visible and response.status_code == 404 and "assignment" not in route:
                    leaks.append(f"{method.upper()} {route} as {role} for {name}: unexpected 404")
                if visible and method == "get" and response.status_code == 200 and spec.audited_get:
                    after = AccessEvent.objects.filter(client_id=target.pk, user_id=user.pk).count()
                    if after <= before:
                        leaks.append(f"GET {route} as {role} for {name}: not audited")
    assert checked > 0
    assert leaks == []


@pytest.mark.parametrize("role", list(EXPECTED_VISIBLE))
def test_missing_objects_are_a_404_for_every_role(client, cast, role):
    login(client, cast.staff()[role])
    for route, spec in COVERED.items():
        kwargs = {key: uuid.uuid4() for key in spec.kwargs(cast.casey, cast)}
        for method in spec.methods:
            response = _request(client, method, _url(route, kwargs), spec)
            assert response.status_code == 404, f"{method} {route}"


@pytest.mark.parametrize("role", list(EXPECTED_VISIBLE))
def test_the_django_admin_is_closed_to_every_organization_role(client, cast, role):
    login(client, cast.staff()[role])
    for route in routes_with_parameters():
        if not _is_admin(route):
            continue
        path = "/" + route.split("<", 1)[0]
        response = client.get(path)
        assert response.status_code in (302, 404), route


# Worksheet sharing (issue 6): a client's words reach staff only when shared, and then only
# their advocate. Every URL is swept: those with a client id (COVERED, for Casey) and every
# page without parameters (Today, caseload, inbox, the API's lists).
PRIVATE_WORDS = "PRIVATE-WORKSHEET-MARKER"
SHARED_WORDS = "SHARED-WORKSHEET-MARKER"


def _parameterless_routes() -> list[str]:
    return sorted(
        route
        for route, pattern in walk(get_resolver())
        if not pattern.pattern.converters
        and "<" not in route
        and "^" not in route
        and "logout" not in route
        and not _is_admin(route)
    )


def _markers_seen(http, cast: Cast, user) -> set[str]:
    seen: set[str] = set()
    responses = []
    for route, spec in COVERED.items():
        url = _url(route, spec.kwargs(cast.casey, cast))
        responses.extend(_request(http, method, url, spec) for method in spec.methods)
    for route in _parameterless_routes():
        responses.append(http.get("/" + route))
    for response in responses:
        body = response.content.decode(errors="replace")
        seen |= {m for m in (PRIVATE_WORDS, SHARED_WORDS) if m in body}
    login(http, user)  # in case a page signed the person out
    return seen


@pytest.mark.parametrize("role", list(EXPECTED_VISIBLE))
def test_worksheet_words_reach_only_the_advocate_and_only_while_shared(client, cast, role):
    from alongside.testing.personas import give_portal_account
    from alongside.worksheets import services
    from alongside.worksheets.kinds import Kind

    account = give_portal_account(cast.casey, "casey@portal.test")
    inventory = services.start_worksheet(account, cast.casey, Kind.INVENTORY)
    services.add_row(account, inventory, "resentments", {"who": PRIVATE_WORDS})
    shared = services.add_row(account, inventory, "fears", {"fear": SHARED_WORDS})
    services.set_sharing(account, inventory, True, shared)
    user = cast.staff()[role]
    login(client, user)

    expected = {SHARED_WORDS} if role == "advocate" else set()
    assert _markers_seen(client, cast, user) == expected

    services.set_sharing(account, inventory, False, shared)
    if role == "advocate":
        assert _markers_seen(client, cast, user) == set()
