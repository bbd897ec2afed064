"""save_safety_plan(): versions, who may save, bad input, audit; current_plan/plan_history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alongside.audit.models import AccessEvent, Action
from alongside.safetyplans.models import SafetyPlanVersion
from alongside.safetyplans.queries import current_plan, plan_history
from alongside.safetyplans.sections import SECTION_KEYS, SECTION_LENGTH
from alongside.safetyplans.services import save_safety_plan
from alongside.safetyplans.tests.factories import PLAN, empty_sections, make_plan, sections


def test_first_save_creates_version_one(cast):
    version = save_safety_plan(cast.ana, cast.casey, sections())
    assert (version.number, version.created_by, version.client) == (1, cast.ana, cast.casey)
    assert version.organization_id == cast.casey.organization_id
    assert version.texts() == PLAN
    assert version.saved_now


def test_each_change_is_a_new_version_and_earlier_ones_are_kept(cast):
    save_safety_plan(cast.ana, cast.casey, sections())
    save_safety_plan(cast.ana, cast.casey, sections(coping_alone="Call my sister."))
    third = save_safety_plan(cast.sam, cast.casey, sections(coping_alone="Go to a meeting."))
    assert third.number == 3
    history = list(plan_history(cast.casey))
    assert [v.number for v in history] == [3, 2, 1]
    assert [v.coping_alone for v in history] == [
        "Go to a meeting.",
        "Call my sister.",
        PLAN["coping_alone"],
    ]
    assert current_plan(cast.casey) == third


def test_saving_the_same_words_again_makes_no_new_version(cast):
    first = save_safety_plan(cast.ana, cast.casey, sections())
    again = save_safety_plan(cast.ana, cast.casey, sections())
    assert again == first
    assert not again.saved_now
    assert SafetyPlanVersion.objects.count() == 1
    assert AccessEvent.objects.filter(action=Action.CREATE).count() == 1


def test_line_endings_and_surrounding_spaces_do_not_make_a_new_version(cast):
    save_safety_plan(cast.ana, cast.casey, sections())
    from_a_browser = {
        key: "  " + text.replace("\n", "\r\n") + "\n" for key, text in sections().items()
    }
    assert not save_safety_plan(cast.ana, cast.casey, from_a_browser).saved_now
    assert SafetyPlanVersion.objects.count() == 1


def test_a_section_left_out_is_saved_empty(cast):
    partial = {"warning_signs": "Not sleeping."}
    version = save_safety_plan(cast.ana, cast.casey, partial)
    assert version.warning_signs == "Not sleeping."
    assert version.coping_alone == ""
    assert version.filled_count() == 1


def test_client_saves_their_own_plan(cast, casey_account):
    version = save_safety_plan(casey_account, cast.casey, sections())
    assert version.created_by == casey_account
    row = AccessEvent.objects.get(action=Action.CREATE)
    assert (row.role, row.user_id) == ("client", casey_account.pk)


def test_a_client_cannot_save_another_clients_plan(cast, casey_account):
    with pytest.raises(PermissionDenied):
        save_safety_plan(casey_account, cast.jordan, sections())
    assert not SafetyPlanVersion.objects.exists()


@pytest.mark.parametrize("persona", ["ana", "sam"])
def test_advocates_and_supervisors_save(cast, persona):
    assert save_safety_plan(getattr(cast, persona), cast.casey, sections()).number == 1


@pytest.mark.parametrize("persona", ["cleo", "dana", "alex", "oscar", "ben"])
def test_others_may_not_save(cast, persona):
    with pytest.raises(PermissionDenied):
        save_safety_plan(getattr(cast, persona), cast.casey, sections())
    assert not SafetyPlanVersion.objects.exists()


def test_saving_is_audited_as_a_create_of_the_version(cast):
    version = save_safety_plan(cast.ana, cast.casey, sections())
    row = AccessEvent.objects.get(action=Action.CREATE)
    assert row.object_type == "safety_plan"
    assert row.object_public_id == str(version.public_id)
    assert (row.client_id, row.user_id, row.role) == (cast.casey.pk, cast.ana.pk, "pra")


BAD = [
    pytest.param({"hobbies": "Fishing"}, "hobbies", "There is no such section", id="unknown"),
    pytest.param(
        {"coping_alone": "x" * (SECTION_LENGTH + 1)},
        "coping_alone",
        f"Use at most {SECTION_LENGTH} characters (this has {SECTION_LENGTH + 1}).",
        id="too-long",
    ),
    pytest.param(
        {"support_people": "Maria\x00 555"}, "support_people", "null character", id="null"
    ),
    pytest.param({"distractions": 42}, "distractions", "as text", id="not-text"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD)
def test_bad_input_is_refused_by_section_and_saves_nothing(cast, change, field, message):
    save_safety_plan(cast.ana, cast.casey, sections())
    with pytest.raises(ValidationError) as raised:
        save_safety_plan(cast.ana, cast.casey, {**sections(warning_signs="New"), **change})
    assert message in " ".join(raised.value.message_dict[field])
    assert SafetyPlanVersion.objects.count() == 1
    assert AccessEvent.objects.filter(action=Action.CREATE).count() == 1


def test_exactly_the_longest_section_is_accepted(cast):
    version = save_safety_plan(cast.ana, cast.casey, {"coping_alone": "x" * SECTION_LENGTH})
    assert len(version.coping_alone) == SECTION_LENGTH


@pytest.mark.parametrize("blank", [empty_sections(), {}, dict.fromkeys(SECTION_KEYS, "  \r\n ")])
def test_an_entirely_empty_plan_is_refused(cast, blank):
    with pytest.raises(ValidationError) as raised:
        save_safety_plan(cast.ana, cast.casey, blank)
    assert raised.value.message_dict["__all__"] == [
        "The plan is empty. Write something in at least one section before saving."
    ]
    assert not SafetyPlanVersion.objects.exists()


def test_permission_is_checked_before_the_input(cast):
    with pytest.raises(PermissionDenied):
        save_safety_plan(cast.oscar, cast.casey, {"hobbies": "x"})


def test_a_saved_version_is_never_changed_or_deleted(cast):
    version = make_plan(cast.casey, cast.ana)
    version.warning_signs = "Rewritten"
    with pytest.raises(ValueError, match="never changed"):
        version.save()
    with pytest.raises(ValueError, match="kept"):
        version.delete()
    assert SafetyPlanVersion.objects.get().warning_signs == PLAN["warning_signs"]


def test_version_numbers_are_per_client(cast):
    save_safety_plan(cast.ana, cast.casey, sections())
    save_safety_plan(cast.ana, cast.casey, sections(warning_signs="Other"))
    assert save_safety_plan(cast.ana, cast.jordan, sections()).number == 1


def test_without_a_plan_current_plan_is_none(cast):
    assert current_plan(cast.casey) is None
    assert list(plan_history(cast.casey)) == []
