"""Load parsed forms into the raw layer of the warehouse (DuckDB), and keep a copy of every file.

One transaction per file (design.md §2): an accepted form's rows and its `raw.ingested_files`
row commit together or not at all. A rejected file gets only its `raw.ingested_files` row, with
its errors, so the quarantine can be listed. Rows go in as Arrow tables with the schema taken from
`form_contract.spec`, never as SQL text built from values.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from form_contract.spec import ALL_RAW_TABLES, RawTable
from ingest.parsed import ParsedForm, Row
from ingest.privacy_scan import TEXT_FINDINGS_COLUMNS
from ingest.raw_schema import INGESTED_FILES_COLUMNS

_ARROW_TYPES = {
    "varchar": pa.string(),
    "integer": pa.int32(),
    "date": pa.date32(),
    "bigint": pa.int64(),
    "varchar[]": pa.list_(pa.string()),
    "json": pa.string(),
}
_TABLES = {t.name: t for t in ALL_RAW_TABLES}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def raw_store_path(raw_store_dir: Path, sha256: str, suffix: str) -> Path:
    """Content-addressed home of a received file: `<raw_files>/<sha[:2]>/<sha><suffix>` (design.md §2)."""
    return raw_store_dir / sha256[:2] / f"{sha256}{suffix.lower()}"


def store_raw_copy(path: Path, sha256: str, raw_store_dir: Path) -> Path:
    """Copy a received file into the raw store (atomically; a copy already there is kept)."""
    target = raw_store_path(raw_store_dir, sha256, path.suffix)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    os.close(handle)
    try:
        shutil.copyfile(path, temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return target


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _cell(value: Any) -> Any:
    """A row value for Arrow: how values were written (a dict) is kept as JSON text."""
    if isinstance(value, dict):
        return json.dumps({k: _jsonable(v) for k, v in value.items()}, ensure_ascii=False) if value else None
    return value


def arrow_table(table: RawTable, rows: list[Row]) -> pa.Table:
    """Rows as an Arrow table with exactly the raw table's columns and types."""
    columns = table.columns()
    schema = pa.schema([(name, _ARROW_TYPES[sql_type]) for name, sql_type in columns])
    data = {name: [_cell(row.get(name)) for row in rows] for name, _ in columns}
    return pa.table(data, schema=schema)


@dataclass(frozen=True)
class PreviousFile:
    """What the warehouse already knows of a file (for reporting a file sent again)."""

    status: str
    form_type: str | None
    csp_code: str | None
    dhr_reference: str | None
    file_name: str | None = None
    ingested_at: datetime | None = None
    #: Why it was rejected (empty for an accepted file): repeated when the same file is sent again.
    errors: tuple[str, ...] = ()


def previous_files(con: duckdb.DuckDBPyConnection) -> dict[str, PreviousFile]:
    """Every file the warehouse already holds, by sha256: one query per run instead of one per file
    (a few MB even for the 200,000 files of ten national corpora; errors only of rejected files)."""
    rows = con.execute(
        "select file_sha256, status, form_type, csp_code, dhr_reference, file_name, ingested_at, "
        "case when status = 'rejected' then errors end from raw.ingested_files"
    ).fetchall()
    return {sha: PreviousFile(*rest, tuple(json.loads(errors)) if errors else ()) for sha, *rest, errors in rows}


def _file_row(
    *,
    sha256: str,
    file_name: str,
    size: int,
    parsed: ParsedForm | None,
    status: str,
    errors: list[str],
    record_counts: dict[str, int],
    stored_path: str,
    ingested_at: datetime,
    notes: list[str] | None = None,
    sender_csp_code: str | None = None,
) -> list[Any]:
    values = {
        "file_sha256": sha256,
        "file_name": file_name,
        "file_size_bytes": size,
        "form_type": parsed.form_type if parsed else None,
        "status": status,
        "csp_code": parsed.csp_code if parsed else None,
        "dhr_reference": parsed.dhr_reference if parsed else None,
        "record_counts": json.dumps(record_counts),
        "errors": json.dumps(errors),
        "stored_path": stored_path,
        "ingested_at": ingested_at,
        "notes": json.dumps(notes or []),
        "warnings": json.dumps(parsed.warnings if parsed and status == "accepted" else []),
        "inferred": json.dumps(
            {k: {"value": _jsonable(v), "source": src} for k, (v, src) in parsed.inferred.items()} if parsed else {}
        ),
        "sender_csp_code": sender_csp_code,
    }
    return [values[name] for name, _ in INGESTED_FILES_COLUMNS]


