"""Action plans (.xlsx and .docx): rows with lineage, merged recommendations, numbering rules, errors."""

from __future__ import annotations

from datetime import date

from ingest_builders import (
    ACTION_LABELS,
    PLAN_TABLE_HEADER_ROW,
    action_row,
    plan_header,
    standard_actions,
    write_action_plan_docx,
    write_action_plan_xlsx,
)

from ingest.parse import parse_file

HEADER_ROW = PLAN_TABLE_HEADER_ROW


def actions_by_number(parsed):
    return {a["action_number"]: a for a in parsed.rows["action_plan__actions"]}


def test_xlsx_plan_parsed_into_plan_and_action_rows_with_lineage(tmp_path, csps):
    path = write_action_plan_xlsx(tmp_path / "DHR 21-03 action plan.xlsx")
    parsed = parse_file(path, sha256="abc", csps=csps)
    assert parsed.errors == []
    assert parsed.form_type == "action_plan"
    assert (parsed.csp_code, parsed.dhr_reference) == ("E22000143", "DHR 21-03")
    assert parsed.record_counts() == {"plans": 1, "actions": 3, "recommendations": 2}

    [plan] = parsed.rows["action_plan__plans"]
    assert plan["as_at_date"] == date(2025, 3, 31)
    assert plan["csp_name"] == "Medway" and plan["csp_code"] == "E22000143"
    assert plan["file_format"] == "xlsx"
    assert (plan["source_sheet"], plan["source_row"], plan["file_sha256"]) == ("Action plan", 2, "abc")

    actions = actions_by_number(parsed)
    assert list(actions) == ["1.1", "1.2", "2.1"]
    first = actions["1.1"]
    assert first["recommendation_number"] == 1
    assert first["recommendation"] == "Improve training on coercive control"
    assert first["recommendation_level"] == "multi_agency"
    assert first["status"] == "green" and first["target_date"] == date(2025, 6, 30)
    assert (first["source_sheet"], first["source_row"], first["file_sha256"]) == ("Action plan", HEADER_ROW + 1, "abc")
    # Recommendation fields left blank under the first action carry down to the same recommendation.
    second = actions["1.2"]
    assert second["recommendation_number"] == 1
    assert second["recommendation"] == "Improve training on coercive control"
    assert second["recommendation_level"] == "multi_agency"
    assert second["status"] == "complete" and second["completion_date"] == date(2025, 3, 1)
    assert second["source_row"] == HEADER_ROW + 2
    third = actions["2.1"]
    assert third["recommendation"] == "Review MARAC referrals" and third["recommendation_level"] is None
    assert third["target_date"] == date(2025, 12, 31)  # 'Q3 2025/26'


def test_merged_recommendation_cells_apply_to_every_action(tmp_path, csps):
    rows = [
        action_row(1, "Merged recommendation", "1.1"),
        action_row(None, None, "1.2", action="Second action"),
        action_row(None, None, "1.3", action="Third action"),
        action_row(2, "Another", "2.1"),
    ]
    first, last = HEADER_ROW + 1, HEADER_ROW + 3
    path = write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=rows, merges=[f"A{first}:A{last}", f"B{first}:B{last}"])
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    actions = actions_by_number(parsed)
    for number in ("1.1", "1.2", "1.3"):
        assert actions[number]["recommendation_number"] == 1
        assert actions[number]["recommendation"] == "Merged recommendation"
    assert actions["2.1"]["recommendation"] == "Another"
    assert parsed.extra_counts == {"recommendations": 2}


def test_recommendation_number_derived_from_action_number(tmp_path, csps):
    rows = [
        action_row(None, "First recommendation", "1.1"),
        action_row(None, "Second recommendation", "2.1"),
        action_row(None, None, "2.2", action="More"),
    ]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=rows), csps=csps)
    assert parsed.errors == []
    actions = actions_by_number(parsed)
    assert [a["recommendation_number"] for a in actions.values()] == [1, 2, 2]
    assert actions["2.2"]["recommendation"] == "Second recommendation"


def test_action_number_must_match_its_recommendation(tmp_path, csps):
    rows = [action_row(1, "First", "1.1"), action_row(1, "First", "2.1", action="Misfiled")]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=rows), csps=csps)
    assert parsed.errors == [
        f"plan.xlsx, sheet 'Action plan', row {HEADER_ROW + 2}, 'Action no.': action 2.1 is numbered for "
        "recommendation 2 but sits under recommendation 1"
    ]


def test_duplicate_action_numbers_rejected(tmp_path, csps):
    rows = [action_row(1, "First", "1.1"), action_row(None, None, "1.1", action="Again")]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=rows), csps=csps)
    assert not parsed.accepted
    assert parsed.errors == [
        f"plan.xlsx, sheet 'Action plan', row {HEADER_ROW + 2}, 'Action no.': action 1.1 appears twice "
        f"(rows {HEADER_ROW + 1} and {HEADER_ROW + 2})"
    ]


