"""The worksheet catalog: every sheet belongs to a shipped stage, names are stable and unique."""

from __future__ import annotations

from alongside.pathways.catalog import TWELVE_STEP
from alongside.worksheets.kinds import SHEETS, Kind, reflection_stages, stage_title


def test_every_kind_has_a_sheet():
    assert set(SHEETS) == set(Kind.values)


def test_step_sheets_belong_to_their_step():
    stages = {kind: sheet.stage for kind, sheet in SHEETS.items()}
    assert stages == {
        "inventory": "step-4",
        "amends_list": "step-8",
        "amends_log": "step-9",
        "nightly": "step-10",
        "reflection": "",
    }
    for stage in filter(None, stages.values()):
        assert TWELVE_STEP.stage(stage) is not None


def test_box_names_are_unique_within_each_section():
    for sheet in SHEETS.values():
        assert sheet.sections
        for section in sheet.sections:
            names = [box.name for box in section.boxes]
            assert len(names) == len(set(names)), (sheet.kind, section.key)
            for box in section.boxes:
                assert box.kind in {"short", "long", "choice", "date"}
                assert (box.kind == "choice") == bool(box.choices)


def test_only_the_inventory_is_shared_row_by_row_and_only_the_review_is_daily():
    assert [k for k, s in SHEETS.items() if s.per_row_sharing] == ["inventory"]
    assert [k for k, s in SHEETS.items() if s.daily] == ["nightly"]


def test_reflections_may_be_kept_on_every_shipped_stage():
    stages = reflection_stages()
    assert ("12-step", "step-1") in {(p, s) for p, s, _pt, _st in stages}
    assert ("smart", "point-4") in {(p, s) for p, s, _pt, _st in stages}
    assert stage_title("nope", "step-1") == "" and stage_title("12-step", "nope") == ""
