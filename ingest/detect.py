"""Open a received file and decide which form it is from its content, not its name.

CSPs name files however they like ('DHR 21-03 AP v3 FINAL.xlsx'), so the container is sniffed
from its bytes and the form from what is inside:

* a workbook with a `Case` and an `Analysis` sheet is a data capture form (design.md §1.1);
* a workbook sheet, or a Word table, whose header row carries the action-plan columns is an
  action plan (design.md §1.3);
* a Word document with the Annex C title-page table or question headings is a scoping review
  (design.md §1.2; 003 L805-816).

Anything else is rejected with a message saying what to send instead. Word 97-2003 `.doc`, PDF
and OpenDocument files are rejected with how to save them as .docx/.xlsx; password-protected
Office files (case documents are often protected, 004 L289-293) are rejected with how to remove
the password. Excel 97-2003 `.xls` workbooks are read with xlrd.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from form_contract.spec import ACTION_PLAN_SHEET, DATA_CAPTURE_SHEETS
from ingest.action_plan import find_action_table
from ingest.data_capture import looks_like_data_capture
from ingest.parsed import FormRejected
from ingest.readers import DocxContent, Grid, HeaderMatch, Paragraph, find_sheet, read_docx, read_xls, read_xlsx
from ingest.scoping_review import looks_like_scoping_review

Container = Literal["xlsx", "docx", "xls", "doc", "encrypted", "pdf", "odt", "ods", "rtf", "csv", "damaged", "unknown"]
FileFormat = Literal["xlsx", "xls", "docx"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

_SAVE_AS = {
    "doc": "is a Word 97-2003 document (.doc), which cannot be read: open it in Word and save it as a Word "
    "Document (.docx), then send the .docx",
    "pdf": "is a PDF, which cannot be read as a form: send the form itself, saved as .docx (Word) or .xlsx "
    "(Excel); Word can open a PDF and save it as .docx",
    "odt": "is an OpenDocument text file (.odt), which cannot be read: save it as a Word Document (.docx) and "
    "send that",
    "ods": "is an OpenDocument spreadsheet (.ods), which cannot be read: save it as an Excel Workbook (.xlsx) "
    "and send that",
    "rtf": "is a Rich Text file, which cannot be read: open it in Word and save it as a Word Document (.docx), "
    "then send that",
    "csv": "is a CSV file, which is not a form the warehouse reads: send the form itself, filled in on the template and saved "
    "as .xlsx (Excel) or .docx (Word); if you exported a sheet to CSV, send the original .xlsx workbook",
    "encrypted": "is password-protected, so it cannot be read: save a copy without the password (File > Info > "
    "Protect > Encrypt with Password, clear the password) and send that",
}
_SUFFIX_CONTAINERS: dict[str, Container] = {
    ".doc": "doc",
    ".dot": "doc",
    ".pdf": "pdf",
    ".odt": "odt",
    ".ods": "ods",
    ".rtf": "rtf",
    ".csv": "csv",
    ".tsv": "csv",
}
_KNOWN_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".docx", ".docm"}


def sniff(path: Path) -> Container:
    """What kind of file this is, from its bytes (the suffix only breaks ties)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace")
                    if "opendocument.text" in mimetype:
                        return "odt"
                    if "opendocument.spreadsheet" in mimetype:
                        return "ods"
        except (zipfile.BadZipFile, OSError, EOFError):
            return "damaged"
        return "unknown"
    if head.startswith(_OLE_MAGIC):
        # An OLE2 compound file: .xls, .doc, or an encrypted .xlsx/.docx. Stream names are UTF-16.
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "encrypted"
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return "xls"
        return _SUFFIX_CONTAINERS.get(path.suffix.lower(), "unknown")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if path.suffix.lower() in _KNOWN_SUFFIXES:
        return "damaged"
    return _SUFFIX_CONTAINERS.get(path.suffix.lower(), "unknown")


@dataclass
class OpenedFile:
    """A received file read into memory: workbook sheets as grids, or a Word document's body."""

    file_format: FileFormat
    grids: list[Grid] | None = None
    document: DocxContent | None = None


