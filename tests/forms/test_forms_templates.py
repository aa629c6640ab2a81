"""Blank templates: they open, carry every spec label, and offer drop-downs where Excel allows."""

from __future__ import annotations

import docx
import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from dhr.forms import write_action_plan, write_template
from form_contract.code_lists import agencies, analysis_factors, asked_subjects, code_lists, protected_characteristics
from form_contract.spec import (
    ACTION_FIELDS,
    ACTION_PLAN_HEADER_FIELDS,
    ACTION_PLAN_SHEET,
    CHILD_FIELDS,
    DATA_CAPTURE_CASE_FIELDS,
    DATA_CAPTURE_SHEETS,
    EARLY_ACTION_FIELDS,
    PERPETRATOR_FIELDS,
    SCOPING_QUESTIONS,
    SCOPING_TITLE_FIELDS,
    STATUS_KEY,
    VICTIM_FIELDS,
)


def _validations(ws) -> list[tuple[str, str, set[str]]]:
    """(type, formula1, set of cell coordinates) per validation, ranges expanded."""
    out = []
    for dv in ws.data_validations.dataValidation:
        cells: set[str] = set()
        for rng in dv.sqref.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    cells.add(f"{get_column_letter(col)}{row}")
        out.append((dv.type, dv.formula1, cells))
    return out


def _list_values(wb, formula: str) -> list[str]:
    sheet, ref = formula.lstrip("=").split("!")
    ws = wb[sheet]
    return [c.value for row in ws[ref.replace("$", "")] for c in row]


def _list_validation_of(wb, ws, coordinate: str) -> list[str] | None:
    for kind, formula, cells in _validations(ws):
        if kind == "list" and coordinate in cells:
            return _list_values(wb, formula)
    return None


@pytest.fixture(scope="module")
def data_capture_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "data capture.xlsx"
    write_template("data_capture", path)
    return openpyxl.load_workbook(path)


def test_data_capture_sheets_in_design_order(data_capture_template):
    wb = data_capture_template
    assert wb.sheetnames == list(DATA_CAPTURE_SHEETS.values())
    assert wb["Lists"].sheet_state == "hidden"
    assert all(wb[name].sheet_state == "visible" for name in wb.sheetnames if name != "Lists")


def test_data_capture_case_sheet_has_every_label_and_help(data_capture_template):
    ws = data_capture_template["Case"]
    assert "data capture form" in ws["A1"].value
    assert ws["A2"].value.startswith("OFFICIAL-SENSITIVE")
    labels = {ws.cell(row=r, column=1).value: r for r in range(3, ws.max_row + 1)}
    for f in DATA_CAPTURE_CASE_FIELDS:
        assert f.label in labels, f.label
        row = labels[f.label]
        assert ws.cell(row=row, column=2).value is None
        assert f.source in ws.cell(row=row, column=3).value
    for section in ("Case", "Process dates", "The death"):
        assert section in labels and ws.cell(row=labels[section], column=1).font.bold
    # labels appear in spec order
    order = [labels[f.label] for f in DATA_CAPTURE_CASE_FIELDS]
    assert order == sorted(order)


def test_data_capture_case_validations(data_capture_template):
    wb = data_capture_template
    ws = wb["Case"]
    labels = {ws.cell(row=r, column=1).value: r for r in range(3, ws.max_row + 1)}
    cl = code_lists()
    validations = _validations(ws)
    for f in DATA_CAPTURE_CASE_FIELDS:
        coord = f"B{labels[f.label]}"
        if f.kind == "code":
            assert _list_validation_of(wb, ws, coord) == cl.labels(f.code_list), f.name
        elif f.kind == "date":
            assert any(kind == "date" and coord in cells for kind, _, cells in validations), f.name
            assert ws[coord].number_format == "dd/mm/yyyy"
        elif f.kind == "integer":
            assert any(kind == "whole" and coord in cells for kind, _, cells in validations), f.name


