"""Reading the warehouse's marts outside Streamlit: scoped, read-only connections (``dhr.access``).

The dashboards' data layer (``dashboards.data``) caches on top of this; ``dhr export`` and the bench
read through it directly, so neither needs Streamlit (issue 16).

* Only ``select`` from ``marts.*``; filter values reach DuckDB only as bound ``$name`` parameters.
* Connections are short-lived and READ-ONLY: ``dhr build`` swaps a new warehouse file in with
  ``os.replace`` and ``dhr ingest`` writes to the file in place, so a connection held for the life of
  the server would read a replaced file and its lock would block ingest. Opening one costs about a
  millisecond.
* A missing warehouse, or one without marts, raises ``WarehouseNotBuilt``; a file held by a writer
  for longer than a short retry raises ``WarehouseUnavailable``. Both carry a message a page can show.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from dhr import access
from dhr.access import AccessDenied, Scope
from dhr.settings import get_settings
from ingest.warehouse_gate import gate

#: Waits (seconds) between attempts to open a warehouse file locked by a writer.
LOCK_RETRY_DELAYS = (0.1, 0.25, 0.5, 1.0)

BUILD_HINT = "run `dhr ingest` and `dhr build` (or `make run`)"

#: When the warehouse was built and the date its figures are as of (every reader may ask).
SQL_BUILD_INFO = """
select built_at, reporting_date, dbt_version, dhr_count, action_count, file_count
from marts.meta_build
order by built_at desc
limit 1
"""


class WarehouseError(RuntimeError):
    """The warehouse cannot answer; ``str(error)`` is written for the person at the screen."""


class WarehouseNotBuilt(WarehouseError):
    """No warehouse file yet, or a file without the marts the dashboards read."""


class WarehouseUnavailable(WarehouseError):
    """The warehouse file exists but cannot be read now (locked by a writer, unreadable)."""


def warehouse_path() -> Path:
    """The warehouse file, read from the settings at call time (so ``DHR_DB`` may change)."""
    return get_settings().warehouse_path


def _stat_stamp(path: Path) -> tuple[int, int, int]:
    st_ = path.stat()
    return (st_.st_ino, st_.st_mtime_ns, st_.st_size)


def warehouse_stamp(path: Path | None = None) -> tuple[int, ...]:
    """Identity of the warehouse as it is now: changes when the file is replaced or written."""
    path = path or warehouse_path()
    try:
        stamp = _stat_stamp(path)
    except FileNotFoundError:
        raise WarehouseNotBuilt(f"There is no warehouse at `{path}` yet: {BUILD_HINT}.") from None
    wal = path.with_name(path.name + ".wal")
    try:
        return stamp + _stat_stamp(wal)
    except FileNotFoundError:
        return stamp


_MART_REFERENCE = re.compile(r"\bmarts\.\"?([A-Za-z_][A-Za-z0-9_]*)")


def warehouse_connection(path: Path, scope: Scope, sql: str = "") -> duckdb.DuckDBPyConnection:
    """An in-memory connection that attaches the warehouse READ-ONLY and exposes each mart as a
    view of ``marts`` narrowed to ``scope`` (rows and columns, ``dhr.access``). Page SQL reads
    ``marts.x`` as before and cannot reach the warehouse around the views."""
    last_error: Exception | None = None
    for delay in (*LOCK_RETRY_DELAYS, None):
        if not path.exists():
            raise WarehouseNotBuilt(f"There is no warehouse at `{path}` yet: {BUILD_HINT}.")
        conn = duckdb.connect(":memory:")
        try:
            conn.execute(f"attach $path as {access.WAREHOUSE_ALIAS} (read_only)", {"path": str(path)})
            break
        except duckdb.IOException as error:
            conn.close()
            message = str(error)
            if "lock" not in message.lower():
                raise WarehouseUnavailable(
                    f"The warehouse at `{path}` cannot be opened ({message.splitlines()[0]}). Rebuild it: {BUILD_HINT}."
                ) from error
            last_error = error
        if delay is not None:
            time.sleep(delay)
    else:
        raise WarehouseUnavailable(
            "The warehouse is being updated right now (`dhr ingest` or `dhr build` is writing to it). "
            "Try again in a minute."
        ) from last_error
    try:
        s = access.SCOPE_SCHEMA
        conn.execute(f"create schema {s}")
        conn.execute(f"create table {s}.force_areas (force_area_code varchar)")
        conn.execute(f"create table {s}.csps (csp_code varchar)")
        conn.execute(
            f"insert into {s}.force_areas select unnest($codes::varchar[])", {"codes": list(scope.force_area_codes)}
        )
        conn.execute(f"insert into {s}.csps select unnest($codes::varchar[])", {"codes": list(scope.csp_codes)})
        # Views for the marts the query names (every mart when it names none).
        all_columns = mart_columns(conn, path)
        referenced = set(_MART_REFERENCE.findall(sql)) or set(all_columns)
        columns = {mart: cols for mart, cols in all_columns.items() if mart in referenced}
        conn.execute("create schema marts")
        for mart, cols in columns.items():
            conn.execute(access.view_sql(mart, cols, scope))
        # Nothing outside the attached warehouse and these views: no files, no further attaches.
        conn.execute("set enable_external_access = false")
        conn.execute("set lock_configuration = true")
    except Exception:
        conn.close()
        raise
    return conn


#: Column lists of the marts by warehouse identity: the catalogue changes only when the file does.
_COLUMNS_BY_STAMP: dict[tuple, dict[str, list[str]]] = {}


def mart_columns(conn: duckdb.DuckDBPyConnection, path: Path) -> dict[str, list[str]]:
    try:
        key = (str(path), warehouse_stamp(path))
    except WarehouseNotBuilt:
        key = None
    if key is not None and key in _COLUMNS_BY_STAMP:
        return _COLUMNS_BY_STAMP[key]
    columns: dict[str, list[str]] = {}
    for table, column in conn.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_catalog = $catalog and table_schema = 'marts' order by table_name, ordinal_position",
        {"catalog": access.WAREHOUSE_ALIAS},
    ).fetchall():
        columns.setdefault(table, []).append(column)
    if key is not None:
        if len(_COLUMNS_BY_STAMP) > 16:
            _COLUMNS_BY_STAMP.clear()
        _COLUMNS_BY_STAMP[key] = columns
    return columns


def check_scope(sql: str, scope: Scope) -> None:
    """Refuse what no scope may run: a query around the scoped views, or a reader without a role."""
    if access.WAREHOUSE_ALIAS in sql or access.SCOPE_SCHEMA in sql:
        raise AccessDenied("This query reaches around the scoped views and is refused.")
    if scope.kind == "none":
        raise AccessDenied("You are signed in without a role, so there is nothing you may see. Ask an administrator.")


def run_query(path: Path, sql: str, params: Mapping[str, Any], scope: Scope) -> pl.DataFrame:
    """Run one query on a fresh scoped read-only connection and return the result as polars.

    Through this process's gate (ingest/warehouse_gate.py): a form sent on the Send forms page is
    ingested in the server's process, and DuckDB refuses a read-only attach while it writes."""
    with gate(path).reading():
        return _run_query(path, sql, params, scope)


def _run_query(path: Path, sql: str, params: Mapping[str, Any], scope: Scope) -> pl.DataFrame:
    conn = warehouse_connection(path, scope, sql)
    try:
        return conn.sql(sql, params=dict(params)).pl()
    except duckdb.CatalogException as error:
        raise WarehouseNotBuilt(
            f"The warehouse at `{path}` has no dashboard marts yet ({str(error).splitlines()[0]}): {BUILD_HINT}."
        ) from error
    except duckdb.BinderException as error:
        if not scope.restricted and any(c in str(error).lower() for c in access.restricted_columns()):
            raise AccessDenied("This needs restricted fields, which your role does not include.") from error
        raise
    finally:
        conn.close()


def clear_columns() -> None:
    """Forget the marts' column lists (tests; an operator who swapped files by hand)."""
    _COLUMNS_BY_STAMP.clear()