def open_form_file(path: Path, display_name: str | None = None) -> OpenedFile:
    """Read a received file; `FormRejected` (with what to do instead) if it cannot be read."""
    name = display_name or path.name
    kind = sniff(path)
    if kind in _SAVE_AS:
        raise FormRejected(f"{name}: this file {_SAVE_AS[kind]}")
    if kind == "damaged":
        what = "Word" if path.suffix.lower().startswith(".doc") else "Excel"
        raise FormRejected(
            f"{name}: the file could not be opened: it is not a complete {path.suffix or 'Office'} file (it may be "
            f"damaged or only partly copied). Open it in {what}, save it again and send the new copy"
        )
    if kind == "unknown":
        raise FormRejected(
            f"{name}: this is not a form the warehouse reads: send the data capture form as .xlsx, the scoping "
            "review as .docx, and action plans as .xlsx or .docx"
        )
    try:
        if kind == "xlsx":
            return OpenedFile("xlsx", grids=read_xlsx(path))
        if kind == "xls":
            return OpenedFile("xls", grids=read_xls(path))
        return OpenedFile("docx", document=read_docx(path))
    except Exception as exc:  # any failure inside openpyxl/xlrd/python-docx means an unreadable file
        program = "Word" if kind == "docx" else "Excel"
        raise FormRejected(
            f"{name}: the file could not be opened ({type(exc).__name__}: {exc}); it may be damaged. Open it in "
            f"{program}, save it again and send the new copy"
        ) from exc


_REPORT_TITLE = re.compile(r"\b(?:overview\s+report|executive\s+summary)\b", re.IGNORECASE)


def _is_a_report(document: DocxContent) -> bool:
    """An overview report or executive summary (001 Appendix Four, 004 Templates 27-28): titled so in
    its first lines, and long prose. Its recommendations are in the text; its action plan, if
    appended, is sent again on its own."""
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph) and b.text.strip()]
    titled = any(_REPORT_TITLE.search(p.text) and len(p.text) < 120 for p in paragraphs[:8])
    return titled and not any("action plan" in p.text.lower() and len(p.text) < 120 for p in paragraphs[:3])


@dataclass
class Detection:
    """The form a file holds, and where its main table is."""

    form_type: str
    grid: Grid | None = None  # action plan: the sheet or Word table holding the actions
    header: HeaderMatch | None = None  # action plan: that table's header row


def detect_form_type(opened: OpenedFile, display_name: str) -> Detection:
    """Which of the three forms this is; `FormRejected` if none."""
    if opened.grids is not None:
        grids = opened.grids
        if find_sheet(grids, DATA_CAPTURE_SHEETS["case"]) and find_sheet(grids, DATA_CAPTURE_SHEETS["analysis"]):
            return Detection("data_capture")  # this project's workbook, told by its sheets at once
        # An action table first: most files are quarterly action plans, and a data capture form never
        # has the Recommendation and Action columns, so its slower label scan runs only when needed.
        named = find_sheet(grids, ACTION_PLAN_SHEET)
        ordered = ([named] if named else []) + [g for g in grids if g is not named and not g.hidden]
        for grid in ordered:
            header = find_action_table(grid)
            if header is not None:
                return Detection("action_plan", grid, header)
        if looks_like_data_capture(grids):
            return Detection("data_capture")
        raise FormRejected(
            f"{display_name}: this workbook is not one of the DHR forms the warehouse reads. An action plan needs a "
            "table with at least a Recommendation and an Action column (as in the Home Office action plan "
            "templates); a data capture form needs the case details and the victim and perpetrator details of "
            "the Home Office data collection form. If this is one of them, check that its table has headings"
        )
    document = opened.document
    if document is None:  # pragma: no cover - open_form_file always sets one of them
        raise FormRejected(f"{display_name}: nothing could be read from this file")
    if _is_a_report(document):
        raise FormRejected(
            f"{display_name}: this is a DHR report (an overview report or executive summary), not a form the "
            "warehouse reads: send the action plan and the scoping review as files of their own"
        )
    if looks_like_scoping_review(document):
        return Detection("scoping_review")
    for grid in document.tables:
        header = find_action_table(grid)
        if header is not None:
            return Detection("action_plan", grid, header)
    if looks_like_data_capture(document.tables):
        # 004 Template 29 is a Word form in the toolkit: its tables are read as the workbook's sheets.
        return Detection("data_capture")
    raise FormRejected(
        f"{display_name}: this Word document is not one of the DHR forms the warehouse reads (a scoping review, "
        "or an action plan). A scoping review answers the questions of the Home Office scoping review template "
        "(how the partnership was notified, the early learning, the decision...); an action plan has a table "
        "with at least a Recommendation and an Action column. Reports (an overview report, an executive "
        "summary) are not read: send their action plan as its own file"
    )
