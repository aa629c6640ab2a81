"""The Researcher page's downloads: one aggregate table as CSV or as an XLSX workbook with an
"About" sheet (topic, filters, reporting date, and the disclosure note)."""

from __future__ import annotations

import io
import re
from datetime import date

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboards.disclosure import note
from dashboards.formatting import fmt_date

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_stem(topic: str) -> str:
    return "DHR " + re.sub(r"[^A-Za-z0-9]+", " ", topic).strip().lower() + " by year and region"


def to_csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens it with the right characters."""
    return b"\xef\xbb\xbf" + frame.write_csv().encode("utf-8")


def to_xlsx_bytes(frame: pl.DataFrame, topic: str, filters_text: str, reporting_date: date | None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(list(frame.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in frame.iter_rows():
        ws.append(list(row))
    for i, name in enumerate(frame.columns, start=1):
        width = max([len(str(name)), *(len(str(v)) for v in frame.get_column(name).head(200).to_list())])
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))
    ws.freeze_panes = "A2"
    about = wb.create_sheet("About")
    for label, value in (
        ("Topic", topic),
        ("Filters", filters_text),
        ("Reporting date", fmt_date(reporting_date)),
        ("Unit", "Aggregates by year of notification and region; never a row about a DHR, a person or an action."),
        ("Disclosure control", note()),
        ("Source", "DHR Learning Warehouse (synthetic data in this repository)."),
    ):
        about.append([label, value])
        about.cell(row=about.max_row, column=1).font = Font(bold=True)
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
