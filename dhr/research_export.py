"""Researcher exports: a disclosure-controlled aggregate as CSV, XLSX (with a "Notes" sheet) or
Parquet, with the policy's rule in the notes of every format (issue 6). Used by the Researcher page
and by ``dhr export``; both log every export in the audit log (:func:`log_export`).

Only the aggregates of ``dhr.research.controlled_table`` (the page reaches it through
``dashboards.data.research``) can be written: there is no way to pass a row-level table through here.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dhr import app_state
from dhr.disclosure import Policy, for_output
from dhr.safe_cells import escape_frame, protect_workbook

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARQUET_MIME = "application/vnd.apache.parquet"
FORMATS = ("csv", "xlsx", "parquet")
SOURCE = "DHR Learning Warehouse (synthetic data in this repository)."
UNIT = "Aggregates by pooled years of notification and region or nationally; never a row about a DHR, a person or an action."


@dataclass(frozen=True)
class ResearchExport:
    """One controlled aggregate and what the notes say about it."""

    topic: str
    frame: pl.DataFrame  # suppressed counts are null
    counts: list[str]
    policy: Policy
    filters_text: str
    reporting_date: date | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(tzinfo=None))

    @property
    def published(self) -> pl.DataFrame:
        """As written to a file: suppressed counts as ``*``."""
        return for_output(self.frame, self.counts)

    def notes(self) -> list[tuple[str, str]]:
        return [
            ("Topic", self.topic),
            ("Source", SOURCE),
            ("Coverage", self.filters_text),
            ("Reporting date", self.reporting_date.strftime("%d/%m/%Y") if self.reporting_date else "–"),
            ("Unit", UNIT),
            ("Disclosure control", f"{self.policy.name}: {self.policy.title}"),
            ("Rule", self.policy.rule),
            ("Suppressed cells", "* marks a suppressed count; a blank percentage is suppressed or has no denominator."),
            ("Created", self.created_at.strftime("%Y-%m-%d %H:%M UTC")),
        ]


def file_stem(topic: str) -> str:
    return "DHR " + re.sub(r"[^A-Za-z0-9]+", " ", topic).strip().lower() + " by years and geography"


def to_csv_bytes(export: ResearchExport) -> bytes:
    """UTF-8 with a byte-order mark (Excel), the notes first as ``#`` comment lines."""
    # The notes are the project's own words, on lines that start with '#' (never a formula); the data
    # cells are escaped (issue 15: a formula-like text gets a leading apostrophe).
    notes = "".join(f"# {label}: {value}\n" for label, value in export.notes())
    return b"\xef\xbb\xbf" + (notes + escape_frame(export.published).write_csv()).encode("utf-8")


def to_xlsx_bytes(export: ResearchExport) -> bytes:
    frame = export.published
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
    notes = wb.create_sheet("Notes")
    for label, value in export.notes():
        notes.append([label, value])
        notes.cell(row=notes.max_row, column=1).font = Font(bold=True)
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 110
    protect_workbook(wb)  # formula-like text stays text (issue 15)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def to_parquet_bytes(export: ResearchExport) -> bytes:
    """Parquet keeps suppressed counts as nulls (typed columns) and the notes as file metadata."""
    table = export.frame.to_arrow()
    metadata = {f"dhr:{label.lower().replace(' ', '_')}": value for label, value in export.notes()}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer)
    return buffer.getvalue().to_pybytes()


def to_bytes(export: ResearchExport, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv_bytes(export)
    if fmt == "xlsx":
        return to_xlsx_bytes(export)
    if fmt == "parquet":
        return to_parquet_bytes(export)
    raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")


class UnsafeOutputFile(ValueError):
    """The file named for an export is a symbolic link, not a regular file, or another user's."""


def write_file(target: Path, content: bytes) -> Path:
    """Write an export to ``target``: never through a symbolic link, never over a file that is not a
    regular file of this user, and atomically (a temporary file in the same folder, then a rename),
    so a reader never sees half a file and a failed write leaves nothing behind (issue 15).

    The new file is readable by its owner only (0600): it is controlled for disclosure, but still
    Official-Sensitive material until someone decides to share it.
    """
    target = Path(target)
    try:
        existing = os.lstat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None:
        if stat.S_ISLNK(existing.st_mode):
            raise UnsafeOutputFile(
                f"{target} is a symbolic link; an export is never written through one: "
                "name a new file or remove the link"
            )
        if not stat.S_ISREG(existing.st_mode):
            raise UnsafeOutputFile(f"{target} exists and is not a regular file: name a new file")
        if existing.st_uid != os.geteuid():
            raise UnsafeOutputFile(f"{target} belongs to another user: it is not replaced; name a new file")
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)  # replaces a link planted since the check, never its target
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return target


def log_export(
    actor: str, export: ResearchExport, fmt: str, *, channel: str, extra: dict[str, Any] | None = None
) -> None:
    """Who, when (the event's time), what, policy, row count: one ``export`` event in the audit log."""
    app_state.record_event(
        actor,
        "export",
        {
            "channel": channel,
            "topic": export.topic,
            "coverage": export.filters_text,
            "policy": export.policy.name,
            "format": fmt,
            "row_count": export.frame.height,
            **(extra or {}),
        },
    )
