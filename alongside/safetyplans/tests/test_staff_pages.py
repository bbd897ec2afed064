"""The staff pages: the plan with its versions, an earlier version, and the edit form."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.safetyplans.models import SafetyPlanVersion
from alongside.safetyplans.sections import SECTION_LENGTH
from alongside.safetyplans.tests.factories import PLAN, make_plan, sections
from alongside.testing.personas import login
from alongside.testing.querycount import count_queries


def plan_url(client: Any) -> str:
    return reverse("safetyplans:plan", args=[client.public_id])


def edit_url(client: Any) -> str:
    return reverse("safetyplans:edit", args=[client.public_id])


def version_url(client: Any, number: int) -> str:
    return reverse("safetyplans:version", args=[client.public_id, number])


def page(client, user, url: str) -> str:
    login(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- The plan page -----------------------------------------------------------------------


def test_urls_carry_no_personal_details(cast):
    assert plan_url(cast.casey) == f"/clients/{cast.casey.public_id}/safety-plan/"
    assert edit_url(cast.casey) == f"/clients/{cast.casey.public_id}/safety-plan/edit/"
    assert version_url(cast.casey, 2) == f"/clients/{cast.casey.public_id}/safety-plan/versions/2/"


def test_advocate_sees_the_current_plan_in_six_numbered_sections(client, cast):
    make_plan(cast.casey, cast.ana)
    body = page(client, cast.ana, plan_url(cast.casey))
    assert "Safety plan of Casey" in body
    assert "<title>Safety plan · Alongside</title>" in body  # no name in the title
    for title in (
        "Signs a crisis may be building",
        "Things I can do on my own to cope",
        "People and places that take my mind off things",
        "People I can ask for help",
        "Professionals and crisis lines",
        "Making my surroundings safer",
    ):
        assert title in body
    assert "Sis Maria 555-0142<br>Sponsor Dave 555-0199" in body
    assert "Version 1 · saved by Ana Advocate · " in body
    assert "Edit the plan together" in body


def test_plan_text_is_escaped(client, cast):
    make_plan(cast.casey, cast.ana, coping_alone="<script>alert(1)</script>")
    body = page(client, cast.ana, plan_url(cast.casey))
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_history_lists_every_version_newest_first_with_who_and_links(client, cast):
    make_plan(cast.casey, cast.ana, 1)
    make_plan(cast.casey, cast.sam, 2, coping_alone="Call my sister.")
    make_plan(cast.casey, cast.ana, 3, coping_alone="Go to a meeting.")
    body = page(client, cast.ana, plan_url(cast.casey))
    assert body.index("Version 3 <span") < body.index(">Version 2<") < body.index(">Version 1<")
    assert "Saved by Sam Supervisor" in body
    assert f'href="{version_url(cast.casey, 1)}"' in body
    assert f'href="{version_url(cast.casey, 3)}"' not in body  # the current one is shown above
    assert "Go to a meeting." in body and "Call my sister." not in body


def test_without_a_plan_the_page_offers_to_make_one(client, cast):
    body = page(client, cast.ana, plan_url(cast.casey))
    assert "No safety plan yet." in body
    assert "Make a plan together" in body
    assert "Versions" not in body


def test_reading_the_plan_is_audited(client, cast):
    version = make_plan(cast.casey, cast.ana)
    page(client, cast.ana, plan_url(cast.casey))
    row = AccessEvent.objects.get(action=Action.VIEW, object_type="safety_plan")
    assert (row.client_id, row.user_id, row.object_public_id) == (
        cast.casey.pk,
        cast.ana.pk,
        str(version.public_id),
    )


def test_reading_an_empty_plan_is_audited_too(client, cast):
    page(client, cast.ana, plan_url(cast.casey))
    assert AccessEvent.objects.filter(
        action=Action.VIEW, object_type="safety_plan", client_id=cast.casey.pk
    ).exists()


@pytest.mark.parametrize("persona", ["sam", "dana", "cleo"])
def test_supervisor_director_and_clinician_in_the_program_read_the_plan(client, cast, persona):
    make_plan(cast.casey, cast.ana)
    body = page(client, getattr(cast, persona), plan_url(cast.casey))
    assert "Walk the dog." in body


@pytest.mark.parametrize("persona", ["dana", "cleo"])
def test_readers_who_may_not_write_get_no_edit_button(client, cast, persona):
    make_plan(cast.casey, cast.ana)
    body = page(client, getattr(cast, persona), plan_url(cast.casey))
    assert edit_url(cast.casey) not in body


def test_clinician_outside_the_clients_program_gets_404(client, cast):
    # Cleo works in the residential program; Jordan is in outpatient.
    make_plan(cast.jordan, cast.ana)
    login(client, cast.cleo)
    assert client.get(plan_url(cast.jordan)).status_code == 404


@pytest.mark.parametrize("persona", ["alex", "oscar", "ben"])
def test_plan_page_is_not_found_outside_ones_scope(client, cast, persona):
    make_plan(cast.casey, cast.ana)
    login(client, getattr(cast, persona))
    for url in (plan_url(cast.casey), version_url(cast.casey, 1), edit_url(cast.casey)):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Walk the dog" not in response.content


def test_a_client_account_cannot_open_the_staff_pages(client, cast, casey_account):
    make_plan(cast.casey, cast.ana)
    login(client, casey_account)
    assert client.get(plan_url(cast.casey)).status_code == 404
    assert client.get(edit_url(cast.casey)).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_plan_page_refuses_other_methods(client, cast, method):
    login(client, cast.ana)
    assert getattr(client, method)(plan_url(cast.casey)).status_code == 405


def test_plan_page_costs_the_same_queries_with_a_long_history(client, cast):
    login(client, cast.ana)
    make_plan(cast.casey, cast.ana, 1)
    count_queries(client, plan_url(cast.casey))  # creates the audit chain's head
    few = count_queries(client, plan_url(cast.casey))
    for number in range(2, 30):
        make_plan(cast.casey, cast.sam, number, coping_alone=f"Idea {number}")
    assert count_queries(client, plan_url(cast.casey)) == few


def test_history_is_paged(client, cast):
    for number in range(1, 26):
        make_plan(cast.casey, cast.ana, number, coping_alone=f"Idea {number}")
    first = page(client, cast.ana, plan_url(cast.casey))
    second = client.get(plan_url(cast.casey), {"page": 2}).content.decode()
    assert "Page 1 of 2" in first
    assert f'href="{version_url(cast.casey, 6)}"' in first
    assert f'href="{version_url(cast.casey, 5)}"' not in first
    assert f'href="{version_url(cast.casey, 5)}"' in second


# --- An earlier version ------------------------------------------------------------------


def test_an_earlier_version_is_shown_with_a_note_and_audited(client, cast):
    first = make_plan(cast.casey, cast.ana, 1, coping_alone="Old idea.")
    make_plan(cast.casey, cast.sam, 2, coping_alone="New idea.")
    body = page(client, cast.dana, version_url(cast.casey, 1))
    assert "Old idea." in body and "New idea." not in body
    assert "This is an earlier version. The current plan is version 2." in body
    assert "Saved by Ana Advocate · " in body
    assert AccessEvent.objects.filter(
        action=Action.VIEW, object_public_id=str(first.public_id), user_id=cast.dana.pk
    ).exists()


def test_a_version_that_does_not_exist_is_404(client, cast):
    make_plan(cast.casey, cast.ana, 1)
    login(client, cast.ana)
    assert client.get(version_url(cast.casey, 2)).status_code == 404
    assert client.get(f"/clients/{cast.casey.public_id}/safety-plan/versions/x/").status_code == 404


def test_another_clients_version_number_shows_only_this_clients_plan(client, cast):
    make_plan(cast.jordan, cast.ana, 1, coping_alone="Jordan's idea.")
    login(client, cast.ana)
    assert client.get(version_url(cast.casey, 1)).status_code == 404


# --- Editing -----------------------------------------------------------------------------


def test_edit_form_is_prefilled_from_the_latest_version(client, cast):
    make_plan(cast.casey, cast.ana, 1, coping_alone="Old idea.")
    make_plan(cast.casey, cast.ana, 2, coping_alone="Newest idea.")
    body = page(client, cast.ana, edit_url(cast.casey))
    assert "Newest idea.</textarea>" in body
    assert "Old idea." not in body
    assert "Saving keeps version 2 in the history." in body
    assert f'maxlength="{SECTION_LENGTH}"' in body
    assert "call or text 988" in body  # a reminder in the help text, never stored


def test_edit_form_without_a_plan_is_empty(client, cast):
    body = page(client, cast.ana, edit_url(cast.casey))
    assert "</textarea>" in body
    assert "Walk the dog" not in body


def test_advocate_saves_a_new_version(client, cast):
    make_plan(cast.casey, cast.ana, 1)
    login(client, cast.ana)
    response = client.post(edit_url(cast.casey), sections(coping_alone="Call my sister."))
    assert response.status_code == 302
    assert response["Location"] == plan_url(cast.casey)
    latest = SafetyPlanVersion.objects.get(number=2)
    assert (latest.coping_alone, latest.created_by) == ("Call my sister.", cast.ana)
    assert SafetyPlanVersion.objects.get(number=1).coping_alone == PLAN["coping_alone"]
    body = client.get(response["Location"]).content.decode()
    assert "Safety plan saved as version 2. Earlier versions are kept." in body


def test_saving_unchanged_says_so_and_makes_no_version(client, cast):
    make_plan(cast.casey, cast.ana, 1)
    login(client, cast.ana)
    with_browser_newlines = {k: v.replace("\n", "\r\n") for k, v in sections().items()}
    response = client.post(edit_url(cast.casey), with_browser_newlines, follow=True)
    assert "Nothing had changed, so no new version was saved." in response.content.decode()
    assert SafetyPlanVersion.objects.count() == 1


def test_supervisor_saves_too(client, cast):
    login(client, cast.sam)
    assert client.post(edit_url(cast.casey), sections()).status_code == 302
    assert SafetyPlanVersion.objects.get().created_by == cast.sam


def test_saving_is_audited(client, cast):
    login(client, cast.ana)
    client.post(edit_url(cast.casey), sections())
    version = SafetyPlanVersion.objects.get()
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_public_id=str(version.public_id), user_id=cast.ana.pk
    ).exists()


def test_opening_the_edit_form_is_audited_as_reading_the_plan(client, cast):
    version = make_plan(cast.casey, cast.ana)
    page(client, cast.ana, edit_url(cast.casey))
    assert AccessEvent.objects.filter(
        action=Action.VIEW, object_type="safety_plan", object_public_id=str(version.public_id)
    ).exists()


@pytest.mark.parametrize("persona", ["cleo", "dana"])
def test_readers_may_not_edit(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.get(edit_url(cast.casey)).status_code == 403
    assert client.post(edit_url(cast.casey), sections()).status_code == 403
    assert not SafetyPlanVersion.objects.exists()
    assert AccessEvent.objects.filter(outcome=Outcome.DENIED).exists()


@pytest.mark.parametrize("persona", ["alex", "oscar", "ben"])
def test_outsiders_cannot_post(client, cast, persona):
    login(client, getattr(cast, persona))
    assert client.post(edit_url(cast.casey), sections()).status_code == 404
    assert not SafetyPlanVersion.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_edit_page_refuses_other_methods(client, cast, method):
    login(client, cast.ana)
    assert getattr(client, method)(edit_url(cast.casey)).status_code == 405
    assert not SafetyPlanVersion.objects.exists()


BAD_FORMS = [
    pytest.param(
        {"coping_alone": "x" * (SECTION_LENGTH + 1)},
        f"Use at most {SECTION_LENGTH} characters (this has {SECTION_LENGTH + 1}).",
        id="too-long",
    ),
    pytest.param({"support_people": "Maria\x00"}, "Null characters are not allowed.", id="null"),
    pytest.param(
        dict.fromkeys(PLAN, " "),
        "The plan is empty. Write something in at least one section before saving.",
        id="empty",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_FORMS)
def test_bad_input_is_shown_with_its_error_and_saves_nothing(client, cast, change, message):
    make_plan(cast.casey, cast.ana, 1)
    login(client, cast.ana)
    response = client.post(edit_url(cast.casey), {**sections(warning_signs="New"), **change})
    body = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was saved." in body
    assert message in body
    assert SafetyPlanVersion.objects.count() == 1
    assert not AccessEvent.objects.filter(action=Action.CREATE).exists()


def test_a_long_section_with_browser_line_breaks_counts_each_break_once(client, cast):
    login(client, cast.ana)
    text = ("y" * 99 + "\r\n") * 20  # 2,000 characters once line breaks are "\n"
    response = client.post(edit_url(cast.casey), {"coping_alone": text})
    assert response.status_code == 302
    assert len(SafetyPlanVersion.objects.get().coping_alone) == SECTION_LENGTH - 1
