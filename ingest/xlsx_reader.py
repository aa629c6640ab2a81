"""A fast .xlsx reader: the sheet values openpyxl's read-only mode gives, from one expat pass per sheet.

Profiling ingest (bench/README.md) showed openpyxl spending most of ingest's time: `load_workbook`
parses the whole stylesheet into objects and each sheet once just to find its size, and every
cell becomes an object. Ingest needs far less: each sheet's name, visibility and cell values (with
dates and their number format), which this module reads straight from the XML with expat.

It reproduces openpyxl's read-only, `data_only` results, which `ingest.readers.read_xlsx` has always
used: numbers cast as openpyxl casts them, date-formatted numbers converted with openpyxl's own
`from_excel` and `is_date_format` (1900 or 1904 epoch), shared and inline strings joined the same
way (phonetic runs left out, `_x005F_` unescaped), a formula cell giving its cached value, rows
padded to their last cell and missing rows as empty rows. Anything it does not expect raises
`UnsupportedWorkbook`, and the caller falls back to openpyxl.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

_WORKSHEET_REL = "/worksheet"
_NS = " "  # expat namespace separator: names arrive as 'uri local'


class UnsupportedWorkbook(Exception):
    """Something this reader does not handle; read the workbook with openpyxl instead."""


class _Unsafe(ValueError):
    """A DTD or entity declaration: never written by Office, and how XML bombs work."""


@dataclass
class XlsxSheet:
    """One worksheet: name, state ('visible', 'hidden', 'veryHidden'), part, and rows of (value, number format)."""

    name: str
    state: str
    part: str
    rows: list[list[tuple[Any, str | None]]]
    #: (row, column) -> fill colour 'RRGGBB' of cells with a solid fill: a RAG given as colour alone.
    fills: dict[tuple[int, int], str] = field(default_factory=dict)


def _local(name: str) -> str:
    return name.rsplit(_NS, 1)[-1]


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=_NS)

    def refuse(*_args: object) -> None:
        raise _Unsafe("DTD or entity declaration")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.buffer_text = True
    return parser


def _attr(attrs: dict[str, str], local: str) -> str | None:
    if local in attrs:
        return attrs[local]
    return next((v for k, v in attrs.items() if _local(k) == local), None)


def _parse(archive: zipfile.ZipFile, part: str, start: Any = None, end: Any = None, text: Any = None) -> None:
    parser = _parser()
    if start is not None:
        parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
    if end is not None:
        parser.EndElementHandler = lambda name: end(_local(name))
    if text is not None:
        parser.CharacterDataHandler = text
    with archive.open(part) as handle:
        parser.ParseFile(handle)


def _workbook(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str, str]], bool]:
    """[(sheet name, state, worksheet part)] in workbook order, and whether dates use the 1904 epoch."""
    rels: dict[str, tuple[str, str]] = {}

    def relationship(name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship":
            target = attrs.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            rels[attrs.get("Id", "")] = (str(PurePosixPath(target)), attrs.get("Type", ""))

    sheets: list[tuple[str, str, str]] = []
    date1904 = [False]

    def workbook(name: str, attrs: dict[str, str]) -> None:
        if name == "sheet":
            rid = _attr(attrs, "id") or ""
            if rid not in rels:
                raise UnsupportedWorkbook(f"sheet {attrs.get('name')} has no relationship")
            part, kind = rels[rid]
            if kind.endswith(_WORKSHEET_REL):  # chart sheets are not worksheets (openpyxl leaves them out too)
                sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), part))
        elif name == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
            date1904[0] = True

    _parse(archive, "xl/_rels/workbook.xml.rels", start=relationship)
    _parse(archive, "xl/workbook.xml", start=workbook)
    return sheets, date1904[0]


def _styles(archive: zipfile.ZipFile, names: set[str]) -> tuple[list[str], list[str | None]]:
    """The number format code of each cell style (cellXfs index), as openpyxl names it, and its
    solid fill colour ('RRGGBB', or None): CSPs give a RAG status as a coloured cell (issue 14)."""
    if "xl/styles.xml" not in names:
        raise UnsupportedWorkbook("no stylesheet")
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    xf_fills: list[int] = []
    fills: list[str | None] = []
    depth = {"cellXfs": False, "fill": False, "solid": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "numFmt":
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            depth["cellXfs"] = True
        elif name == "xf" and depth["cellXfs"]:
            xf_formats.append(int(attrs.get("numFmtId", 0)))
            xf_fills.append(int(attrs.get("fillId", 0) or 0))
        elif name == "fill":
            depth["fill"], depth["solid"] = True, False
            fills.append(None)
        elif name == "patternFill" and depth["fill"]:
            depth["solid"] = attrs.get("patternType") == "solid"
        elif name == "fgColor" and depth["fill"] and depth["solid"]:
            fills[-1] = _colour(attrs)

    def end(name: str) -> None:
        if name == "cellXfs":
            depth["cellXfs"] = False
        elif name == "fill":
            depth["fill"] = False

    _parse(archive, "xl/styles.xml", start=start, end=end)
    formats = [custom[i] if i in custom else BUILTIN_FORMATS.get(i, "General") for i in xf_formats]
    return formats, [fills[i] if i < len(fills) else None for i in xf_fills]


def _colour(attrs: dict[str, str]) -> str | None:
    """'RRGGBB' of an ARGB or indexed colour; theme colours are not resolved (None)."""
    if "rgb" in attrs:
        return attrs["rgb"][-6:].upper()
    if "indexed" in attrs:
        from openpyxl.styles.colors import COLOR_INDEX

        index = int(attrs["indexed"])
        return COLOR_INDEX[index][-6:].upper() if index < len(COLOR_INDEX) else None
    return None


def _strings(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    """The shared string table: each item's text runs joined, phonetic runs left out."""
    if "xl/sharedStrings.xml" not in names:
        return []
    strings: list[str] = []
    parts: list[str] = []
    state = {"in_t": False, "phonetic": 0}

    def start(name: str, _attrs: dict[str, str]) -> None:
        if name == "si":
            parts.clear()
        elif name == "rPh":
            state["phonetic"] += 1
        elif name == "t" and not state["phonetic"]:
            state["in_t"] = True

    def end(name: str) -> None:
        if name == "si":
            strings.append("".join(parts).replace("x005F_", ""))
        elif name == "rPh":
            state["phonetic"] -= 1
        elif name == "t":
            state["in_t"] = False

    def text(data: str) -> None:
        if state["in_t"]:
            parts.append(data)

    _parse(archive, "xl/sharedStrings.xml", start=start, end=end, text=text)
    return strings


