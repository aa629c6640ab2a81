"""The fast .xlsx reader (ingest/xlsx_reader.py) gives exactly what openpyxl's read-only mode gave.

Compared value by value, with types (1, 1.0 and True are different values here), on LibreOffice
workbooks and on a workbook built to hold every kind of cell a form may carry.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from ingest.readers import read_xlsx, read_xlsx_openpyxl
from ingest.values import MonthCell
from ingest.xlsx_reader import read_sheets

LIBREOFFICE = Path(__file__).parent / "fixtures" / "libreoffice"


def fast_path_reads(path: Path) -> bool:
    """True if the fast reader itself reads the file (read_xlsx would otherwise fall back to openpyxl)."""
    with zipfile.ZipFile(path) as archive:
        return len(read_sheets(archive)) > 0


def typed(grids) -> list:
    return [(g.name, g.hidden, g.merged, [[(type(v).__name__, v) for v in row] for row in g.rows]) for g in grids]


@pytest.mark.parametrize("path", sorted(LIBREOFFICE.glob("*.xlsx")), ids=lambda p: p.name)
def test_libreoffice_workbooks_read_the_same(path):
    assert fast_path_reads(path)
    assert typed(read_xlsx(path)) == typed(read_xlsx_openpyxl(path))


@pytest.mark.parametrize("epoch", ["1900", "1904"])
def test_every_kind_of_cell_reads_the_same(tmp_path, epoch):
    workbook = Workbook()
    if epoch == "1904":
        workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.title = "Action plan"
    sheet.append(["Rec. no.", "Action", "Target date", "Month", "Done", "Share", "Count", "Time"])
    sheet.append([1, "Train staff", datetime(2024, 3, 31), datetime(2024, 6, 1), True, 0.5, 3, time(9, 30)])
    sheet["D2"].number_format = "mmm-yy"
    sheet.append(
        [
            "1.2",
            CellRichText(["Rich ", TextBlock(InlineFont(b=True), "bold")]),
            date(2025, 1, 2),
            None,
            False,
            1e-7,
            -12,
            "=1+1",
        ]
    )
    sheet.append([])
    sheet["C6"] = "after a gap"
    sheet["C6"].number_format = "dd/mm/yyyy"
    sheet.merge_cells("A7:C8")
    sheet["A7"] = "merged"
    hidden = workbook.create_sheet("Lists")
    hidden.sheet_state = "hidden"
    hidden.append(["RED", "AMBER", "GREEN"])
    workbook.create_sheet("Empty")
    path = tmp_path / "plan.xlsx"
    workbook.save(path)

    assert fast_path_reads(path)
    fast = read_xlsx(path)
    assert typed(fast) == typed(read_xlsx_openpyxl(path))
    action = fast[0]
    assert action.raw(2, 4) == MonthCell(2024, 6) and action.raw(2, 3) == datetime(2024, 3, 31)
    assert action.raw(3, 2) == "Rich bold" and action.raw(2, 5) is True and action.raw(6, 3) == "after a gap"
    assert action.merge_origin(8, 3) == (7, 1)
    assert [g.hidden for g in fast] == [False, True, False]
