"""Limits that protect the machine, checked on a received file BEFORE any parser opens it.

A form is a few hundred kilobytes: a workbook of a few hundred rows, or a Word document of a few
pages. Anything far bigger, or built to become big when opened, is refused before openpyxl,
xlrd or python-docx see it, with a message that tells the CSP officer what to send instead:

* `MAX_FILE_BYTES`: the file on disk (25 MB; the largest real form we expect is well under 2 MB).
  ingest/pipeline.py checks it from the file system before the file is hashed or stored.
* `MAX_UNCOMPRESSED_BYTES` and `MAX_COMPRESSION_RATIO`: an .xlsx/.docx is a zip archive, and a
  "zip bomb" is a small archive that inflates to gigabytes. The sizes the archive declares are
  added up (200 MB at most) and divided by the file size (100:1 at most; Office files are
  typically 5-20:1). `MAX_ZIP_ENTRIES` caps the number of parts (2,000; a form has under 50).
* `MAX_ROWS`: filled rows in one sheet or one Word table (5,000; a data capture grid has about
  100 rows, an action plan rarely more than 200). Counted by streaming the sheet XML, so a sheet
  of a million rows is refused without being loaded.
* Macro-enabled files (`.xlsm`, `.docm`, `.xltm`, `.dotm`, a `vbaProject.bin` part, a
  macro-enabled content type, or a VBA storage in a legacy .xls) are refused: they are never
  opened, let alone run.
* Password-protected files are refused (an encrypted Office file is an OLE container holding an
  `EncryptedPackage` stream, ingest/detect.py; an encrypted legacy .xls is told by xlrd).
* Formulas: cells are read as the value Excel or LibreOffice last computed and saved with the
  file (openpyxl `data_only`, ingest/readers.py). A formula with no saved value (a file written
  by a program that does not calculate) is refused, naming the cell: a formula is never evaluated.

`check_limits` returns every problem found (an empty list means the file may be parsed). A file
that is not a readable zip or OLE container is left to ingest/detect.py, which words that
rejection.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO
from xml.parsers import expat

#: The largest file accepted, in bytes.
MAX_FILE_BYTES = 25 * 1024 * 1024
#: The most an .xlsx/.docx may inflate to, adding up every part the archive declares.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: The most an .xlsx/.docx may inflate relative to its size on disk.
MAX_COMPRESSION_RATIO = 100
#: The most parts an .xlsx/.docx archive may hold.
MAX_ZIP_ENTRIES = 2_000
#: The most filled rows one sheet, or one Word table, may have.
MAX_ROWS = 5_000

#: Suffixes of the macro-enabled Office formats.
MACRO_SUFFIXES = frozenset({".xlsm", ".xltm", ".xlam", ".docm", ".dotm"})

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MACRO_CONTENT_TYPE = re.compile(rb"macroEnabled", re.IGNORECASE)
#: OLE storages that hold VBA macros in Excel 97-2003 and Word 97-2003 files.
_OLE_MACRO_STREAMS = ("_VBA_PROJECT_CUR", "_VBA_PROJECT", "Macros")

_MB = 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / _MB:,.1f} MB"


def _program(suffix: str) -> str:
    return "Word" if suffix.lower().startswith((".doc", ".dot")) else "Excel"


def _macro_message(name: str, suffix: str) -> str:
    program = _program(suffix)
    plain = "Word Document (.docx)" if program == "Word" else "Excel Workbook (.xlsx)"
    return (
        f"{name}: this file is macro-enabled ({suffix or 'it contains macros'}), and files with macros are not accepted: "
        f"in {program} use File > Save As and choose '{plain}' (this removes the macros), then send that copy"
    )


def file_size_problem(name: str, size: int) -> str | None:
    """The message for a file over `MAX_FILE_BYTES`, else None.

    ingest/pipeline.py asks this of the file's size on disk before it hashes or stores anything, so
    a file too big to be a form is never copied into the raw store (issue 15); `check_limits` asks
    it again of the file it is given.
    """
    if size <= MAX_FILE_BYTES:
        return None
    return (
        f"{name}: the file is {_megabytes(size)}, larger than the {_megabytes(MAX_FILE_BYTES)} a form may be: "
        "send the form on its own (no pasted pictures or other data), saved as .xlsx or .docx"
    )


def check_limits(path: Path, display_name: str | None = None) -> list[str]:
    """Every limit the file breaks, as messages for the CSP officer; empty if it may be parsed."""
    path = Path(path)
    name = display_name or path.name
    size = path.stat().st_size
    too_big = file_size_problem(name, size)
    if too_big:
        return [too_big]
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if head.startswith(_ZIP_MAGIC):
        return _check_zip(path, name, size, suffix)
    if head.startswith(_OLE_MAGIC):
        return _check_ole(path, name, suffix)
    return []


# --------------------------------------------------------------------------------------------
# .xlsx / .docx (zip archives)
# --------------------------------------------------------------------------------------------
def _check_zip(path: Path, name: str, size: int, suffix: str) -> list[str]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return []  # not a readable archive: ingest/detect.py says it is damaged
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            return [
                f"{name}: the file holds {len(entries):,} parts, more than the {MAX_ZIP_ENTRIES:,} a form may have: "
                f"it is not a form saved by {_program(suffix)}; send the form itself"
            ]
        inflated = sum(max(0, e.file_size) for e in entries)
        ratio = inflated / max(size, 1)
        if inflated > MAX_UNCOMPRESSED_BYTES or ratio > MAX_COMPRESSION_RATIO:
            return [
                f"{name}: the file would unpack to {_megabytes(inflated)} ({ratio:,.0f} times its size), more than a form "
                f"can be (at most {_megabytes(MAX_UNCOMPRESSED_BYTES)} and {MAX_COMPRESSION_RATIO} times): it was not "
                "opened. Send the form on its own, saved again from Excel or Word"
            ]
        names = {e.filename for e in entries}
        has_vba = any(PurePosixPath(n).name.lower() in ("vbaproject.bin", "vbadata.xml") for n in names)
        macro_type = "[Content_Types].xml" in names and _MACRO_CONTENT_TYPE.search(
            _read_capped(archive, "[Content_Types].xml", 1 * _MB)
        )
        if suffix in MACRO_SUFFIXES or has_vba or macro_type:
            return [_macro_message(name, suffix if suffix in MACRO_SUFFIXES else "")]
        try:
            if "xl/workbook.xml" in names:
                return _check_workbook_parts(archive, name)
            if "word/document.xml" in names:
                return _check_document_rows(archive, name)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError):
            return []  # a damaged part: the reader's own error says so
    return []


def _read_capped(archive: zipfile.ZipFile, part: str, cap: int) -> bytes:
    with archive.open(part) as handle:
        return handle.read(cap)


class _TooManyRows(Exception):
    """Stops a sheet scan as soon as it has more rows than a form may have."""


class _UnsafeXml(ValueError):
    """The XML declares a DTD or entities: Office never writes them, and they are how XML bombs work."""


def _parser(start=None, end=None, text=None):  # expat callbacks: (local name, attrs), (local name), (text)
    """An expat parser reporting local element names, refusing any DTD or entity declaration."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_args: object) -> None:
        raise _UnsafeXml("DTD or entity declaration")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    if start is not None:
        parser.StartElementHandler = lambda name, attrs: start(name.rsplit(" ", 1)[-1], attrs)
    if end is not None:
        parser.EndElementHandler = lambda name: end(name.rsplit(" ", 1)[-1])
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    return parser


