"""The dashboards' data-access layer: the only code that reads the warehouse.

Rules (docs/design.md §3, §5; style-anchors §5):

* Only ``select`` from ``marts.*``. Every query is a module-level constant; filter values reach
  DuckDB only as bound ``$name`` parameters, never formatted into the SQL text.
* Connections are short-lived and READ-ONLY. ``dhr build`` swaps a new warehouse file in with
  ``os.replace`` and ``dhr ingest`` writes to the file in place: a connection held for the life of
  the server would keep reading the replaced file, and its shared lock would block ingest. Opening
  a read-only DuckDB connection costs about a millisecond, so each query opens and closes one.
* Results are cached with ``st.cache_data`` (bounded by ``ttl`` and ``max_entries``) keyed by the
  file's identity (inode, mtime, size, and the WAL's) plus the SQL and its parameters, so a rebuilt
  or re-ingested warehouse is picked up on the next rerun.
* A missing warehouse, or one without marts, raises ``WarehouseNotBuilt``; a file held by a
  writer for longer than a short retry raises ``WarehouseUnavailable``. Both carry a message a
  page can show as it is (``dashboards.ui.warehouse_guard``).

Every public ``get_*`` function returns a ``polars.DataFrame``. Filters: ``force_area_codes`` is
``None`` for every force area (``[]`` matches nothing); ``years`` is an inclusive
``(first, last)`` notification-year range, or ``None`` for every DHR including those whose
notification date is not known yet.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from dhr.settings import get_settings

#: How long a cached query result may be served without re-reading the warehouse. The file
#: stamp in the cache key already invalidates results when the warehouse changes; the TTL only
#: bounds memory and protects against a filesystem with coarse mtimes.
CACHE_TTL_SECONDS = 600
#: Upper bound on cached results (each is a small aggregate frame).
CACHE_MAX_ENTRIES = 256
#: Waits (seconds) between attempts to open a warehouse file locked by a writer.
LOCK_RETRY_DELAYS = (0.1, 0.25, 0.5, 1.0)
#: Rows the overdue-actions table shows by default.
DEFAULT_OVERDUE_LIMIT = 20

BUILD_HINT = "run `dhr ingest` and `dhr build` (or `make run`)"


class WarehouseError(RuntimeError):
    """The warehouse cannot answer; ``str(error)`` is written for the person at the screen."""


class WarehouseNotBuilt(WarehouseError):
    """No warehouse file yet, or a file without the marts the dashboards read."""


class WarehouseUnavailable(WarehouseError):
    """The warehouse file exists but cannot be read now (locked by a writer, unreadable)."""


# --------------------------------------------------------------------------------------------
# SQL, written out in full. Parameters: `$force_area_codes` VARCHAR[] or NULL (NULL = every
# force area); `$year_from` / `$year_to` INTEGER or NULL (NULL = every DHR); `$limit` INTEGER.
# --------------------------------------------------------------------------------------------


SQL_FORCE_AREAS = """
select
    fa.force_area_code,
    fa.force_area_name,
    fa.country,
    fa.region_name,
    fa.pcc_office_title,
    coalesce(d.dhr_count, 0) as dhr_count
from marts.dim_force_areas as fa
left join (
    select force_area_code, count(*) as dhr_count
    from marts.dim_dhrs
    group by force_area_code
) as d using (force_area_code)
order by fa.force_area_name
"""

SQL_BUILD_INFO = """
select built_at, reporting_date, dbt_version, dhr_count, action_count, file_count
from marts.meta_build
order by built_at desc
limit 1
"""

SQL_YEAR_BOUNDS = """
select min(notification_year) as first_year, max(notification_year) as last_year
from marts.dim_dhrs
"""

SQL_DHRS_BY_YEAR_FORCE_AREA = """
select
    notification_year,
    force_area_code,
    force_area_name,
    region_name,
    dhr_status,
    dhr_status_label,
    dhr_count
from marts.rpt_dhrs_by_year_force_area
where ($force_area_codes is null or list_contains($force_area_codes::varchar[], force_area_code))
  and ($year_from is null or notification_year between $year_from and $year_to)
