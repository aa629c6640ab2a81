"""Low-level readers: spreadsheets and Word tables become `Grid`s, and labels are found in them.

Every source (an .xlsx or .xls sheet, a .docx table) is turned into the same plain `Grid`: rows of
cell values plus a map of merged cells. The form parsers work on grids only, so one action-plan
parser reads .xlsx, .xls and .docx alike, and parsing needs no open file handles (grids pickle,
so parsing can later move to worker processes).

Labels are matched after folding case, punctuation, stray spaces, colons and line breaks, so
'RECOMMENDATION', 'Rec. No.' and 'Progress as at:' match the spec labels 'Recommendation',
'Rec. no.' and 'Progress as at' (form_contract/spec.py).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from xml.parsers import expat

from form_contract.spec import Field
from ingest.labels import LabelMatcher, fold, matcher
from ingest.values import MonthCell, is_blank

Cell = Any  # str | int | float | bool | date | datetime | time | MonthCell | None


def clean_label(text: Any) -> str:
    """A label as written, tidied for quoting in a message (line breaks and spaces collapsed)."""
    return " ".join(str(text).split()).rstrip(":").strip()


@dataclass
class Grid:
    """A sheet or a Word table as plain values. Rows and columns are 1-based, as people count them."""

    name: str  # the sheet name, or 'table N' for the Nth table of a .docx (the lineage source_sheet)
    kind: Literal["sheet", "table"]
    rows: list[list[Cell]]
    #: (row, col) of a cell covered by a merge -> (row, col) of the merge's top-left cell.
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    hidden: bool = False
    #: (row, col) -> 'RRGGBB' of cells with a solid fill or shading (a RAG status given as colour).
    fills: dict[tuple[int, int], str] = field(default_factory=dict)

    def fill(self, row: int, col: int) -> str | None:
        origin = self.merged.get((row, col)) or (row, col)
        return self.fills.get(origin)

    @property
    def where(self) -> str:
        """How an error message names this grid: "sheet 'Action plan'" or 'table 2'."""
        return f"sheet '{self.name}'" if self.kind == "sheet" else self.name

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def raw(self, row: int, col: int) -> Cell:
        """The value stored in the cell itself (None for a merged-over cell)."""
        if 1 <= row <= len(self.rows):
            cells = self.rows[row - 1]
            if 1 <= col <= len(cells):
                return cells[col - 1]
        return None

    def merge_origin(self, row: int, col: int) -> tuple[int, int] | None:
        """The top-left cell of the merge covering (row, col), if (row, col) is merged over."""
        return self.merged.get((row, col))

    def value(self, row: int, col: int) -> Cell:
        """The value shown in a cell: a merged-over cell shows its merge's top-left value."""
        origin = self.merged.get((row, col))
        return self.raw(*origin) if origin else self.raw(row, col)

    def is_blank_row(self, row: int) -> bool:
        return all(is_blank(v) for v in self.rows[row - 1]) if 1 <= row <= len(self.rows) else True


# --------------------------------------------------------------------------------------------
# Finding labels
# --------------------------------------------------------------------------------------------
@dataclass
class HeaderMatch:
    """A table's header row: which column holds which field, and the label as written."""

    row: int
    columns: dict[str, int]  # field name -> column
    labels: dict[str, str]  # field name -> header text as written
    unrecognised: list[tuple[int, str]]  # (column, text as written) of header cells matching no field


def match_header_row(grid: Grid, row: int, fields: Sequence[Field], labels: LabelMatcher | None = None) -> HeaderMatch:
    labels = labels if labels is not None else matcher(fields)
    columns: dict[str, int] = {}
    written: dict[str, str] = {}
    unrecognised: list[tuple[int, str]] = []
    for col, value in enumerate(grid.rows[row - 1] if row <= grid.n_rows else [], start=1):
        if not isinstance(value, str) or is_blank(value) or grid.merge_origin(row, col):
            continue
        if len(value) > labels.max_length:  # a sentence, not a heading
            unrecognised.append((col, value))
            continue
        f = labels.field(value)
        if f is None:
            unrecognised.append((col, value))  # as written; clean_label() when it is shown
        elif f.name not in columns:  # a repeated heading: the first column is the field
            columns[f.name] = col
            written[f.name] = clean_label(value)
    return HeaderMatch(row, columns, written, unrecognised)