_INSERT_FILE = (
    f"insert into raw.ingested_files ({', '.join(n for n, _ in INGESTED_FILES_COLUMNS)}) "
    f"values ({', '.join('?' for _ in INGESTED_FILES_COLUMNS)})"
)


def now() -> datetime:
    """Ingest time, UTC without zone (the column is a plain timestamp)."""
    return datetime.now(UTC).replace(tzinfo=None)


_DELETE_REJECTED = "delete from raw.ingested_files where file_sha256 = ? and status = 'rejected'"
_INSERT_FINDING = (
    f"insert into raw.text_findings ({', '.join(n for n, _ in TEXT_FINDINGS_COLUMNS)}) "
    f"values ({', '.join('?' for _ in TEXT_FINDINGS_COLUMNS)})"
)


def load_accepted(
    con: duckdb.DuckDBPyConnection,
    parsed: ParsedForm,
    *,
    sha256: str,
    file_name: str,
    size: int,
    stored_path: str,
    replaces_rejected: bool = False,
    ingested_at: datetime | None = None,
    sender_csp_code: str | None = None,
) -> dict[str, int]:
    """Insert an accepted form's rows and its `raw.ingested_files` row in one transaction.

    `replaces_rejected`: the same file was rejected before (retried after a fix to the reference
    lists or the parser); its quarantine row is replaced in the same transaction.
    `ingested_at`: when the file was received (default now); `dhr rebuild` passes the original
    time kept in the raw store. The form's privacy findings (`parsed.text_findings`) and notes load
    in the same transaction.
    """
    counts = parsed.record_counts()
    con.begin()
    try:
        if replaces_rejected:
            con.execute(_DELETE_REJECTED, [sha256])
        for name, rows in parsed.rows.items():
            if not rows:
                continue
            insert_arrow(con, _TABLES[name].qualified_name, arrow_table(_TABLES[name], rows))
        if parsed.text_findings:
            con.executemany(
                _INSERT_FINDING,
                [[finding.get(name) for name, _ in TEXT_FINDINGS_COLUMNS] for finding in parsed.text_findings],
            )
        con.execute(
            _INSERT_FILE,
            _file_row(
                sha256=sha256,
                file_name=file_name,
                size=size,
                parsed=parsed,
                status="accepted",
                errors=[],
                record_counts=counts,
                stored_path=stored_path,
                ingested_at=ingested_at or now(),
                notes=parsed.notes,
                sender_csp_code=sender_csp_code,
            ),
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return counts


def record_rejected(
    con: duckdb.DuckDBPyConnection,
    parsed: ParsedForm | None,
    errors: list[str],
    *,
    sha256: str,
    file_name: str,
    size: int,
    stored_path: str,
    replaces_rejected: bool = False,
    ingested_at: datetime | None = None,
    sender_csp_code: str | None = None,
) -> None:
    """Record a rejected file (no form rows): it stays listed, with its errors, in the quarantine."""
    con.begin()
    try:
        if replaces_rejected:
            con.execute(_DELETE_REJECTED, [sha256])
        con.execute(
            _INSERT_FILE,
            _file_row(
                sha256=sha256,
                file_name=file_name,
                size=size,
                parsed=parsed,
                status="rejected",
                errors=errors,
                record_counts={},
                stored_path=stored_path,
                ingested_at=ingested_at or now(),
                notes=parsed.notes if parsed else [],
                sender_csp_code=sender_csp_code,
            ),
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise


@dataclass(frozen=True)
class LoadItem:
    """One file of a batch: its parsed form (None if it could not be parsed) and how it was received."""

    parsed: ParsedForm | None
    errors: list[str]  # empty for an accepted form
    sha256: str
    file_name: str
    size: int
    stored_path: str
    replaces_rejected: bool = False
    ingested_at: datetime | None = None
    #: The CSP of the one-CSP dashboard account that sent the file (raw.ingested_files.sender_csp_code).
    sender_csp_code: str | None = None

    @property
    def accepted(self) -> bool:
        return self.parsed is not None and self.parsed.accepted and not self.errors


_FILE_ARROW_TYPES = {
    "varchar": pa.string(),
    "bigint": pa.int64(),
    "json": pa.string(),
    "timestamp": pa.timestamp("us"),
    "integer": pa.int32(),
}


def insert_arrow(con: duckdb.DuckDBPyConnection, qualified_name: str, data: pa.Table) -> None:
    """Insert an Arrow table's rows into ``qualified_name``, matching columns by name: one insert
    instead of a statement per row (the theme step of `dhr build` uses it too)."""
    con.register("incoming_rows", data)
    try:
        con.execute(f"insert into {qualified_name} by name select * from incoming_rows")
    finally:
        con.unregister("incoming_rows")


def _columns_table(columns: tuple[tuple[str, str], ...], rows: list[list[Any]]) -> pa.Table:
    schema = pa.schema([(name, _FILE_ARROW_TYPES[sql_type.split()[0]]) for name, sql_type in columns])
    return pa.table({name: [row[i] for row in rows] for i, (name, _) in enumerate(columns)}, schema=schema)


def load_batch(con: duckdb.DuckDBPyConnection, items: list[LoadItem]) -> list[dict[str, int]]:
    """Load many files in ONE transaction: each accepted form's rows, findings and `raw.ingested_files`
    row, and each rejected file's quarantine row; one Arrow insert per table, not per file.

    Returns each accepted item's record counts ({} for a rejected one). Atomic per batch, so every
    file still has all of its rows or none; if anything fails the whole batch is rolled back and
    the caller loads its files one by one (`load_accepted`/`record_rejected`) to find the culprit.
    """
    if not items:
        return []
    counts: list[dict[str, int]] = []
    by_table: dict[str, list[Row]] = {}
    findings: list[list[Any]] = []
    file_rows: list[list[Any]] = []
    replaced = [item.sha256 for item in items if item.replaces_rejected]
    for item in items:
        parsed = item.parsed
        if item.accepted and parsed is not None:
            record_counts = parsed.record_counts()
            for name, rows in parsed.rows.items():
                by_table.setdefault(name, []).extend(rows)
            findings += [[finding.get(name) for name, _ in TEXT_FINDINGS_COLUMNS] for finding in parsed.text_findings]
            status, errors = "accepted", []
        else:
            record_counts, status, errors = {}, "rejected", item.errors
        counts.append(record_counts)
        file_rows.append(
            _file_row(
                sha256=item.sha256,
                file_name=item.file_name,
                size=item.size,
                parsed=parsed,
                status=status,
                errors=errors,
                record_counts=record_counts,
                stored_path=item.stored_path,
                ingested_at=item.ingested_at or now(),
                notes=parsed.notes if parsed else [],
                sender_csp_code=item.sender_csp_code,
            )
        )
    con.begin()
    try:
        if replaced:
            con.execute(
                "delete from raw.ingested_files where status = 'rejected' and file_sha256 in "
                "(select unnest(?::varchar[]))",
                [replaced],
            )
        for name, rows in by_table.items():
            if rows:
                insert_arrow(con, _TABLES[name].qualified_name, arrow_table(_TABLES[name], rows))
        if findings:
            insert_arrow(con, "raw.text_findings", _columns_table(TEXT_FINDINGS_COLUMNS, findings))
        insert_arrow(con, "raw.ingested_files", _columns_table(INGESTED_FILES_COLUMNS, file_rows))
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return counts