order by notification_year, force_area_name, dhr_status
"""

SQL_DHR_STATUS_SUMMARY = """
select
    count(*) as dhr_count,
    count(*) filter (where dhr_status = 'published') as published_count,
    count(*) filter (where dhr_status = 'submitted') as submitted_count,
    count(*) filter (where dhr_status = 'in_progress') as in_progress_count,
    count(*) filter (where dhr_status = 'paused') as paused_count,
    count(*) filter (where dhr_status = 'scoping') as scoping_count,
    count(*) filter (where dhr_status = 'not_commissioned') as not_commissioned_count,
    count(*) filter (where has_action_plan) as with_action_plan_count,
    coalesce(sum(action_count), 0)::bigint as action_count,
    coalesce(sum(open_action_count), 0)::bigint as open_action_count,
    coalesce(sum(overdue_action_count), 0)::bigint as overdue_action_count
from marts.dim_dhrs
where ($force_area_codes is null or list_contains($force_area_codes::varchar[], force_area_code))
  and ($year_from is null or notification_year between $year_from and $year_to)
"""

#: All years: the dbt report as built and tested.
SQL_ACTION_STATUS_BY_FORCE_AREA = """
select
    force_area_code,
    force_area_name,
    status,
    status_label,
    status_sort_order,
    action_count,
    overdue_action_count
from marts.rpt_action_status_by_force_area
where ($force_area_codes is null or list_contains($force_area_codes::varchar[], force_area_code))
order by force_area_name, status_sort_order
"""

#: A notification-year range: the same grain from the actions of DHRs notified in those years
#: (the report has no year), with the status sort order the report uses.
SQL_ACTION_STATUS_BY_FORCE_AREA_FOR_YEARS = """
with status_order as (
    select status, min(status_sort_order) as status_sort_order
    from marts.rpt_action_status_by_force_area
    group by status
)
select
    a.force_area_code,
    d.force_area_name,
    a.status,
    a.status_label,
    so.status_sort_order,
    count(*) as action_count,
    count(*) filter (where a.is_overdue) as overdue_action_count
from marts.fct_actions as a
join marts.dim_dhrs as d on d.dhr_id = a.dhr_id
left join status_order as so on so.status = a.status
where ($force_area_codes is null or list_contains($force_area_codes::varchar[], a.force_area_code))
  and ($year_from is null or d.notification_year between $year_from and $year_to)
group by all
order by d.force_area_name, so.status_sort_order
"""

SQL_OVERDUE_ACTIONS = """
select
    d.csp_name,
    d.dhr_reference,
    a.action_number,
    a.lead_agency,
    a.target_date,
    a.days_overdue,
    a.status,
    a.status_label,
    d.force_area_name,
    a.recommendation_number,
    a.action,
    a.snapshot_as_at_date,
    a.dhr_id,
    a.action_id
from marts.fct_actions as a
join marts.dim_dhrs as d on d.dhr_id = a.dhr_id
where a.is_overdue
  and ($force_area_codes is null or list_contains($force_area_codes::varchar[], a.force_area_code))
  and ($year_from is null or d.notification_year between $year_from and $year_to)
order by a.days_overdue desc, d.csp_name, d.dhr_reference, a.action_id
limit $limit
"""


# --------------------------------------------------------------------------------------------
# Connection and cache plumbing
# --------------------------------------------------------------------------------------------


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


def _connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, retrying briefly while a writer holds the file's lock."""
    last_error: Exception | None = None
    for delay in (*LOCK_RETRY_DELAYS, None):
        if not path.exists():
            raise WarehouseNotBuilt(f"There is no warehouse at `{path}` yet: {BUILD_HINT}.")
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.IOException as error:
            message = str(error)
            if "lock" not in message.lower():
                raise WarehouseUnavailable(
                    f"The warehouse at `{path}` cannot be opened ({message.splitlines()[0]}). Rebuild it: {BUILD_HINT}."
                ) from error
            last_error = error
        if delay is not None:
            time.sleep(delay)
    raise WarehouseUnavailable(
        "The warehouse is being updated right now (`dhr ingest` or `dhr build` is writing to it). "
        "Try again in a minute."
    ) from last_error