def test_action_numbers_written_as_excel_numbers_or_with_prefix(tmp_path, csps):
    rows = [
        action_row(1, "First", 1.1),
        action_row(None, None, "Action 1.2", action="Two"),
        action_row("Rec 2", "Second", "2.10", action="Ten"),
    ]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=rows), csps=csps)
    assert parsed.errors == []
    assert list(actions_by_number(parsed)) == ["1.1", "1.2", "2.10"]
    assert actions_by_number(parsed)["2.10"]["recommendation_number"] == 2


def test_bad_action_number_and_impossible_target_date(tmp_path, csps):
    rows = [action_row(1, "First", "one", target="31/02/2024")]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "DHR 21-03 action plan.xlsx", rows=rows), csps=csps)
    row = HEADER_ROW + 1
    assert parsed.errors == [
        f"DHR 21-03 action plan.xlsx, sheet 'Action plan', row {row}, 'Target date': '31/02/2024' is not a real date",
        f"DHR 21-03 action plan.xlsx, sheet 'Action plan', row {row}, 'Action no.': 'one' is not an action number: "
        "write it as <recommendation>.<action>, e.g. 1.2",
    ]


def test_status_synonyms_in_a_plan(tmp_path, csps):
    words = ["Green", "green ", "G", "Complete", "COMPLETE", "Completed", "Amber", "A", "Red", "R"]
    rows = [
        action_row(
            1 if i == 0 else None, "Only" if i == 0 else None, f"1.{i + 1}", status=word, completed=date(2025, 1, 1)
        )
        for i, word in enumerate(words)
    ]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=rows), csps=csps)
    assert parsed.errors == []
    statuses = [a["status"] for a in parsed.rows["action_plan__actions"]]
    assert statuses == ["green", "green", "green", "complete", "complete", "complete", "amber", "amber", "red", "red"]


def test_quality_gaps_are_loaded_not_rejected(tmp_path, csps):
    """003 Annex I QA checks (outcome given, completion date of a COMPLETE action) are findings, not rejections."""
    rows = [action_row(1, "First", "1.1", status="COMPLETE", completed=None, outcome=None)]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=rows), csps=csps)
    assert parsed.errors == []
    [action] = parsed.rows["action_plan__actions"]
    assert (action["status"], action["completion_date"], action["outcome"]) == ("complete", None, None)


def test_what_cannot_be_used_is_an_error_and_what_can_is_a_warning(tmp_path, csps):
    """Issue 14: reject only what cannot be used, and say how everything else was read."""
    header = plan_header(**{"Community Safety Partnership": "Medwey", "Progress as at": None})
    rows = [
        action_row(1, "First", "1.1", lead=None, status="Purple"),
        action_row(None, None, "1.2", target="soon"),
        action_row(None, None, "1.2", action="Duplicate", target="31/02/2025"),
    ]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", header=header, rows=rows), csps=csps)
    errors, warnings = "\n".join(parsed.errors), "\n".join(parsed.warnings)
    assert len(parsed.errors) == 3, errors
    assert (
        "row 3, 'Community Safety Partnership': 'Medwey' is not a Community Safety Partnership we know: "
        "did you mean 'Medway'" in parsed.errors[0]
    )
    assert f"row {HEADER_ROW + 3}, 'Target date': '31/02/2025' is not a real date" in errors
    assert f"row {HEADER_ROW + 3}, 'Action no.': action 1.2 appears twice" in errors
    # A blank lead agency is a gap the warehouse lists (003 Annex I), not a reason to refuse the update.
    assert "Lead agency" not in errors + warnings
    assert f"row {HEADER_ROW + 1}, 'Overall RAG': 'Purple' is not a status on the key" in warnings
    assert f"row {HEADER_ROW + 2}, 'Target date': 'soon' is not a date: kept as written" in warnings
    assert "the date it was received is used" in warnings


def test_a_missing_lead_agency_column_is_loaded_with_a_warning(tmp_path, csps):
    columns = [label for label in ACTION_LABELS if label != "Lead agency"]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", columns=columns), csps=csps)
    assert parsed.errors == []
    assert parsed.warnings == [
        "plan.xlsx, sheet 'Action plan': there is no 'Lead agency' column: the actions are loaded without one, and "
        "each is listed as a gap to fill"
    ]


def test_header_labels_with_case_line_breaks_colons_and_aliases(tmp_path, csps):
    header = {
        "TITLE OF DHR:": "DHR Alice",
        "Community Safety\nPartnership": "the Medway C.S.P.",
        "Local DHR Ref": "DHR 21-03",
        "Progress update as at": "31.3.25",
    }
    columns = [
        "REC NO",
        "RECOMMENDATION",
        "ACTION NUMBER",
        "ACTION",
        "LEAD AGENCY",
        "OUTCOME THAT ACTION\nWILL ACHIEVE",
        "TARGET DATE",
        "RAG STATUS",
        "DATE COMPLETED",
    ]
    rows = [
        {
            "REC NO": 1,
            "RECOMMENDATION": "Rec",
            "ACTION NUMBER": "1.1",
            "ACTION": "Do it",
            "LEAD AGENCY": "Police",
            "OUTCOME THAT ACTION\nWILL ACHIEVE": "Done",
            "TARGET DATE": "Mar 2026",
            "RAG STATUS": "amber",
        }
    ]
    parsed = parse_file(
        write_action_plan_xlsx(tmp_path / "plan.xlsx", header=header, columns=columns, rows=rows), csps=csps
    )
    assert parsed.errors == []
    [plan] = parsed.rows["action_plan__plans"]
    assert plan["csp_code"] == "E22000143" and plan["as_at_date"] == date(2025, 3, 31)
    [action] = parsed.rows["action_plan__actions"]
    assert action["target_date"] == date(2026, 3, 31) and action["status"] == "amber"


