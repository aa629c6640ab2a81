"""The raw layer's tables, created from `form_contract.spec` so the forms and the schema cannot drift."""

from __future__ import annotations

import duckdb

from form_contract.spec import ALL_RAW_TABLES
from ingest.privacy_scan import TEXT_FINDINGS_COLUMNS

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
    # Added by issue 7: what the officer should know that did not reject the file (extra columns
    # ignored, hidden sheets skipped, free text withheld). Existing warehouses get it by ALTER.
    ("notes", "json"),
    # Added by issue 14: how an accepted file was read (values inferred, mapped or left out, in
    # plain words) and which values came from somewhere other than a labelled field, and where.
    ("warnings", "json"),
    ("inferred", "json"),
    # Added by issue 17: the CSP of the dashboard account that sent the file, when the account covers
    # one CSP; null for `dhr ingest` and for PCC and national accounts (ingest/raw_store.py, Receipt).
    ("sender_csp_code", "varchar"),
)

#: Tables of the raw layer that ingest writes about files rather than form content, and their
#: columns (the dbt `dhr_forms` source documents them beside the form tables of form_contract/spec.py).
INGEST_LOG_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "ingested_files": INGESTED_FILES_COLUMNS,
    "text_findings": TEXT_FINDINGS_COLUMNS,
}


def create_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and every raw table if they do not exist (idempotent)."""
    con.execute("create schema if not exists raw")
    cols = ", ".join(f"{name} {sql_type}" for name, sql_type in INGESTED_FILES_COLUMNS)
    con.execute(f"create table if not exists raw.ingested_files ({cols})")
    for name, sql_type in INGESTED_FILES_COLUMNS:  # a warehouse made before a column was added
        con.execute(f"alter table raw.ingested_files add column if not exists {name} {sql_type.split()[0]}")
    cols = ", ".join(f"{name} {sql_type}" for name, sql_type in TEXT_FINDINGS_COLUMNS)
    con.execute(f"create table if not exists raw.text_findings ({cols})")
    for table in ALL_RAW_TABLES:
        cols = ", ".join(f"{name} {sql_type}" for name, sql_type in table.columns())
        con.execute(f"create table if not exists {table.qualified_name} ({cols})")
        for name, sql_type in table.columns():  # a field added to the spec after the warehouse was made
            con.execute(f"alter table {table.qualified_name} add column if not exists {name} {sql_type}")