def _run_query(path: Path, sql: str, params: Mapping[str, Any]) -> pl.DataFrame:
    """Run one query on a fresh read-only connection and return the result as polars."""
    conn = _connect_read_only(path)
    try:
        return conn.sql(sql, params=dict(params)).pl()
    except duckdb.CatalogException as error:
        raise WarehouseNotBuilt(
            f"The warehouse at `{path}` has no dashboard marts yet ({str(error).splitlines()[0]}): {BUILD_HINT}."
        ) from error
    finally:
        conn.close()


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached_query(path: str, stamp: tuple[int, ...], sql: str, params: tuple[tuple[str, Any], ...]) -> pl.DataFrame:
    """Cache key: the file, its stamp, the SQL and the parameters. `stamp` is only a key."""
    del stamp
    return _run_query(
        Path(path), sql, {name: list(value) if isinstance(value, tuple) else value for name, value in params}
    )


def _query(sql: str, **params: Any) -> pl.DataFrame:
    path = warehouse_path()
    stamp = warehouse_stamp(path)
    frozen = tuple(sorted((name, tuple(value) if isinstance(value, list) else value) for name, value in params.items()))
    return _cached_query(str(path), stamp, sql, frozen)


def clear_cache() -> None:
    """Forget every cached result (tests; an operator who swapped files by hand)."""
    _cached_query.clear()


def _codes_param(force_area_codes: Iterable[str] | None) -> list[str] | None:
    if force_area_codes is None:
        return None
    return sorted({str(code) for code in force_area_codes})


def _year_params(years: tuple[int, int] | None) -> dict[str, int | None]:
    if years is None:
        return {"year_from": None, "year_to": None}
    first, last = (int(y) for y in years)
    if first > last:
        first, last = last, first
    return {"year_from": first, "year_to": last}


# --------------------------------------------------------------------------------------------
# Public functions: one per question a page asks
# --------------------------------------------------------------------------------------------


def get_force_areas() -> pl.DataFrame:
    """Every force area (``marts.dim_force_areas``) with its number of DHRs, by name."""
    return _query(SQL_FORCE_AREAS)


def get_build_info() -> pl.DataFrame:
    """The one row of ``marts.meta_build``: built_at, reporting_date, dbt_version, counts."""
    return _query(SQL_BUILD_INFO)


def get_year_bounds() -> tuple[int, int] | None:
    """First and last notification year in ``marts.dim_dhrs``, or None when no DHR has one."""
    row = _query(SQL_YEAR_BOUNDS).row(0, named=True)
    if row["first_year"] is None:
        return None
    return int(row["first_year"]), int(row["last_year"])


def get_dhr_counts_by_year_force_area(
    force_area_codes: Iterable[str] | None = None, years: tuple[int, int] | None = None
) -> pl.DataFrame:
    """``marts.rpt_dhrs_by_year_force_area`` rows (year x force area x status, with dhr_count)."""
    return _query(SQL_DHRS_BY_YEAR_FORCE_AREA, force_area_codes=_codes_param(force_area_codes), **_year_params(years))


def get_dhr_status_summary(
    force_area_codes: Iterable[str] | None = None, years: tuple[int, int] | None = None
) -> pl.DataFrame:
    """One row of headline counts from ``marts.dim_dhrs``: DHRs by status, and their actions
    (all, open, overdue; latest action-plan snapshot)."""
    return _query(SQL_DHR_STATUS_SUMMARY, force_area_codes=_codes_param(force_area_codes), **_year_params(years))


def get_action_status_by_force_area(
    force_area_codes: Iterable[str] | None = None, years: tuple[int, int] | None = None
) -> pl.DataFrame:
    """Actions of the latest snapshots by force area and status (RED/AMBER/GREEN/COMPLETE).

    Without ``years`` this is ``marts.rpt_action_status_by_force_area`` as built; with ``years``
    it is the same grain over the actions of DHRs notified in those years (``marts.fct_actions``).
    """
    codes = _codes_param(force_area_codes)
    if years is None:
        return _query(SQL_ACTION_STATUS_BY_FORCE_AREA, force_area_codes=codes)
    return _query(SQL_ACTION_STATUS_BY_FORCE_AREA_FOR_YEARS, force_area_codes=codes, **_year_params(years))


def get_overdue_actions(
    force_area_codes: Iterable[str] | None = None,
    limit: int = DEFAULT_OVERDUE_LIMIT,
    years: tuple[int, int] | None = None,
) -> pl.DataFrame:
    """The most overdue actions (``marts.fct_actions.is_overdue``), most days overdue first."""
    return _query(
        SQL_OVERDUE_ACTIONS,
        force_area_codes=_codes_param(force_area_codes),
        limit=max(0, int(limit)),
        **_year_params(years),
    )
