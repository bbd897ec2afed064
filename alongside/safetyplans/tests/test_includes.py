"""The includes other pages use: the client profile's card and the crisis view's plan."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from alongside.audit.models import AccessEvent, Action
from alongside.clients.access import Capability, get_client_for
from alongside.safetyplans.queries import plan_for_crisis_view, profile_context
from alongside.safetyplans.tests.factories import make_plan

PROFILE = "safetyplans/_profile_section.html"
CRISIS = "safetyplans/_crisis_plan.html"


def profile_card(user, client) -> str:
    seen = get_client_for(user, client.public_id)
    context = {
        "client": seen,
        "can_record": Capability.RECORD in seen.capabilities,
        **profile_context(user, seen),
    }
    return render_to_string(PROFILE, context)


def test_profile_card_shows_version_and_links_but_no_plan_text(cast):
    make_plan(cast.casey, cast.ana, 1)
    make_plan(cast.casey, cast.sam, 2, safer_surroundings="")
    html = profile_card(cast.ana, cast.casey)
    assert "Version 2, saved by Sam Supervisor" in html
    assert "5 of 6 sections filled in." in html
    assert f"/clients/{cast.casey.public_id}/safety-plan/" in html
    assert "Edit together" in html
    assert "Walk the dog" not in html


def test_profile_card_without_a_plan_invites_the_advocate(cast):
    html = profile_card(cast.ana, cast.casey)
    assert "No safety plan yet." in html
    assert "Make a plan together" in html


def test_profile_card_for_readers_has_no_edit_link(cast):
    make_plan(cast.casey, cast.ana)
    for reader in (cast.cleo, cast.dana):
        html = profile_card(reader, cast.casey)
        assert "Open the safety plan" in html
        assert "/safety-plan/edit/" not in html


def test_profile_context_costs_one_query(cast, django_assert_num_queries):
    make_plan(cast.casey, cast.ana)
    seen = get_client_for(cast.ana, cast.casey.public_id)
    with django_assert_num_queries(1):
        context = profile_context(cast.ana, seen)
    assert context["safety_plan"].number == 1
    assert context["can_read_safety_plan"] is True


def test_crisis_include_shows_the_filled_in_sections(cast, casey_account):
    make_plan(cast.casey, cast.ana, safer_surroundings="")
    plan = plan_for_crisis_view(casey_account, cast.casey)
    html = render_to_string(CRISIS, {"plan": plan})
    assert "Your safety plan" in html
    assert "Sis Maria 555-0142<br>Sponsor Dave 555-0199" in html
    assert "Making my surroundings safer" not in html  # empty sections are left out
    assert 'href="/me/safety-plan/"' in html


def test_crisis_include_reading_is_audited(cast, casey_account):
    version = make_plan(cast.casey, cast.ana)
    plan_for_crisis_view(casey_account, cast.casey)
    row = AccessEvent.objects.get(action=Action.VIEW, object_type="safety_plan")
    assert (row.role, row.object_public_id) == ("client", str(version.public_id))


def test_crisis_include_without_a_plan(cast, casey_account):
    assert plan_for_crisis_view(casey_account, cast.casey) is None
    html = render_to_string(CRISIS, {"plan": None})
    assert "You have not made a safety plan yet; your advocate can make one with you." in html
    with translation.override("es"):
        spanish = render_to_string(CRISIS, {"plan": None})
    assert "Todavía no has hecho un plan de seguridad; tu acompañante puede hacerlo contigo." in (
        spanish
    )
    assert "Tu plan de seguridad" in spanish


def test_crisis_include_in_spanish_keeps_the_clients_words(cast):
    plan = make_plan(cast.casey, cast.ana)
    with translation.override("es"):
        html = render_to_string(CRISIS, {"plan": plan})
    assert "Señales de que se acerca una crisis" in html
    assert "Not sleeping." in html
    assert "Ver mi plan completo" in html