@pytest.mark.parametrize(
    ("sheet", "fields", "blank_rows"),
    [
        ("Victims", VICTIM_FIELDS, 3),
        ("Perpetrators", PERPETRATOR_FIELDS, 3),
        ("Children", CHILD_FIELDS, 8),
    ],
)
def test_data_capture_people_sheets(data_capture_template, sheet, fields, blank_rows):
    wb = data_capture_template
    ws = wb[sheet]
    assert ws["A1"].value and ws["A2"].value
    assert [c.value for c in ws[3]][: len(fields)] == [f.label for f in fields]
    assert ws.freeze_panes == "B4"
    # blank rows to fill in, boxed but empty
    for r in range(4, 4 + blank_rows):
        assert all(ws.cell(row=r, column=c).value is None for c in range(1, len(fields) + 1))
        assert ws.cell(row=r, column=2).border.left.style == "thin"
    validations = _validations(ws)
    for c, f in enumerate(fields, start=1):
        coord = f"{get_column_letter(c)}4"
        if f.kind == "code":
            assert _list_validation_of(wb, ws, coord) == code_lists().labels(f.code_list), f.name
        if f.name == "age":
            dv = next(dv for dv in ws.data_validations.dataValidation if dv.type == "whole" and coord in dv.sqref)
            assert (dv.formula1, dv.formula2) == ("0", "120")
    assert any(kind == "whole" for kind, _, _ in validations)


def test_data_capture_grids_prefilled(data_capture_template):
    wb = data_capture_template
    grids = [
        (
            "Analysis",
            analysis_factors(),
            "factor_code",
            ["Ref", "Category", "Question", "Victim", "Perpetrator", "Children"],
        ),
        (
            "Agency contact",
            agencies(),
            "agency_code",
            ["Ref", "Agency or service", "Victim", "Perpetrator", "Children"],
        ),
        (
            "Equality",
            protected_characteristics(),
            "characteristic_code",
            ["Ref", "Protected characteristic", "Victim", "Perpetrator"],
        ),
    ]
    for sheet, rows, key, headers in grids:
        ws = wb[sheet]
        assert [c.value for c in ws[3]] == headers
        first_answer = len(headers) - (3 if sheet != "Equality" else 2) + 1
        subjects = ("victim", "perpetrator", "children") if sheet != "Equality" else ("victim", "perpetrator")
        for r, item in enumerate(rows, start=4):
            assert ws.cell(row=r, column=1).value == item[key]
            assert ws.cell(row=r, column=len(headers) - len(subjects)).value == item["label"]
            asked = asked_subjects(item) if sheet != "Equality" else list(subjects)
            for j, subject in enumerate(subjects):
                cell = ws.cell(row=r, column=first_answer + j)
                if subject in asked:
                    assert cell.value is None
                    assert _list_validation_of(wb, ws, cell.coordinate) == ["Yes", "No", "Not known"]
                else:
                    assert cell.value == "n/a"
                    assert cell.fill.fgColor.rgb.endswith("BFBFBF")
        assert ws.max_row == 3 + len(rows)


def test_data_capture_guidance_sheet_cites_sources(data_capture_template):
    ws = data_capture_template["Guidance"]
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for sheet in ("Case", "Victims", "Perpetrators", "Children", "Analysis", "Agency contact", "Equality"):
        assert sheet in text
    assert "003 L757-759" in text and "003 L609" in text and "004 L4157" in text


def test_scoping_review_template(tmp_path):
    path = write_template("scoping_review", tmp_path / "scoping.docx")
    doc = docx.Document(path)
    paras = doc.paragraphs
    assert paras[0].text == "Scoping Review" and paras[0].style.name == "Title"
    assert paras[1].text.startswith("OFFICIAL-SENSITIVE")
    title_table, actions_table = doc.tables
    assert [row.cells[0].text for row in title_table.rows] == [f.label for f in SCOPING_TITLE_FIELDS]
    assert all(row.cells[1].text == "" for row in title_table.rows)
    headings = [p.text for p in paras if p.style.name == "Heading 2"]
    assert headings == [f"{n}. {q.label}" for n, q in enumerate(SCOPING_QUESTIONS, start=1)]
    assert [c.text for c in actions_table.rows[0].cells] == [f.label for f in EARLY_ACTION_FIELDS]
    assert len(actions_table.rows) == 4
    # table 2 sits after question 5's heading and before question 6's
    body = list(doc.element.body.iterchildren())
    q5 = next(i for i, el in enumerate(body) if el.tag.endswith("}p") and "".join(el.itertext()).startswith("5. "))
    q6 = next(i for i, el in enumerate(body) if el.tag.endswith("}p") and "".join(el.itertext()).startswith("6. "))
    t2 = [i for i, el in enumerate(body) if el.tag.endswith("}tbl")][1]
    assert q5 < t2 < q6
    assert doc.sections[0].header.paragraphs[0].text.startswith("OFFICIAL-SENSITIVE")


