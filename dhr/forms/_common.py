"""What the three form writers share: value formatting, styles and reproducible saving.

Files are saved so that the same record always gives the same bytes: the document properties
(created, modified, last printed) and every zip member's timestamp are set from a datetime
derived from the record, never from the clock. The synthetic corpus relies on this.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from form_contract.code_lists import code_lists
from form_contract.spec import Field

#: Protective marking (003 L609: "marked as 'Official-Sensitive' until publication").
MARKING_BLANK = "OFFICIAL-SENSITIVE when complete"
MARKING_FILLED = "OFFICIAL-SENSITIVE"

#: Document timestamp of a blank template: the 2024 draft guidance (003) the templates follow.
TEMPLATE_TIMESTAMP = datetime(2024, 6, 1, 9, 0, 0)

DATE_FORMAT = "dd/mm/yyyy"

#: Action status as written on a form: the bare word of the 004 Template 25 key (004 L4628-4638).
STATUS_WORDS = {"red": "RED", "amber": "AMBER", "green": "GREEN", "complete": "COMPLETE"}

#: Fill colours of the RAG key (hex RGB).
STATUS_COLOURS = {"RED": "FF9999", "AMBER": "FFD27F", "GREEN": "A9D08E", "COMPLETE": "9DC3E6"}


def code_label(code_list: str | None, value: Any) -> str | None:
    """The label a form prints for a code; a value that is not a code is written as given."""
    if value is None or value == "":
        return None
    if code_list == "action_status":
        return STATUS_WORDS.get(str(value), str(value))
    if code_list is None:
        return str(value)
    codes = code_lists().codes(code_list)
    code = codes.get(str(value))
    return code.label if code is not None else str(value)


def form_value(f: Field, value: Any) -> Any:
    """The value of field `f` as a spreadsheet cell: labels for codes, dates stay dates."""
    if value is None or value == "":
        return None
    if f.kind == "code":
        return code_label(f.code_list, value)
    return value


def docx_text(f: Field | None, value: Any) -> str:
    """The value as .docx text: labels for codes, dates as dd/mm/yyyy, None as empty."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if f is not None and f.kind == "code":
        return code_label(f.code_list, value) or ""
    return str(value)


def help_text(f: Field) -> str:
    """Description and citation of a field, as printed next to it on a form."""
    parts = []
    if f.description and f.description.strip() != "Restricted.":
        parts.append(f.description)
    if f.kind == "code" and f.code_list:
        parts.append("Choose from the list.")
    elif f.kind in ("date", "target_date"):
        parts.append("Date, dd/mm/yyyy.")
    if f.restricted and not any(p.startswith("Restricted") for p in parts):
        parts.append("Restricted: never published (003 L599-605).")
    if f.source:
        parts.append(f"Source: {f.source}.")
    return " ".join(parts)


def record_timestamp(dates: Iterable[date | None]) -> datetime:
    """A fixed document timestamp derived from a record: 09:00 on its latest date."""
    known = [d for d in dates if d is not None]
    if not known:
        return TEMPLATE_TIMESTAMP
    latest = max(known)
    return datetime(latest.year, latest.month, latest.day, 9, 0, 0)


def paragraphs(text: str | None) -> list[str]:
    """Split an answer into paragraphs on blank lines."""
    if not text:
        return []
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]


@cache
def list_names() -> tuple[str, ...]:
    return tuple(code_lists().names())


class FixedTimeZipFile(zipfile.ZipFile):
    """A ZipFile whose members all carry one fixed timestamp, so output is reproducible."""

    def __init__(self, file: Any, when: datetime) -> None:
        super().__init__(file, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        stamp = max(when, datetime(1980, 1, 1))
        self._fixed_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # type: ignore[override]
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(str(zinfo_or_arcname), date_time=self._fixed_time)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type=compress_type, compresslevel=compresslevel)


