"""The quarantine and the warehouse's status: what was received, what was rejected and why.

A rejected file is kept (in the raw store, and in `raw.ingested_files` with every reason it was
rejected) until a corrected file replaces it. A corrected file has different bytes, so it is a new
file with its own sha256; once it is accepted, the rejected one is shown as **superseded** by it.
The rule (`superseded_by`): a later accepted file of the same form type for the same case (same CSP
code, and the same DHR reference once case, spaces and punctuation are folded as in the dhr_id,
docs/design.md §4). When the rejected file's CSP or form type could not be read (an unknown CSP
name, a damaged file), a later accepted file with the same file name (ignoring case) supersedes it,
if it is a form of the sending account's CSP when the file was sent by a one-CSP account.

`dhr status`, `dhr quarantine list` and `dhr quarantine show` (dhr/cli.py) print what these
functions return. They only read the warehouse.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb


def case_key(reference: str | None) -> str | None:
    """The DHR reference folded as the dhr_id folds it: 'DHR/2021/03' and 'dhr 2021-03' are one case."""
    return re.sub(r"[^A-Za-z0-9]", "", reference).upper() if reference else None


@dataclass
class ReceivedFile:
    """One row of `raw.ingested_files`, with its errors and notes decoded."""

    sha256: str
    file_name: str
    status: str
    form_type: str | None
    csp_code: str | None
    dhr_reference: str | None
    ingested_at: datetime
    stored_path: str | None
    size: int | None
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=dict)
    superseded_by: ReceivedFile | None = None
    #: The CSP of the dashboard account that sent it (one-CSP accounts only; issue 17).
    sender_csp_code: str | None = None

    @property
    def state(self) -> str:
        """accepted, or for a rejected file: open (still to be fixed) or superseded."""
        if self.status != "rejected":
            return self.status
        return "superseded" if self.superseded_by is not None else "open"

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "file_name": self.file_name,
            "status": self.status,
            "state": self.state,
            "form_type": self.form_type,
            "csp_code": self.csp_code,
            "dhr_reference": self.dhr_reference,
            "ingested_at": self.ingested_at.isoformat(sep=" ") if self.ingested_at else None,
            "stored_path": self.stored_path,
            "errors": list(self.errors),
            "notes": list(self.notes),
            "superseded_by": self.superseded_by.sha256 if self.superseded_by else None,
        }


def _decode(value: Any, default: Any) -> Any:
    if value is None:
        return default
    try:
        return json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return default


def received_files(con: duckdb.DuckDBPyConnection) -> list[ReceivedFile]:
    """Every file the warehouse has received, oldest first, rejected ones linked to what superseded them."""
    has_notes = con.execute(
        "select count(*) from information_schema.columns where table_schema = 'raw' "
        "and table_name = 'ingested_files' and column_name = 'notes'"
    ).fetchone()[0]
    notes = "notes" if has_notes else "null"
    has_sender = con.execute(
        "select count(*) from information_schema.columns where table_schema = 'raw' "
        "and table_name = 'ingested_files' and column_name = 'sender_csp_code'"
    ).fetchone()[0]
    sender = "sender_csp_code" if has_sender else "null"
    rows = con.execute(
        "select file_sha256, file_name, status, form_type, csp_code, dhr_reference, ingested_at, stored_path, "
        f"file_size_bytes, errors, {notes}, record_counts, {sender} from raw.ingested_files "
        "order by ingested_at, file_sha256"
    ).fetchall()
    files = [
        ReceivedFile(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            _decode(r[9], []),
            _decode(r[10], []),
            _decode(r[11], {}),
            sender_csp_code=r[12],
        )
        for r in rows
    ]
    accepted = [f for f in files if f.status == "accepted"]
    for rejected in (f for f in files if f.status == "rejected"):
        rejected.superseded_by = next(
            (
                a
                for a in accepted
                if a.ingested_at >= rejected.ingested_at and a.sha256 != rejected.sha256 and _supersedes(a, rejected)
            ),
            None,
        )
    return files


def _supersedes(accepted: ReceivedFile, rejected: ReceivedFile) -> bool:
    if rejected.form_type and rejected.csp_code and rejected.dhr_reference:
        return (
            accepted.form_type == rejected.form_type
            and accepted.csp_code == rejected.csp_code
            and case_key(accepted.dhr_reference) == case_key(rejected.dhr_reference)
        )
    # Same name; and, when the rejected file came from a one-CSP account, a form of that CSP (two
    # CSPs may both send a "plan.xlsx").
    return accepted.file_name.lower() == rejected.file_name.lower() and (
        rejected.sender_csp_code is None or accepted.csp_code == rejected.sender_csp_code
    )


def quarantine(con: duckdb.DuckDBPyConnection, *, include_superseded: bool = True) -> list[ReceivedFile]:
    """The rejected files, oldest first; without `include_superseded`, only those still open."""
    return [f for f in received_files(con) if f.status == "rejected" and (include_superseded or f.state == "open")]


class NoSuchFile(LookupError):
    """No received file matches what was asked for (or several do)."""


def find_file(con: duckdb.DuckDBPyConnection, key: str) -> ReceivedFile:
    """A received file by sha256 (or its first 6+ characters), file name, or a path ending in the file name."""
    key = key.strip()
    files = received_files(con)
    lowered = key.lower()
    matches = [f for f in files if f.sha256 == lowered]
    if not matches and len(lowered) >= 6 and re.fullmatch(r"[0-9a-f]+", lowered):
        matches = [f for f in files if f.sha256.startswith(lowered)]
    if not matches:
        name = Path(key).name.lower()
        matches = [f for f in files if f.file_name.lower() == name]
        rejected = [f for f in matches if f.status == "rejected"]
        if len(matches) > 1 and rejected:
            matches = rejected
    if not matches:
        raise NoSuchFile(
            f"no file received matches '{key}': give its sha256 (or its first characters) or its file name"
        )
    if len(matches) > 1:
        listed = ", ".join(f"{f.sha256[:12]} ({f.status}, {f.ingested_at:%Y-%m-%d %H:%M})" for f in matches)
        raise NoSuchFile(f"'{key}' matches {len(matches)} files: {listed}; give the sha256")
    return matches[0]


@dataclass
class WarehouseStatus:
    """What `dhr status` reports."""

    warehouse_path: Path
    exists: bool
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (form type or '(unknown)', state) -> files
    latest_ingest: datetime | None = None
    built_at: datetime | None = None
    reporting_date: Any = None
    open_quarantine: int = 0
    superseded: int = 0
    files_with_notes: int = 0
    text_findings: int = 0
    files_with_findings: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        by_form: dict[str, dict[str, int]] = {}
        for (form, state), n in sorted(self.counts.items()):
            by_form.setdefault(form, {})[state] = n
        return {
            "warehouse": str(self.warehouse_path),
            "exists": self.exists,
            "files": self.total,
            "by_form_type": by_form,
            "latest_ingest": self.latest_ingest.isoformat(sep=" ") if self.latest_ingest else None,
            "built_at": self.built_at.isoformat(sep=" ") if self.built_at else None,
            "reporting_date": str(self.reporting_date) if self.reporting_date else None,
            "quarantine_open": self.open_quarantine,
            "quarantine_superseded": self.superseded,
            "files_with_notes": self.files_with_notes,
            "text_findings": self.text_findings,
            "files_with_text_findings": self.files_with_findings,
        }


def warehouse_status(warehouse_path: Path) -> WarehouseStatus:
    """Counts by form type and state, the latest ingest, when the warehouse was built, the quarantine."""
    warehouse_path = Path(warehouse_path)
    status = WarehouseStatus(warehouse_path, warehouse_path.exists())
    if not status.exists:
        return status
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        tables = {
            (s, t) for s, t in con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        }
        if ("raw", "ingested_files") in tables:
            files = received_files(con)
            for f in files:
                key = (f.form_type or "(unknown)", f.state)
                status.counts[key] = status.counts.get(key, 0) + 1
            status.latest_ingest = max((f.ingested_at for f in files), default=None)
            status.open_quarantine = sum(f.state == "open" for f in files)
            status.superseded = sum(f.state == "superseded" for f in files)
            status.files_with_notes = sum(bool(f.notes) for f in files)
        if ("raw", "text_findings") in tables:
            status.text_findings, status.files_with_findings = con.execute(
                "select count(*), count(distinct file_sha256) from raw.text_findings"
            ).fetchone()
        if ("marts", "meta_build") in tables:
            status.built_at, status.reporting_date = con.execute(
                "select built_at, reporting_date from marts.meta_build"
            ).fetchone()
    finally:
        con.close()
    return status