def find_header_row(
    grid: Grid, fields: Sequence[Field], *, min_matches: int = 2, search_rows: int = 40, start_row: int = 1
) -> HeaderMatch | None:
    """The row (within the first `search_rows`) whose cells match most field labels; None if none match enough."""
    best: HeaderMatch | None = None
    labels = matcher(fields)
    for row in range(start_row, min(grid.n_rows, start_row + search_rows - 1) + 1):
        if sum(isinstance(v, str) and 0 < len(v) <= labels.max_length for v in grid.rows[row - 1]) < min_matches:
            continue  # too few short texts to be the header row (headings are short texts)
        match = match_header_row(grid, row, fields, labels)
        if len(match.columns) >= min_matches and (best is None or len(match.columns) > len(best.columns)):
            best = match
    return best


@dataclass
class KeyValue:
    """A 'label | value' row of a header block (data capture Case sheet, plan header, Annex C title table)."""

    field: Field
    label: str  # as written
    value: Cell
    row: int
    col: int  # where the value was found


def read_key_values(
    grid: Grid,
    fields: Sequence[Field],
    *,
    label_col: int = 1,
    value_cols: Sequence[int] = (2, 3),
    rows: Iterable[int] | None = None,
) -> dict[str, KeyValue]:
    """Header fields written as label in one column and value beside it.

    The value is the first non-blank of `value_cols` (people sometimes leave a column between
    label and value); 'Label: value' in the label cell itself is also read. The first row for a
    field wins. Fields whose label is absent are missing from the result; fields whose label is
    there but whose value is blank are present with value None.
    """
    labels = matcher(fields)
    found: dict[str, KeyValue] = {}
    for row in rows if rows is not None else range(1, grid.n_rows + 1):
        label_cell = grid.raw(row, label_col)
        if is_blank(label_cell) or not isinstance(label_cell, str):
            continue
        f = None
        inline: Cell = None
        head, colon, tail = label_cell.partition(":")
        if colon and tail.strip():  # 'Progress as at: 31/03/2025' in one cell
            f = labels.field(head)
            if f is not None:
                inline, label_cell = tail.strip(), head
        if f is None:
            f = labels.field(label_cell)
        if f is None or f.name in found:
            continue
        value, col = inline, label_col
        if value is None:
            for candidate in value_cols:
                if grid.merge_origin(row, candidate) == (row, label_col):
                    continue  # the label cell merged across: not a value
                cell = grid.value(row, candidate)
                if not is_blank(cell):
                    value, col = cell, candidate
                    break
            else:
                col = value_cols[0] if value_cols else label_col
        found[f.name] = KeyValue(f, clean_label(label_cell), value, row, col)
    return found


# --------------------------------------------------------------------------------------------
# Spreadsheets
# --------------------------------------------------------------------------------------------
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _format_has_day(number_format: str | None) -> bool:
    """Whether an Excel number format shows the day ('dd/mm/yyyy' yes, 'mmm-yy' no)."""
    if not number_format:
        return True
    return "d" in _QUOTED_OR_BRACKETED.sub("", number_format).lower()


def _xlsx_cell(cell: Any) -> Cell:
    value = cell.value
    if isinstance(value, datetime | date) and not _format_has_day(getattr(cell, "number_format", None)):
        return MonthCell(value.year, value.month)
    return value


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+[0-9]+:[A-Za-z]+[0-9]+)"')


def _merged_from_xml(archive: zipfile.ZipFile, part: str | None) -> dict[tuple[int, int], tuple[int, int]]:
    """Merged ranges of a worksheet, read from its XML `<mergeCell ref="A9:A11"/>` elements."""
    from openpyxl.utils.cell import range_boundaries

    merged: dict[tuple[int, int], tuple[int, int]] = {}
    if not part or part not in archive.namelist():
        return merged
    for ref in _MERGE_CELL.findall(archive.read(part)):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii"))
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                if (r, c) != (min_row, min_col):
                    merged[(r, c)] = (min_row, min_col)
    return merged


def read_xlsx(path: Path) -> list[Grid]:
    """Every sheet of an .xlsx/.xlsm workbook, with formulas as their last computed values.

    Read by `ingest.xlsx_reader` (one expat pass per sheet, several times faster), which gives
    what openpyxl's read-only mode gives; a workbook it does not handle is read with openpyxl.
    """
    from ingest.xlsx_reader import UnsupportedWorkbook, read_sheets

    with Path(path).open("rb") as handle, zipfile.ZipFile(handle) as archive:
        try:
            sheets = read_sheets(archive)
        except (UnsupportedWorkbook, KeyError, ValueError, IndexError, expat.ExpatError):
            return read_xlsx_openpyxl(path)
        grids = []
        for sheet in sheets:
            rows = [[_value_cell(value, fmt) for value, fmt in row] for row in sheet.rows]
            while rows and all(is_blank(v) for v in rows[-1]):
                rows.pop()
            grids.append(
                Grid(
                    sheet.name,
                    "sheet",
                    rows,
                    _merged_from_xml(archive, sheet.part),
                    hidden=sheet.state != "visible",
                    fills=sheet.fills,
                )
            )
        return grids