@cache
def _excel_writer_class() -> type:
    """openpyxl's ExcelWriter, writing each worksheet in memory instead of through a temp file."""
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.packaging.extended import ExtendedProperties
    from openpyxl.styles.stylesheet import write_stylesheet
    from openpyxl.workbook._writer import WorkbookWriter
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import (
        ARC_APP,
        ARC_CORE,
        ARC_ROOT_RELS,
        ARC_STYLE,
        ARC_THEME,
        ARC_WORKBOOK,
        ARC_WORKBOOK_RELS,
        ExcelWriter,
    )
    from openpyxl.writer.theme import theme_xml
    from openpyxl.xml.functions import tostring

    class InMemoryExcelWriter(ExcelWriter):
        def write_data(self):
            # ExcelWriter.write_data (openpyxl 3.1), except that the stylesheet XML is kept on the
            # workbook while its style lists have not grown: ActionPlanSeries saves one workbook
            # many times, and re-serialising the stylesheet was a tenth of the cost of each save.
            wb = self.workbook
            if len(wb.custom_doc_props) >= 1:  # not used by the forms: leave it to openpyxl
                return ExcelWriter.write_data(self)
            archive = self._archive
            archive.writestr(ARC_APP, tostring(ExtendedProperties().to_tree()))
            archive.writestr(ARC_CORE, tostring(wb.properties.to_tree()))
            archive.writestr(ARC_THEME, wb.loaded_theme or theme_xml)
            self._write_worksheets()
            self._write_chartsheets()
            self._write_images()
            self._write_charts()
            self._write_external_links()
            key = tuple(
                len(x)
                for x in (
                    wb._fonts,
                    wb._fills,
                    wb._borders,
                    wb._number_formats,
                    wb._alignments,
                    wb._protections,
                    wb._cell_styles,
                    wb._differential_styles.styles,
                    wb._named_styles,
                    wb._colors,
                )
            )
            cached = getattr(wb, "_dhr_stylesheet", None)
            if cached is None or cached[0] != key:
                cached = (key, tostring(write_stylesheet(wb)))
                wb._dhr_stylesheet = cached
            archive.writestr(ARC_STYLE, cached[1])
            writer = WorkbookWriter(wb)
            archive.writestr(ARC_ROOT_RELS, writer.write_root_rels())
            archive.writestr(ARC_WORKBOOK, writer.write())
            archive.writestr(ARC_WORKBOOK_RELS, writer.write_rels())
            self._merge_vba()
            self.manifest._write(archive, wb)
            return None

        def write_worksheet(self, ws):  # same steps as ExcelWriter.write_worksheet, without the temp file
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], writer.read())
            self.manifest.append(ws)

    return InMemoryExcelWriter


def save_workbook(wb: Any, path: Path, when: datetime) -> Path:
    """Save an openpyxl workbook reproducibly (openpyxl's own save stamps the clock time).

    Text that a spreadsheet would run as a formula is saved as text (dhr/safe_cells.py, issue 15):
    these workbooks carry CSP officers' own words back out (the Annex B progress update)."""
    from dhr.safe_cells import protect_workbook

    protect_workbook(wb)
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.lastPrinted = None
    path = Path(path)
    with path.open("wb") as handle:
        archive = FixedTimeZipFile(handle, when)
        _excel_writer_class()(wb, archive).save()  # closes the archive
    return path


class _FixedTimePhysWriter:
    """python-docx physical package writer with fixed member timestamps."""

    def __init__(self, handle: Any, when: datetime) -> None:
        self._zip = FixedTimeZipFile(handle, when)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self._zip.writestr(pack_uri.membername, blob)

    def close(self) -> None:
        self._zip.close()


def save_document(doc: Any, path: Path, when: datetime, *, title: str | None = None, author: str = "") -> Path:
    """Save a python-docx Document reproducibly (fixed core properties and zip timestamps)."""
    from docx.opc.pkgwriter import PackageWriter

    props = doc.core_properties
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.author = author
    props.last_modified_by = author
    if title is not None:
        props.title = title
    package = doc.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    path = Path(path)
    with path.open("wb") as handle:
        writer = _FixedTimePhysWriter(handle, when)
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
        writer.close()
    return path
