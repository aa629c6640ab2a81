"""Form type from content, not file name; unreadable formats rejected with what to do instead."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime

import docx
import pytest
from ingest_builders import write_action_plan_docx, write_action_plan_xlsx, write_data_capture_xlsx, write_scoping_docx
from openpyxl import Workbook

from ingest.detect import detect_form_type, open_form_file, sniff
from ingest.parse import parse_file
from ingest.parsed import FormRejected


def detected(path) -> str:
    return detect_form_type(open_form_file(path), path.name).form_type


def test_form_type_comes_from_content_not_the_file_name(tmp_path):
    # Every file is misleadingly named.
    assert detected(write_data_capture_xlsx(tmp_path / "action plan.xlsx")) == "data_capture"
    assert detected(write_action_plan_xlsx(tmp_path / "data capture.xlsx")) == "action_plan"
    assert detected(write_scoping_docx(tmp_path / "action plan.docx")) == "scoping_review"
    assert detected(write_action_plan_docx(tmp_path / "scoping review.docx")) == "action_plan"


def test_content_wins_over_a_wrong_suffix(tmp_path):
    renamed = write_scoping_docx(tmp_path / "review.docx").rename(tmp_path / "review.xlsx")
    assert sniff(renamed) == "docx"
    assert detected(renamed) == "scoping_review"
    renamed = write_action_plan_xlsx(tmp_path / "plan.xlsx").rename(tmp_path / "plan.docx")
    assert sniff(renamed) == "xlsx"
    assert detected(renamed) == "action_plan"
    no_suffix = write_data_capture_xlsx(tmp_path / "dc.xlsx").rename(tmp_path / "dc")
    assert detected(no_suffix) == "data_capture"


def test_unknown_workbook_and_document_rejected_with_a_clear_message(tmp_path):
    wb = Workbook()
    wb.active["A1"] = "Budget 2025"
    wb.save(tmp_path / "budget.xlsx")
    with pytest.raises(FormRejected, match=r"budget\.xlsx: this workbook is not one of the DHR forms"):
        detected(tmp_path / "budget.xlsx")
    document = docx.Document()
    document.add_paragraph("Minutes of the panel meeting")
    document.save(str(tmp_path / "minutes.docx"))
    with pytest.raises(FormRejected, match=r"minutes\.docx: this Word document is not one of the DHR forms"):
        detected(tmp_path / "minutes.docx")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "plan.pdf",
            b"%PDF-1.7\n...",
            "is a PDF, which cannot be read as a form: send the form itself, saved as .docx",
        ),
        (
            "review.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"),
            r"Word 97-2003 document \(.doc\).*save it as a Word Document \(.docx\)",
        ),
        ("review.doc", b"not really a word file", r"Word 97-2003 document \(.doc\).*\(.docx\)"),
        ("review.odt", b"some bytes", r"OpenDocument text file \(.odt\).*\(.docx\)"),
        ("plan.ods", b"some bytes", r"OpenDocument spreadsheet \(.ods\).*\(.xlsx\)"),
        (
            "plan.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "password-protected",
        ),
        ("notes.txt", b"hello", "not a form the warehouse reads"),
    ],
)
def test_unreadable_formats_rejected_with_what_to_send(tmp_path, csps, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    parsed = parse_file(path, csps=csps)
    assert parsed.form_type is None and not parsed.accepted
    [error] = parsed.errors
    assert error.startswith(f"{name}: ")
    assert re.search(message, error), error


def test_odt_detected_from_its_content(tmp_path, csps):
    path = tmp_path / "review.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    [error] = parse_file(path, csps=csps).errors
    assert "OpenDocument text file (.odt)" in error


def test_truncated_xlsx_rejected_as_damaged(tmp_path, csps):
    good = write_action_plan_xlsx(tmp_path / "plan.xlsx")
    data = good.read_bytes()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(data[: len(data) // 2])
    [error] = parse_file(broken, csps=csps).errors
    assert error.startswith("broken.xlsx: the file could not be opened")
    assert "damaged" in error and "save it again" in error


def test_xls_workbook_read_with_xlrd(tmp_path, csps):
    """An Excel 97-2003 workbook (written with xlwt when it is installed) is read through xlrd."""
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Action plan")
    sheet.write(0, 0, "Action plan")
    rows = [
        ("Community Safety Partnership", "Medway"),
        ("Local DHR reference", "DHR 1"),
        ("Progress as at", datetime(2025, 3, 31)),
    ]
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, (label, value) in enumerate(rows, start=1):
        sheet.write(r, 0, label)
        sheet.write(r, 1, value, date_style)
    header = [
        "Rec. no.",
        "Recommendation",
        "Action no.",
        "Action",
        "Lead agency",
        "Outcome that action will achieve",
        "Target date",
        "Overall RAG",
    ]
    for c, label in enumerate(header):
        sheet.write(5, c, label)
    for c, value in enumerate([1, "Rec", "1.1", "Act", "Police", "Outcome", "Mar 2026", "GREEN"]):
        sheet.write(6, c, value)
    book.save(str(tmp_path / "plan.xls"))
    parsed = parse_file(tmp_path / "plan.xls", csps=csps)
    assert parsed.errors == []
    [plan] = parsed.rows["action_plan__plans"]
    assert (plan["file_format"], plan["as_at_date"]) == ("xls", date(2025, 3, 31))
    [action] = parsed.rows["action_plan__actions"]
    assert (action["recommendation_number"], action["target_date"], action["status"]) == (1, date(2026, 3, 31), "green")