def test_header_value_one_column_further_right(tmp_path, csps):
    path = write_action_plan_xlsx(tmp_path / "plan.xlsx", value_col=3)
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == []
    assert parsed.rows["action_plan__plans"][0]["dhr_reference"] == "DHR 21-03"


def test_sheet_found_by_content_when_not_named_action_plan(tmp_path, csps):
    path = write_action_plan_xlsx(tmp_path / "q3 update.xlsx", sheet_name="Sheet1")
    parsed = parse_file(path, csps=csps)
    assert parsed.errors == [] and parsed.rows["action_plan__actions"][0]["source_sheet"] == "Sheet1"


def test_unused_numbered_template_rows_are_ignored(tmp_path, csps):
    rows = [
        *standard_actions(),
        action_row(3, None, "3.1", action=None, lead=None, outcome=None, target=None, status=None),
    ]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=rows), csps=csps)
    assert parsed.errors == [] and parsed.record_counts()["actions"] == 3


def test_docx_plan_with_merged_recommendation_cells(tmp_path, csps):
    rows = [
        action_row(1, "Merged recommendation", "1.1"),
        action_row(1, "Merged recommendation", "1.2", action="Second", status="Complete", completed="01/03/2025"),
        action_row(None, "Second recommendation", "2.1", target="Mar-26", status="R"),
    ]
    path = write_action_plan_docx(tmp_path / "plan.docx", rows=rows, merge_down=[(1, 1, 2), (2, 1, 2)])
    parsed = parse_file(path, sha256="f00", csps=csps)
    assert parsed.errors == []
    [plan] = parsed.rows["action_plan__plans"]
    assert (plan["file_format"], plan["source_sheet"], plan["as_at_date"]) == ("docx", "table 1", date(2025, 3, 31))
    actions = actions_by_number(parsed)
    assert actions["1.2"]["recommendation"] == "Merged recommendation"
    assert actions["1.2"]["recommendation_number"] == 1
    assert actions["1.2"]["completion_date"] == date(2025, 3, 1)
    assert (actions["2.1"]["recommendation_number"], actions["2.1"]["target_date"]) == (2, date(2026, 3, 31))
    assert [(a["source_sheet"], a["source_row"]) for a in actions.values()] == [
        ("table 2", 2),
        ("table 2", 3),
        ("table 2", 4),
    ]


def test_docx_plan_errors_name_the_table(tmp_path, csps):
    rows = [action_row(1, "Rec", "1.1", target="31/02/2024")]
    parsed = parse_file(write_action_plan_docx(tmp_path / "plan.docx", rows=rows), csps=csps)
    assert parsed.errors == ["plan.docx, table 2, row 2, 'Target date': '31/02/2024' is not a real date"]


def test_month_formatted_target_date_cell_means_end_of_month(tmp_path, csps):
    """Excel stores 'Mar 2026' typed into a cell as 01/03/2026 shown 'Mar-26': the target is the month's end."""
    from openpyxl import load_workbook

    path = write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=[action_row(1, "Rec", "1.1")])
    wb = load_workbook(path)
    cell = wb["Action plan"].cell(HEADER_ROW + 1, ACTION_LABELS.index("Target date") + 1)
    cell.value = date(2026, 3, 1)
    cell.number_format = "mmm-yy"
    wb.save(path)
    [action] = parse_file(path, csps=csps).rows["action_plan__actions"]
    assert action["target_date"] == date(2026, 3, 31)


def test_recommendation_rows_without_actions(tmp_path, csps):
    """A recommendation on its own row: written above its actions (carried down), or with none yet (counted)."""
    blank_action = {"action": None, "lead": None, "outcome": None, "target": None, "status": None}
    rows = [
        action_row(1, "Written above its actions", None, **blank_action),
        action_row(None, None, "1.1"),
        action_row(None, None, "1.2", action="Second"),
        action_row(2, "Not yet broken into actions", None, **blank_action),
    ]
    parsed = parse_file(write_action_plan_xlsx(tmp_path / "plan.xlsx", rows=rows), csps=csps)
    assert parsed.errors == []
    assert [
        (a["action_number"], a["recommendation_number"], a["recommendation"])
        for a in parsed.rows["action_plan__actions"]
    ] == [("1.1", 1, "Written above its actions"), ("1.2", 1, "Written above its actions")]
    assert parsed.record_counts() == {"plans": 1, "actions": 2, "recommendations": 2}