def test_action_plan_xlsx_template(tmp_path):
    path = write_template("action_plan", tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == ACTION_PLAN_SHEET
    assert wb["Lists"].sheet_state == "hidden"
    ws = wb[ACTION_PLAN_SHEET]
    assert ws["A1"].value
    header_labels = [ws.cell(row=r, column=1).value for r in range(2, 2 + len(ACTION_PLAN_HEADER_FIELDS))]
    assert header_labels == [f.label for f in ACTION_PLAN_HEADER_FIELDS]
    blank = 2 + len(ACTION_PLAN_HEADER_FIELDS)
    assert all(c.value is None for c in ws[blank])
    table_header = blank + 1
    assert [c.value for c in ws[table_header]] == [f.label for f in ACTION_FIELDS]
    col = {f.name: i for i, f in enumerate(ACTION_FIELDS, start=1)}
    rows = range(table_header + 1, table_header + 4)
    assert [ws.cell(row=r, column=col["action_number"]).value for r in rows] == ["1.1", "1.2", "2.1"]
    assert [ws.cell(row=r, column=col["recommendation_number"]).value for r in rows] == [1, None, 2]
    assert all(ws.cell(row=r, column=col["action"]).value is None for r in rows)
    merged = {str(m) for m in ws.merged_cells.ranges}
    rec_letter = get_column_letter(col["recommendation"])
    assert f"{rec_letter}{table_header + 1}:{rec_letter}{table_header + 2}" in merged
    # status key below the table
    key_row = table_header + 5
    assert ws.cell(row=key_row, column=1).value == "Key to status"
    assert [
        (ws.cell(row=key_row + i, column=1).value, ws.cell(row=key_row + i, column=2).value) for i in range(1, 5)
    ] == list(STATUS_KEY)
    # drop-downs: status as bare words, level, outcome achieved, implementation status
    status_cell = f"{get_column_letter(col['status'])}{table_header + 1}"
    assert _list_validation_of(wb, ws, status_cell) == ["RED", "AMBER", "GREEN", "COMPLETE"]
    for name, code_list in (
        ("recommendation_level", "recommendation_level"),
        ("outcome_achieved", "outcome_achieved"),
        ("implementation_status", "implementation_status"),
    ):
        coord = f"{get_column_letter(col[name])}{table_header + 1}"
        assert _list_validation_of(wb, ws, coord) == code_lists().labels(code_list)
    assert ws.freeze_panes == f"A{table_header + 1}"


def test_action_plan_docx_template(tmp_path):
    path = write_action_plan(tmp_path / "plan.docx")
    doc = docx.Document(path)
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    header, actions, key = doc.tables
    assert [r.cells[0].text for r in header.rows] == [f.label for f in ACTION_PLAN_HEADER_FIELDS]
    assert [c.text for c in actions.rows[0].cells] == [f.label for f in ACTION_FIELDS]
    numbers = [r.cells[[f.name for f in ACTION_FIELDS].index("action_number")].text for r in actions.rows[1:]]
    assert numbers == ["1.1", "1.2", "2.1"]
    assert [(r.cells[0].text, r.cells[1].text) for r in key.rows] == list(STATUS_KEY)
    # recommendation cells merged vertically over actions 1.1 and 1.2
    assert actions.rows[1]._tr.tc_lst[1].vMerge == "restart"
    assert actions.rows[2]._tr.tc_lst[1].vMerge == "continue"
    assert actions.rows[3]._tr.tc_lst[1].vMerge is None


def test_write_template_rejects_unknown(tmp_path):
    with pytest.raises(ValueError, match="unknown form type"):
        write_template("chronology", tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match=r"\.xlsx or \.docx"):
        write_action_plan(tmp_path / "plan.pdf")


def test_templates_are_reproducible(tmp_path):
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    for form_type, name in (("data_capture", "a.xlsx"), ("scoping_review", "a.docx"), ("action_plan", "b.xlsx")):
        one = write_template(form_type, tmp_path / "1" / name)
        two = write_template(form_type, tmp_path / "2" / name)
        assert one.read_bytes() == two.read_bytes(), form_type
