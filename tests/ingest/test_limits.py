"""Limits that protect the machine: checked before any parser opens the file, and never tripped by real forms."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlwt
from ingest_builders import write_action_plan_docx, write_action_plan_xlsx, write_data_capture_xlsx, write_scoping_docx

import ingest.parse as parse_module
from ingest import limits
from ingest.limits import MAX_COMPRESSION_RATIO, MAX_FILE_BYTES, MAX_ROWS, MAX_UNCOMPRESSED_BYTES, check_limits

LIBREOFFICE = Path(__file__).parent / "fixtures" / "libreoffice"


def test_the_limits_are_what_the_documentation_says():
    assert (MAX_FILE_BYTES, MAX_UNCOMPRESSED_BYTES, MAX_COMPRESSION_RATIO, MAX_ROWS) == (
        25 * 1024 * 1024,
        200 * 1024 * 1024,
        100,
        5_000,
    )
    for text in ("25 MB", "200 MB", "100:1", "5,000"):
        assert text in limits.__doc__


def test_real_forms_are_within_every_limit(tmp_path):
    files = [
        write_action_plan_xlsx(tmp_path / "plan.xlsx"),
        write_action_plan_docx(tmp_path / "plan.docx"),
        write_data_capture_xlsx(tmp_path / "dc.xlsx"),
        write_scoping_docx(tmp_path / "scoping.docx"),
        *sorted(LIBREOFFICE.iterdir()),
    ]
    for path in files:
        if path.suffix != ".md":
            assert check_limits(path) == [], path.name


def _with_sheet_xml(tmp_path: Path, cells: str, name: str = "plan.xlsx") -> Path:
    """Our action plan workbook with the first sheet's XML replaced by `cells` (inside <sheetData>)."""
    good = write_action_plan_xlsx(tmp_path / "good.xlsx")
    path = tmp_path / name
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>'
    )
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(
                item.filename, sheet if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            )
    return path


def test_formula_results_saved_with_the_file_are_accepted_even_when_empty(tmp_path):
    cells = (
        '<row r="1"><c r="A1" t="str"><f>IF(B1="","",B1)</f><v></v></c>'
        '<c r="B1"><f>1+1</f><v>2</v></c><c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    )
    assert check_limits(_with_sheet_xml(tmp_path, cells)) == []


def test_formula_without_a_saved_value_names_its_cells(tmp_path):
    cells = '<row r="3"><c r="B3"><f>SUM(A1:A2)</f></c><c r="C3"><f>1+1</f><v></v></c></row>'
    [problem] = check_limits(_with_sheet_xml(tmp_path, cells))
    assert problem.startswith("plan.xlsx, sheet 'Action plan': cells B3, C3 hold a formula with no saved value")


def test_rows_are_counted_only_when_they_hold_a_value(tmp_path):
    empty_rows = "".join(f'<row r="{r}" ht="20" customHeight="1"/>' for r in range(1, MAX_ROWS + 50))
    assert check_limits(_with_sheet_xml(tmp_path, empty_rows)) == []  # formatted but empty rows


def test_an_xml_bomb_is_refused_unread(tmp_path):
    good = write_action_plan_xlsx(tmp_path / "good.xlsx")
    path = tmp_path / "lol.xlsx"
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            target.writestr(
                item.filename, bomb if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            )
    [problem] = check_limits(path)
    assert "XML declarations that Excel never writes" in problem


def test_a_word_table_with_too_many_rows(tmp_path):
    good = write_action_plan_docx(tmp_path / "good.docx")
    path = tmp_path / "long.docx"
    rows = "<w:tr><w:tc><w:p/></w:tc></w:tr>" * (MAX_ROWS + 1)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:body>", f"<w:tbl>{rows}</w:tbl></w:body>".encode())
            target.writestr(item.filename, data)
    assert check_limits(path) == [
        f"long.docx, table 4: the table has {MAX_ROWS + 1:,} rows, more than the {MAX_ROWS:,} a form may have: send "
        "the form on its own, without other data pasted into it"
    ]


def test_too_many_parts_in_the_archive(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_ENTRIES", 5)
    [problem] = check_limits(write_action_plan_xlsx(tmp_path / "plan.xlsx"))
    assert "parts, more than the 5 a form may have" in problem


def test_legacy_xls_with_too_many_rows(tmp_path):
    book = xlwt.Workbook()
    sheet = book.add_sheet("Action plan")
    for r in range(MAX_ROWS + 1):
        sheet.write(r, 0, f"row {r}")
    book.save(str(tmp_path / "old.xls"))
    assert check_limits(tmp_path / "old.xls") == [
        f"old.xls, sheet 'Action plan': the sheet has {MAX_ROWS + 1:,} rows, more than the {MAX_ROWS:,} a form may "
        "have: send the form on its own, without other data pasted into it"
    ]


def test_legacy_office_file_with_vba_macros(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + "Workbook".encode("utf-16-le")
        + b"\0" * 64
        + "_VBA_PROJECT_CUR".encode("utf-16-le")
    )
    [problem] = check_limits(path)
    assert problem.startswith("old.xls: this file is macro-enabled")


def test_limits_are_checked_before_any_parser_opens_the_file(tmp_path, monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("a parser opened a file the limits refuse")

    monkeypatch.setattr(parse_module, "open_form_file", must_not_open)
    path = write_action_plan_xlsx(tmp_path / "plan.xlsm")
    parsed = parse_module.parse_file(path)
    assert parsed.form_type is None and parsed.errors[0].startswith("plan.xlsm: this file is macro-enabled")


@pytest.mark.parametrize("suffix", [".xlsm", ".xltm", ".docm", ".dotm"])
def test_macro_enabled_suffixes(tmp_path, suffix):
    path = write_action_plan_xlsx(tmp_path / f"plan{suffix}")
    [problem] = check_limits(path)
    assert f"this file is macro-enabled ({suffix})" in problem