def _value_cell(value: Any, number_format: str | None) -> Cell:
    """As `_xlsx_cell`, from a value and its number format."""
    if isinstance(value, datetime | date) and not _format_has_day(number_format):
        return MonthCell(value.year, value.month)
    return value


def read_xlsx_openpyxl(path: Path) -> list[Grid]:
    """Every sheet of an .xlsx/.xlsm workbook read with openpyxl, formulas as their last computed values.

    Read-only mode, because binding merged cells in openpyxl's normal mode re-styles every cell of
    every merge and takes most of the time on action plans; merged ranges are read from the sheet
    XML instead. data_only=True so a formula cell gives the value Excel last computed.
    """
    from openpyxl import load_workbook

    # Opened as a file object: openpyxl refuses paths whose suffix is not .xlsx/.xlsm, but the
    # form type comes from the content (a workbook saved as 'plan.docx' is still read).
    with Path(path).open("rb") as handle, zipfile.ZipFile(handle) as archive:
        workbook = load_workbook(handle, data_only=True, read_only=True)
        try:
            grids = []
            for ws in workbook.worksheets:
                # Some writers record a wrong sheet size; forget it so every row and column is read.
                ws.reset_dimensions()
                rows = [[_xlsx_cell(c) for c in row] for row in ws.iter_rows()]
                while rows and all(is_blank(v) for v in rows[-1]):
                    rows.pop()
                merged = _merged_from_xml(archive, getattr(ws, "_worksheet_path", None))
                grids.append(Grid(ws.title, "sheet", rows, merged, hidden=ws.sheet_state != "visible"))
            return grids
        finally:
            workbook.close()


def read_xls(path: Path) -> list[Grid]:
    """Every sheet of an Excel 97-2003 .xls workbook (xlrd), dates converted with the book's date mode."""
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    try:
        grids = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows: list[list[Cell]] = []
            for r in range(sheet.nrows):
                row: list[Cell] = []
                for c in range(sheet.ncols):
                    cell = sheet.cell(r, c)
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                        # A date cell formatted without a day ('Mar-24') is a month, as in .xlsx.
                        row.append(
                            value
                            if _format_has_day(_xls_format(book, cell.xf_index))
                            else MonthCell(value.year, value.month)
                        )
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                        row.append(None)
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        row.append(bool(cell.value))
                    else:
                        row.append(cell.value)
                rows.append(row)
            merged: dict[tuple[int, int], tuple[int, int]] = {}
            for r0, r1, c0, c1 in sheet.merged_cells:  # half-open, 0-based
                for r in range(r0, r1):
                    for c in range(c0, c1):
                        if (r, c) != (r0, c0):
                            merged[(r + 1, c + 1)] = (r0 + 1, c0 + 1)
            grids.append(Grid(sheet.name, "sheet", rows, merged, hidden=sheet.visibility != 0))
            book.unload_sheet(index)
        return grids
    finally:
        book.release_resources()


def _xls_format(book: Any, xf_index: int) -> str | None:
    """The number format of an .xls cell ('DD/MM/YYYY', 'MMM-YY'), if the workbook says."""
    try:
        return book.format_map[book.xf_list[xf_index].format_key].format_str
    except (AttributeError, IndexError, KeyError):
        return None


def find_sheet(grids: Sequence[Grid], name: str) -> Grid | None:
    """The sheet called `name`, ignoring case, spaces and punctuation ('Action Plan ' = 'Action plan')."""
    wanted = fold(name)
    return next((g for g in grids if fold(g.name) == wanted), None)


# --------------------------------------------------------------------------------------------
# Word documents
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Paragraph:
    """A body paragraph of a .docx, in document order."""

    text: str
    style: str  # style name, e.g. 'Heading 2', 'Normal'
    index: int  # position among body paragraphs, 1-based

    @property
    def is_heading(self) -> bool:
        return self.style.lower().startswith(("heading", "title"))


