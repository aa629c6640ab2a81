"""Low-level readers: label folding, header rows, key/value blocks, merged cells in .xlsx and .docx."""

from __future__ import annotations

from datetime import date, datetime

import docx
from openpyxl import Workbook

from form_contract.spec import ACTION_FIELDS, ACTION_PLAN_HEADER_FIELDS
from ingest.readers import Grid, find_header_row, fold, read_docx, read_key_values, read_xlsx
from ingest.values import MonthCell


def test_fold_ignores_case_punctuation_spaces_colons_and_line_breaks():
    assert fold("  Rec. No.: ") == fold("rec no")
    assert fold("OUTCOME THAT ACTION\nWILL  ACHIEVE") == fold("Outcome that action will achieve")
    assert fold("Avon & Somerset") == "avon and somerset"
    assert fold(None) == ""


def test_header_row_found_among_other_rows():
    grid = Grid(
        "Plan",
        "sheet",
        [
            ["Action plan"],
            ["Community Safety Partnership", "Medway"],
            [],
            ["Rec no:", "RECOMMENDATION", "Action\nno.", "Action", "Lead agency", "Notes"],
            [1, "Rec", "1.1", "Do", "Police", "x"],
        ],
    )
    header = find_header_row(grid, ACTION_FIELDS, min_matches=3)
    assert header is not None and header.row == 4
    assert header.columns == {
        "recommendation_number": 1,
        "recommendation": 2,
        "action_number": 3,
        "action": 4,
        "lead_agency": 5,
    }
    assert header.labels["action_number"] == "Action no."
    assert header.unrecognised == [(6, "Notes")]


def test_key_values_read_beside_the_label_or_one_column_further_or_inline():
    grid = Grid(
        "Plan",
        "sheet",
        [
            ["Title of DHR", "DHR into the death of Alice"],
            ["Community Safety Partnership:", None, "Medway"],
            ["Progress as at: 31/03/2025"],
            ["Governance arrangements", None, None],
        ],
    )
    found = read_key_values(grid, ACTION_PLAN_HEADER_FIELDS)
    assert found["dhr_title"].value == "DHR into the death of Alice"
    assert (found["csp_name"].value, found["csp_name"].col, found["csp_name"].label) == (
        "Medway",
        3,
        "Community Safety Partnership",
    )
    assert found["as_at_date"].value == "31/03/2025"
    assert found["governance"].value is None and found["governance"].row == 4
    assert "dhr_reference" not in found
    assert read_key_values(grid, ACTION_PLAN_HEADER_FIELDS, value_cols=(2,))["csp_name"].value is None


def test_xlsx_merged_cells_dates_and_month_formats(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Action plan"
    ws["A1"] = "Recommendation"
    ws["A2"] = "Merged over three rows"
    ws.merge_cells("A2:A4")
    ws["B2"] = datetime(2025, 3, 31)
    ws["B2"].number_format = "dd/mm/yyyy"
    ws["B3"] = datetime(2024, 3, 1)
    ws["B3"].number_format = "mmm-yy"  # what Excel makes of 'Mar 2024' typed into a cell
    ws["C6"] = "=1+1"
    hidden = wb.create_sheet("Lists")
    hidden.sheet_state = "hidden"
    wb.save(tmp_path / "book.xlsx")
    grid, lists = read_xlsx(tmp_path / "book.xlsx")
    assert (grid.name, grid.hidden, lists.hidden) == ("Action plan", False, True)
    assert [grid.value(r, 1) for r in (2, 3, 4)] == ["Merged over three rows"] * 3
    assert grid.raw(3, 1) is None and grid.merge_origin(4, 1) == (2, 1)
    assert grid.raw(2, 2) == datetime(2025, 3, 31)
    assert grid.raw(3, 2) == MonthCell(2024, 3)
    assert grid.raw(6, 3) is None  # a formula never calculated by Excel has no cached value
    assert grid.where == "sheet 'Action plan'"


def test_docx_tables_keep_horizontal_and_vertical_merges(tmp_path):
    document = docx.Document()
    document.add_heading("Plan", level=1)
    document.add_paragraph("Intro")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Wide"
    table.cell(0, 2).text = "C"
    table.cell(1, 0).text = "Tall"
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 1).text = "b"
    table.cell(2, 1).text = "b2"
    document.add_paragraph("After", style="Heading 2")
    document.save(str(tmp_path / "doc.docx"))
    content = read_docx(tmp_path / "doc.docx")
    grid = content.table(1)
    assert (grid.name, grid.where) == ("table 1", "table 1")
    assert grid.value(1, 1) == grid.value(1, 2) == "Wide" and grid.value(1, 3) == "C"
    assert grid.value(2, 1) == grid.value(3, 1) == "Tall" and grid.raw(3, 1) is None
    assert grid.value(3, 2) == "b2"
    kinds = [type(b).__name__ for b in content.blocks]
    assert kinds == ["Paragraph", "Paragraph", "TableRef", "Paragraph"]
    assert content.blocks[0].is_heading and not content.blocks[1].is_heading and content.blocks[3].is_heading


def test_grid_is_plain_data(tmp_path):
    import pickle

    grid = Grid("table 2", "table", [["a", date(2025, 1, 1)]], {(2, 1): (1, 1)})
    assert pickle.loads(pickle.dumps(grid)) == grid  # noqa: S301 - our own bytes, as worker processes exchange them