def _attribute(attrs: dict[str, str], local: str) -> str | None:
    return next((v for k, v in attrs.items() if k.rsplit(" ", 1)[-1] == local), None)


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) of every sheet, in workbook order."""
    rels: dict[str, str] = {}
    sheets: list[tuple[str, str]] = []

    def relationship(name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship":
            target = attrs.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            rels[attrs.get("Id", "")] = str(PurePosixPath(target))

    def sheet(name: str, attrs: dict[str, str]) -> None:
        if name == "sheet":
            sheets.append((_attribute(attrs, "name") or "?", _attribute(attrs, "id") or ""))

    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        with archive.open("xl/_rels/workbook.xml.rels") as handle:
            _parser(start=relationship).ParseFile(handle)
    with archive.open("xl/workbook.xml") as handle:
        _parser(start=sheet).ParseFile(handle)
    return [(name, rels[rid]) for name, rid in sheets if rid in rels]


def _check_workbook_parts(archive: zipfile.ZipFile, name: str) -> list[str]:
    problems: list[str] = []
    parts = set(archive.namelist())
    try:
        sheets = _sheet_parts(archive)
        scanned = []
        for sheet, part in sheets:
            if part in parts:
                with archive.open(part) as handle:
                    scanned.append((sheet, *_scan_sheet(handle)))
    except _UnsafeXml:
        return [
            f"{name}: the file holds XML declarations that Excel never writes (a DTD or entities), so it was not "
            "opened: save the form again from Excel and send that copy"
        ]
    except expat.ExpatError:
        return []  # damaged XML: the reader's own error says so
    for sheet, filled, uncached in scanned:
        if filled > MAX_ROWS:
            problems.append(
                f"{name}, sheet '{sheet}': the sheet has more than {MAX_ROWS:,} filled rows, the most a form may "
                "have: send the form on its own, without other data pasted into it"
            )
        if uncached:
            cells = ", ".join(uncached[:10]) + (f" (and {len(uncached) - 10} more)" if len(uncached) > 10 else "")
            problems.append(
                f"{name}, sheet '{sheet}': cell{'s' if len(uncached) > 1 else ''} {cells} hold{'' if len(uncached) > 1 else 's'} "
                "a formula with no saved value, and formulas are never calculated here: open the file in Excel or "
                "LibreOffice Calc, save it (so the results are saved with it) and send it again, or type the values "
                "in place of the formulas"
            )
    return problems


def _scan_sheet(handle: IO[bytes]) -> tuple[int, list[str]]:
    """(rows with at least one value, references of formula cells with no saved value) of a sheet part, streamed.

    Stops counting one row past `MAX_ROWS`. The handlers take expat's namespaced names themselves
    and keep their state in locals: this scan runs over every sheet of every workbook, and the
    generic `_parser` wrappers made it a tenth of ingest's time (bench/README.md).
    """
    filled = 0
    row_has_value = in_v = False
    ref: str = "?"
    cell_type: str | None = None
    formula = inline = False
    value: str | None = None
    uncached: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal ref, cell_type, formula, inline, value, in_v, row_has_value
        local = name[name.rfind(" ") + 1 :]
        if local == "c":
            ref, cell_type, formula, value, inline = attrs.get("r") or "?", attrs.get("t"), False, None, False
        elif local == "v":
            value, in_v = "", True
        elif local == "f":
            formula = True
        elif local == "is":
            inline = True
        elif local == "row":
            row_has_value = False

    def text(data: str) -> None:
        nonlocal value
        if in_v:
            value = (value or "") + data

    def end(name: str) -> None:
        nonlocal in_v, row_has_value, filled
        local = name[name.rfind(" ") + 1 :]
        if local == "v":
            in_v = False
        elif local == "c":
            has_value = inline or (value is not None and (value != "" or cell_type == "str"))
            if formula and not has_value:
                uncached.append(ref)
            elif has_value:
                row_has_value = True
        elif local == "row":
            filled += row_has_value
            if filled > MAX_ROWS:
                raise _TooManyRows  # no need to read the rest: the sheet is refused

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    with contextlib.suppress(_TooManyRows):
        parser.ParseFile(handle)
    return filled, uncached


def _check_document_rows(archive: zipfile.ZipFile, name: str) -> list[str]:
    """Rows of each Word table (nested tables counted on their own), streamed."""
    stack: list[list[int]] = []  # [table number, rows]
    counts: list[tuple[int, int]] = []
    tables = [0]

    def start(tag: str, _attrs: dict[str, str]) -> None:
        if tag == "tbl":
            tables[0] += 1
            stack.append([tables[0], 0])

    def end(tag: str) -> None:
        if tag == "tr" and stack:
            stack[-1][1] += 1
        elif tag == "tbl" and stack:
            number, rows = stack.pop()
            counts.append((number, rows))

    try:
        with archive.open("word/document.xml") as handle:
            _parser(start, end).ParseFile(handle)
    except _UnsafeXml:
        return [
            f"{name}: the file holds XML declarations that Word never writes (a DTD or entities), so it was not "
            "opened: save the form again from Word and send that copy"
        ]
    except expat.ExpatError:
        return []
    for number, rows in sorted(counts):
        if rows > MAX_ROWS:
            return [
                f"{name}, table {number}: the table has {rows:,} rows, more than the {MAX_ROWS:,} a form may "
                "have: send the form on its own, without other data pasted into it"
            ]
    return []


# --------------------------------------------------------------------------------------------
# Excel 97-2003 .xls and other OLE containers
# --------------------------------------------------------------------------------------------
def _check_ole(path: Path, name: str, suffix: str) -> list[str]:
    data = path.read_bytes()  # at most MAX_FILE_BYTES
    if "EncryptedPackage".encode("utf-16-le") in data:
        return []  # password-protected .xlsx/.docx: ingest/detect.py words the rejection
    if any(stream.encode("utf-16-le") in data for stream in _OLE_MACRO_STREAMS):
        return [_macro_message(name, suffix if suffix in MACRO_SUFFIXES else "")]
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        return []  # a .doc or something else: ingest/detect.py rejects it
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            return [
                f"{name}: this file is password-protected, so it cannot be read: save a copy without the password "
                "(File > Info > Protect Workbook > Encrypt with Password, clear the password) and send that"
            ]
        return []  # damaged: ingest/detect.py says so when it fails to open it
    except Exception:  # any other failure is reported by the reader itself
        return []
    problems = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.nrows > MAX_ROWS:
                problems.append(
                    f"{name}, sheet '{sheet.name}': the sheet has {sheet.nrows:,} rows, more than the {MAX_ROWS:,} a "
                    "form may have: send the form on its own, without other data pasted into it"
                )
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return problems
