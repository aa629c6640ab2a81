"""The raw layer's tables, created from `ingest.spec` so the forms and the schema cannot drift."""

from __future__ import annotations

import duckdb

from ingest.spec import ALL_RAW_TABLES

#: One row per file received, whatever became of it: the lineage root and the quarantine list.
INGESTED_FILES_COLUMNS: tuple[tuple[str, str], ...] = (
    ("file_sha256", "varchar primary key"),
    ("file_name", "varchar"),
    ("file_size_bytes", "bigint"),
    ("form_type", "varchar"),
    ("status", "varchar"),  # accepted | rejected
    ("csp_code", "varchar"),
    ("dhr_reference", "varchar"),
    ("record_counts", "json"),
    ("errors", "json"),
    ("stored_path", "varchar"),
    ("ingested_at", "timestamp"),
)


def create_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and every raw table if they do not exist (idempotent)."""
    con.execute("create schema if not exists raw")
    cols = ", ".join(f"{name} {sql_type}" for name, sql_type in INGESTED_FILES_COLUMNS)
    con.execute(f"create table if not exists raw.ingested_files ({cols})")
    for table in ALL_RAW_TABLES:
        cols = ", ".join(f"{name} {sql_type}" for name, sql_type in table.columns())
        con.execute(f"create table if not exists {table.qualified_name} ({cols})")