def _column(reference: str) -> int:
    column = 0
    for char in reference:
        if "A" <= char <= "Z":
            column = column * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            column = column * 26 + ord(char) - 96
        else:
            break
    return column


class _SheetReader:
    """expat handlers turning one worksheet's XML into rows of (value, number format)."""

    def __init__(
        self, strings: list[str], formats: list[str], epoch: Any, fills: list[str | None] | None = None
    ) -> None:
        self.strings, self.formats, self.epoch = strings, formats, epoch
        self.fill_of = fills or []
        self.fills: dict[tuple[int, int], str] = {}
        self.date_styles = {i for i, f in enumerate(formats) if is_date_format(f)}
        self.timedelta_styles = {i for i, f in enumerate(formats) if is_timedelta_format(f)}
        self.rows: list[list[tuple[Any, str | None]]] = []
        self.row_number = 0
        self.column = 0
        self.cells: list[tuple[int, Any, str | None]] | None = None
        self.cell: dict[str, str] | None = None
        self.value: list[str] | None = None  # text of <v>
        self.inline: list[str] | None = None  # text of <is>
        self.in_t = False
        self.in_v = False
        self.phonetic = 0
        self.has_inline = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "row":
            self.row_number = int(float(attrs["r"])) if "r" in attrs else self.row_number + 1
            self.column = 0
            self.cells = []
        elif name == "c" and self.cells is not None:
            self.cell = attrs
            self.value, self.inline, self.has_inline = None, None, False
        elif self.cell is not None:
            if name == "v":
                self.value, self.in_v = [], True
            elif name == "is":
                self.inline, self.has_inline = [], True
            elif name == "rPh":
                self.phonetic += 1
            elif name == "t" and self.inline is not None and not self.phonetic:
                self.in_t = True

    def text(self, data: str) -> None:
        if self.in_v and self.value is not None:
            self.value.append(data)
        elif self.in_t and self.inline is not None:
            self.inline.append(data)

    def end(self, name: str) -> None:
        if name == "c" and self.cell is not None and self.cells is not None:
            self._finish_cell()
            self.cell = None
        elif name == "row" and self.cells is not None:
            self._finish_row()
            self.cells = None
        elif name == "v":
            self.in_v = False
        elif name == "t":
            self.in_t = False
        elif name == "rPh":
            self.phonetic -= 1

    def _finish_cell(self) -> None:
        attrs = self.cell or {}
        reference = attrs.get("r")
        if reference:
            self.column = _column(reference)
        else:
            self.column += 1
        data_type = attrs.get("t", "n")
        style = int(attrs.get("s", 0) or 0)
        fmt = self.formats[style] if style < len(self.formats) else None
        if style < len(self.fill_of) and self.fill_of[style] is not None:
            self.fills[(self.row_number, self.column)] = self.fill_of[style]  # type: ignore[assignment]
        raw = "".join(self.value) if self.value else None
        value: Any = raw or None
        if data_type == "inlineStr":
            value = "".join(self.inline or []) if self.has_inline else None
        elif value is not None:
            if data_type == "n":
                value = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
                if style in self.date_styles:
                    try:
                        value = from_excel(value, self.epoch, timedelta=style in self.timedelta_styles)
                    except (OverflowError, ValueError):
                        value = "#VALUE!"
            elif data_type == "s":
                value = self.strings[int(value)]
            elif data_type == "b":
                value = bool(int(value))
            elif data_type == "d":
                value = from_ISO8601(value)
            elif data_type not in ("str", "e"):
                raise UnsupportedWorkbook(f"cell type {data_type!r}")
        assert self.cells is not None  # noqa: S101 - set by <row>
        self.cells.append((self.column, value, fmt))

    def _finish_row(self) -> None:
        assert self.cells is not None  # noqa: S101 - set by <row>
        if self.row_number <= len(self.rows):
            return  # a row out of order or repeated: openpyxl skips it too
        while len(self.rows) < self.row_number - 1:
            self.rows.append([])  # rows the file leaves out are empty
        if not self.cells:
            self.rows.append([])
            return
        width = self.cells[-1][0]
        row: list[tuple[Any, str | None]] = [(None, None)] * width
        for column, value, fmt in self.cells:
            if 1 <= column <= width:
                row[column - 1] = (value, fmt)
        self.rows.append(row)


def read_sheets(archive: zipfile.ZipFile) -> list[XlsxSheet]:
    """Every worksheet of an open .xlsx archive, in workbook order."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        raise UnsupportedWorkbook("no workbook part")
    sheets, date1904 = _workbook(archive)
    formats, fills = _styles(archive, names)
    strings = _strings(archive, names)
    epoch = CALENDAR_MAC_1904 if date1904 else WINDOWS_EPOCH
    out = []
    for name, state, part in sheets:
        if part not in names:
            raise UnsupportedWorkbook(f"sheet part {part} missing")
        reader = _SheetReader(strings, formats, epoch, fills)
        _parse(archive, part, start=reader.start, end=reader.end, text=reader.text)
        out.append(XlsxSheet(name, state, part, reader.rows, reader.fills))
    return out
