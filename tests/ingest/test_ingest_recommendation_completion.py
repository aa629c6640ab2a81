"""The recommendation completion date (003 L1163): written once per recommendation, merged over its
actions like the other recommendation-level cells, read back onto every action row, and set by the
generator when every action of the recommendation is COMPLETE (blank for ~5 %, as a quality problem).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

forms = pytest.importorskip("dhr.forms")

from form_contract.records import Action, ActionPlan, Recommendation  # noqa: E402
from form_contract.spec import ACTION_FIELDS  # noqa: E402
from ingest.parse import parse_file  # noqa: E402


def _plan(done_on: date | None, as_at: date = date(2025, 3, 31)) -> ActionPlan:
    return ActionPlan(
        dhr_title="DHR into the death of Alice (March 2021)",
        csp_name="Medway Community Safety Partnership",
        dhr_reference="DHR 2021-03",
        governance="CSP board, quarterly",
        as_at_date=as_at,
        recommendations=[
            Recommendation(
                1,
                "Improve training",
                "multi_agency",
                "Community Safety Partnership",
                recommendation_completion_date=done_on,
                actions=[
                    Action(
                        "1.1",
                        "Train staff",
                        "Kent Police",
                        "Staff recognise coercion",
                        "DA lead",
                        "Course by May",
                        date(2025, 1, 31),
                        "complete",
                        "Trained",
                        date(2025, 1, 20),
                        "yes",
                    ),
                    Action(
                        "1.2",
                        "Audit referrals",
                        "NHS Kent",
                        "Audit done",
                        "Named nurse",
                        "Audit by March",
                        date(2025, 3, 31),
                        "complete",
                        "Audit complete",
                        date(2025, 2, 14),
                        "partially",
                    ),
                ],
            ),
            Recommendation(
                2,
                "Review the pathway",
                "single_agency",
                "Housing",
                actions=[
                    Action(
                        "2.1",
                        "Rewrite the pathway",
                        "Housing",
                        "Pathway in use",
                        "Housing Options Manager",
                        "Draft by June",
                        date(2025, 6, 30),
                        "amber",
                        "Drafting",
                    ),
                ],
            ),
        ],
    )


def test_the_field_is_recommendation_level_and_cites_annex_i():
    field = next(f for f in ACTION_FIELDS if f.name == "recommendation_completion_date")
    assert field.kind == "date" and field.source == "003 L1163"
    assert ACTION_FIELDS[-1] is field  # after the other recommendation-level fields
    from dhr.forms.action_plan import RECOMMENDATION_FIELDS as written_once
    from ingest.action_plan import RECOMMENDATION_FIELDS as carried_down

    assert "recommendation_completion_date" in written_once
    assert "recommendation_completion_date" in carried_down


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_merged_recommendation_completion_date_reaches_every_action_row(tmp_path, csps, suffix):
    path = forms.write_action_plan(tmp_path / f"plan{suffix}", _plan(date(2025, 2, 14)))
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    got = {r["action_number"]: r["recommendation_completion_date"] for r in parsed.rows["action_plan__actions"]}
    assert got == {"1.1": date(2025, 2, 14), "1.2": date(2025, 2, 14), "2.1": None}


def test_xlsx_cell_is_merged_over_the_recommendations_actions(tmp_path):
    from openpyxl import load_workbook

    path = forms.write_action_plan(tmp_path / "plan.xlsx", _plan(date(2025, 2, 14)))
    ws = load_workbook(path)["Action plan"]
    header_row = next(r for r in range(1, 20) if ws.cell(r, 1).value == ACTION_FIELDS[0].label)
    col = [f.name for f in ACTION_FIELDS].index("recommendation_completion_date") + 1
    assert ws.cell(header_row, col).value == "Recommendation completed on"
    merged = {str(m) for m in ws.merged_cells.ranges}
    letter = ws.cell(header_row + 1, col).column_letter
    assert f"{letter}{header_row + 1}:{letter}{header_row + 2}" in merged


def test_a_later_snapshot_fills_the_date_in_a_reused_workbook(tmp_path, csps):
    series = forms.ActionPlanSeries()
    series.write(tmp_path / "q4.xlsx", _plan(None, date(2024, 12, 31)))
    later = series.write(tmp_path / "q1.xlsx", _plan(date(2025, 2, 14)))
    rows = parse_file(later, csps=csps).rows["action_plan__actions"]
    assert {r["recommendation_completion_date"] for r in rows if r["recommendation_number"] == 1} == {date(2025, 2, 14)}


@pytest.mark.slow
def test_generator_sets_the_date_when_every_action_is_complete(tmp_path):
    from dhr.synth.generator import generate_corpus

    summary = generate_corpus(tmp_path / "corpus", dhrs=60, seed=5, as_of=date(2026, 9, 30))
    truth = json.loads(summary.truth_path.read_text())
    recs = complete = blank = 0
    for d in truth["dhrs"]:
        plan = d["action_plan"]
        if not plan:
            continue
        actions = plan["actions"]
        for r in plan["recommendations"]:
            recs += 1
            mine = [a for a in actions if a["recommendation_number"] == r["recommendation_number"]]
            all_done = bool(mine) and all(a["status"] == "complete" for a in mine)
            assert r["all_actions_complete"] == all_done
            if not all_done:
                assert r["recommendation_completion_date"] is None and not r["missing_recommendation_completion_date"]
                continue
            complete += 1
            if r["missing_recommendation_completion_date"]:
                blank += 1
                assert r["recommendation_completion_date"] is None
            else:
                assert r["recommendation_completion_date"] <= plan["latest_as_at_date"]
    assert recs and complete
    assert blank <= max(3, complete // 5)  # ~5 % left blank