@dataclass(frozen=True)
class TableRef:
    """Where a table sits in the body: `Document.tables[number - 1]`."""

    number: int


@dataclass
class DocxContent:
    """A .docx body: paragraphs and tables in order, and every top-level table as a Grid."""

    blocks: list[Paragraph | TableRef]
    tables: list[Grid]

    def table(self, number: int) -> Grid:
        return self.tables[number - 1]


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_R, _W_HYPERLINK = f"{{{_W_NS}}}r", f"{{{_W_NS}}}hyperlink"
#: Run children that carry text, as python-docx's CT_R.text selects them (br, cr, noBreakHyphen, ptab, t, tab).
_RUN_TEXT_TAGS = frozenset(f"{{{_W_NS}}}{t}" for t in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))


def _paragraph_text(p: Any) -> str:
    """python-docx's ``CT_P.text`` without its XPath queries (compiled anew on every call).

    The same children in the same order (runs and hyperlinks' runs), each turned into text by
    python-docx's own element classes (``str(e)``: a tab is "\t", a line break "\n").
    """
    parts: list[str] = []
    for child in p:
        if child.tag == _W_R:
            parts.extend(str(e) for e in child if e.tag in _RUN_TEXT_TAGS)
        elif child.tag == _W_HYPERLINK:
            parts.extend(str(e) for run in child if run.tag == _W_R for e in run if e.tag in _RUN_TEXT_TAGS)
    return "".join(parts)


def _table_grid(table: Any, number: int) -> Grid:
    """A Word table as a Grid, with horizontal (gridSpan) and vertical (vMerge) merges resolved.

    A cell's text is python-docx's ``_Cell.text`` ("\n".join of its paragraphs' text), taken from
    the XML elements directly: building a proxy object per cell and per paragraph was a third of
    reading a scoping review (bench/README.md, ingest profile).
    """
    rows: list[list[Cell]] = []
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    fills: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table._tbl.tr_lst, start=1):
        row: list[Cell] = []
        col = 1 + (tr.grid_before or 0)
        row.extend([None] * (col - 1))
        for tc in tr.tc_lst:
            span = tc.grid_span or 1
            if tc.vMerge == "continue":
                for k in range(span):
                    above = (r - 1, col + k)
                    merged[(r, col + k)] = merged.get(above, above)
                    row.append(None)
            else:
                row.append("\n".join(_paragraph_text(p) for p in tc.p_lst))
                shade = _cell_shading(tc)
                if shade:
                    fills[(r, col)] = shade
                for k in range(1, span):
                    merged[(r, col + k)] = (r, col)
                    row.append(None)
            col += span
        rows.append(row)
    return Grid(f"table {number}", "table", rows, merged, fills=fills)


_W_SHD, _W_FILL = f"{{{_W_NS}}}shd", f"{{{_W_NS}}}fill"


_W_TCPR = f"{{{_W_NS}}}tcPr"


def _cell_shading(tc: Any) -> str | None:
    """'RRGGBB' of a Word table cell's shading, if it has one (a RAG status given as colour)."""
    tc_pr = tc.find(_W_TCPR)  # lxml directly: python-docx's property costs more on every cell
    if tc_pr is None:
        return None
    shd = tc_pr.find(_W_SHD)
    fill = shd.get(_W_FILL) if shd is not None else None
    return fill.upper() if fill and fill.lower() != "auto" and len(fill) == 6 else None


def read_docx(path: Path) -> DocxContent:
    """The body of a .docx: paragraphs (text and style) and top-level tables, in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    document = docx.Document(str(path))
    blocks: list[Paragraph | TableRef] = []
    tables: list[Grid] = []
    paragraph_count = 0
    style_names: dict[str | None, str] = {}  # style id -> name: one lookup per style, not per paragraph
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            tables.append(_table_grid(item, len(tables) + 1))
            blocks.append(TableRef(len(tables)))
        elif isinstance(item, DocxParagraph):
            paragraph_count += 1
            style_id = item._p.style
            if style_id not in style_names:
                try:
                    style = item.style.name if item.style is not None else ""
                except (KeyError, ValueError):  # a style id the document does not define
                    style = ""
                style_names[style_id] = style or ""
            blocks.append(Paragraph(_paragraph_text(item._p), style_names[style_id], paragraph_count))
    return DocxContent(blocks, tables)


def paragraphs(content: DocxContent) -> Iterator[Paragraph]:
    return (b for b in content.blocks if isinstance(b, Paragraph))
