"""Spreadsheet helpers shared by the .xlsx writers: styles, drop-down lists, validations.

Style objects are module-level and reused for every cell and every workbook: openpyxl keeps one
entry per distinct style, and building them once keeps the per-file cost low.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from dhr.forms._common import DATE_FORMAT, STATUS_COLOURS
from form_contract.spec import Field

TITLE_FONT = Font(bold=True, size=14)
MARKING_FONT = Font(bold=True, color="C00000")
BOLD = Font(bold=True)
ITALIC = Font(italic=True, color="595959")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SECTION_FILL = PatternFill("solid", fgColor="EDEDED")
NA_FILL = PatternFill("solid", fgColor="BFBFBF")
RESTRICTED_FILL = PatternFill("solid", fgColor="FCE4D6")
STATUS_FILLS = {word: PatternFill("solid", fgColor=colour) for word, colour in STATUS_COLOURS.items()}
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

#: Last row the column validations of a person/action table reach, so CSPs can add rows.
VALIDATION_LAST_ROW = 200

#: Dates a DHR form can hold: DHRs exist from 13 April 2011 (001 L32); deaths a little earlier.
_DATE_MIN = date(2000, 1, 1)
_DATE_MAX = date(2099, 12, 31)
_EXCEL_EPOCH = date(1899, 12, 30)


class Styles:
    """Per-workbook cache of cell style arrays.

    Assigning an openpyxl style object hashes it (slow); a combination is resolved once per
    workbook and later cells just copy its style array.
    """

    def __init__(self) -> None:
        self._arrays: dict[tuple, StyleArray] = {}

    def apply(
        self,
        cell,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        alignment: Alignment | None = None,
        border: Border | None = None,
        number_format: str | None = None,
    ):
        key = (id(font), id(fill), id(alignment), id(border), number_format)
        array = self._arrays.get(key)
        if array is None:
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
            if alignment is not None:
                cell.alignment = alignment
            if border is not None:
                cell.border = border
            if number_format is not None:
                cell.number_format = number_format
            self._arrays[key] = StyleArray(cell._style)
        else:
            cell._style = StyleArray(array)
        return cell


def styles(ws: Worksheet) -> Styles:
    """The style cache of the workbook `ws` belongs to."""
    wb = ws.parent
    cache = getattr(wb, "_dhr_styles", None)
    if cache is None:
        cache = Styles()
        wb._dhr_styles = cache
    return cache


def styled(ws: Worksheet, row: int, col: int, value: object = None, **style):
    """Write a cell with a value and a cached style (see `Styles.apply`)."""
    cell = ws.cell(row=row, column=col, value=value)
    return styles(ws).apply(cell, **style)


def merge(ws: Worksheet, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
    """Merge a range whose cells are not written yet.

    `Worksheet.merge_cells` then re-formats every cell of the range (copying protection and
    borders), which dominated the cost of an action plan; for a range that is still empty the
    result is the same without it. Cells are styled after merging (see `Styles`).
    """
    mcr = MergedCellRange(
        ws, CellRange(min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row).coord
    )
    ws.merged_cells.ranges.add(mcr)  # (MultiCellRange.add checks containment against every range)
    for row in range(start_row, end_row + 1):
        for col in range(start_column, end_column + 1):
            if (row, col) != (start_row, start_column):
                ws._cells[(row, col)] = MergedCell(ws, row, col)


def _serial(d: date) -> int:
    return (d - _EXCEL_EPOCH).days


class ListsSheet:
    """The hidden `Lists` sheet: one column per code list (labels), and the validations using it."""

    def __init__(self, ws: Worksheet, lists: Iterable[tuple[str, Sequence[str]]]) -> None:
        self.ws = ws
        self._ranges: dict[str, str] = {}
        ws.sheet_state = "hidden"
        for col, (name, labels) in enumerate(lists, start=1):
            letter = get_column_letter(col)
            styled(ws, 1, col, name, font=BOLD)
            for row, label in enumerate(labels, start=2):
                ws.cell(row=row, column=col, value=label)
            ws.column_dimensions[letter].width = 30
            self._ranges[name] = f"{ws.title}!${letter}$2:${letter}${len(labels) + 1}"
        self._validations: dict[tuple[int, str], DataValidation] = {}

    def formula(self, name: str) -> str:
        return self._ranges[name]

    def list_validation(self, ws: Worksheet, name: str, title: str | None = None) -> DataValidation:
        """The drop-down validation of code list `name` on sheet `ws` (one per sheet and list)."""
        key = (id(ws), name)
        dv = self._validations.get(key)
        if dv is None:
            dv = DataValidation(
                type="list",
                formula1=self._ranges[name],
                allow_blank=True,
                showErrorMessage=True,
                showInputMessage=bool(title),
            )
            dv.errorTitle = "Not on the list"
            dv.error = "Choose a value from the drop-down list."
            if title:
                dv.promptTitle = title[:32]
                dv.prompt = "Choose from the list."
            ws.add_data_validation(dv)
            self._validations[key] = dv
        return dv


def compact_ranges(cells: Iterable[tuple[int, int]]) -> str:
    """A sqref string for (column, row) cells, runs of rows in a column joined as ranges ("D4:D13 E5")."""
    by_col: dict[int, list[int]] = {}
    for col, row in cells:
        by_col.setdefault(col, []).append(row)
    parts = []
    for col in sorted(by_col):
        letter = get_column_letter(col)
        rows = sorted(by_col[col])
        start = prev = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == prev + 1:
                prev = row
                continue
            parts.append(f"{letter}{start}" if start == prev else f"{letter}{start}:{letter}{prev}")
            if row is not None:
                start = prev = row
    return " ".join(parts)


def date_validation(ws: Worksheet) -> DataValidation:
    dv = DataValidation(
        type="date",
        operator="between",
        formula1=str(_serial(_DATE_MIN)),
        formula2=str(_serial(_DATE_MAX)),
        allow_blank=True,
        showErrorMessage=True,
    )
    dv.errorTitle = "Not a date"
    dv.error = "Enter a date as dd/mm/yyyy."
    ws.add_data_validation(dv)
    return dv


def whole_validation(ws: Worksheet, low: int, high: int, what: str) -> DataValidation:
    dv = DataValidation(
        type="whole", operator="between", formula1=str(low), formula2=str(high), allow_blank=True, showErrorMessage=True
    )
    dv.errorTitle = f"Not a valid {what}"
    dv.error = f"Enter a whole number from {low} to {high}."
    ws.add_data_validation(dv)
    return dv


def integer_bounds(f: Field) -> tuple[int, int, str]:
    """Whole-number bounds of an integer field: ages 0-120, counts and numbers 0-999."""
    if f.name == "age":
        return 0, 120, "age"
    if f.name == "children_in_household":
        return 0, 30, "number of children"
    return 0, 999, "number"


def write_header_row(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for col, text in enumerate(headers, start=1):
        styled(ws, row, col, text, font=BOLD, fill=HEADER_FILL, alignment=WRAP_TOP, border=BOX)


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def field_width(f: Field) -> float:
    if f.kind == "long_text":
        return 45
    if f.kind in ("date", "target_date"):
        return 13
    if f.kind == "integer":
        return 10
    if f.kind == "code":
        return 24
    return 20


def write_cell(
    ws: Worksheet,
    row: int,
    col: int,
    value: object,
    f: Field | None = None,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
):
    """Write one data cell: boxed, wrapped, dates formatted dd/mm/yyyy."""
    fmt = DATE_FORMAT if f is not None and f.kind in ("date", "target_date") else None
    return styled(ws, row, col, value, font=font, fill=fill, alignment=WRAP_TOP, border=BOX, number_format=fmt)


def add_field_validation(
    ws: Worksheet,
    lists: ListsSheet,
    f: Field,
    ref: str,
    date_dv: DataValidation | None,
    whole_dvs: dict[str, DataValidation],
) -> None:
    """Attach the validation a field's kind calls for to the cells `ref` (e.g. "B7" or "C4:C200")."""
    if f.kind == "code" and f.code_list:
        lists.list_validation(ws, f.code_list, f.label).add(ref)
    elif f.kind in ("date", "target_date") and date_dv is not None:
        date_dv.add(ref)
    elif f.kind == "integer":
        low, high, what = integer_bounds(f)
        key = f"{low}-{high}"
        if key not in whole_dvs:
            whole_dvs[key] = whole_validation(ws, low, high, what)
        whole_dvs[key].add(ref)


def page_setup(ws: Worksheet, marking: str, landscape: bool = True) -> None:
    """Print set-up: landscape, fit to width, the protective marking in the page header."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.oddHeader.center.text = marking
    ws.oddFooter.center.text = "Page &P of &N"
