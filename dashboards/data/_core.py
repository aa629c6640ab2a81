"""What every query of the data layer shares: the reader's scope, the scope check, the cache and the
errors a page shows. The queries themselves live in one module per audience beside this one.

* Connections are short-lived and READ-ONLY (``dhr.warehouse_reader``). ``dhr build`` swaps a new
  warehouse file in with ``os.replace`` and ``dhr ingest`` writes to the file in place: a connection
  held for the life of the server would keep reading the replaced file, and its shared lock would
  block ingest. Opening a read-only DuckDB connection costs about a millisecond, so each query opens
  and closes one.
* Results are cached with ``st.cache_data`` (bounded by ``ttl`` and ``max_entries``) keyed by the
  file's identity (inode, mtime, size, and the WAL's) plus the SQL, its parameters and the reader's
  scope, so a rebuilt or re-ingested warehouse is picked up on the next rerun.
* A missing warehouse, or one without marts, raises ``WarehouseNotBuilt``; a file held by a writer
  for longer than a short retry raises ``WarehouseUnavailable``. Both carry a message a page can show
  as it is (``dashboards.ui.warehouse_guard``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from dhr import access, warehouse_reader
from dhr.access import AccessDenied, Scope
from dhr.research import RESEARCH_TOPICS, SQL_REGIONS, SQL_YEAR_BOUNDS
from dhr.warehouse_reader import (  # noqa: F401 - the package names the errors for the pages (__init__.py)
    BUILD_HINT,
    SQL_BUILD_INFO,
    WarehouseError,
    WarehouseNotBuilt,
    WarehouseUnavailable,
    warehouse_path,
    warehouse_stamp,
)

#: How long a cached query result may be served without re-reading the warehouse. The file
#: stamp in the cache key already invalidates results when the warehouse changes; the TTL only
#: bounds memory and protects against a filesystem with coarse mtimes.
CACHE_TTL_SECONDS = 600
#: Upper bound on cached results (each is a small aggregate frame).
CACHE_MAX_ENTRIES = 256
#: Rows the overdue-actions tables show by default (the overview's and the oversight pages').
DEFAULT_OVERDUE_LIMIT = 20

#: Session-state key set at sign-in (dashboards/signin.py ``ROLES_KEY``): the reader's roles.
SESSION_ROLES_KEY = "dhr_user_roles"

#: The only queries a researcher may run as they are: the pickers of the Researcher page and the
#: build stamp. The topic queries run only on their way into disclosure control (``research=True``).
RESEARCHER_PICKERS = frozenset({SQL_REGIONS, SQL_BUILD_INFO, SQL_YEAR_BOUNDS})
RESEARCHER_TOPIC_QUERIES = frozenset(RESEARCH_TOPICS.values())


def current_scope() -> Scope:
    """The scope of the reader: inside a Streamlit run, the signed-in user's roles (no user: no
    access); elsewhere (``dhr export``, tests) the scope set with ``dhr.access.using_scope``."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is not None:
        return Scope.from_roles(st.session_state.get(SESSION_ROLES_KEY))
    return access.explicit_scope() or access.NO_ACCESS


def _check_allowed(sql: str, scope: Scope, *, research: bool = False) -> None:
    """Refuse a query the scope may not run, before touching the warehouse."""
    warehouse_reader.check_scope(sql, scope)
    if scope.kind == "researcher":
        allowed = RESEARCHER_TOPIC_QUERIES if research else RESEARCHER_PICKERS
        if sql not in allowed:
            raise AccessDenied("Researchers see disclosure-controlled aggregates only (the Researcher page).")


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached_query(
    path: str, stamp: tuple[int, ...], sql: str, params: tuple[tuple[str, Any], ...], scope_key: tuple
) -> pl.DataFrame:
    """Cache key: the file, its stamp, the SQL, the parameters and the reader's scope."""
    del stamp
    kind, forces, csps, restricted = scope_key
    scope = Scope(kind, tuple(forces), tuple(csps), bool(restricted))
    return warehouse_reader.run_query(
        Path(path), sql, {name: list(value) if isinstance(value, tuple) else value for name, value in params}, scope
    )


def _query(sql: str, *, _research: bool = False, **params: Any) -> pl.DataFrame:
    """Run one of the layer's queries as the current reader, through the cache."""
    scope = current_scope()
    _check_allowed(sql, scope, research=_research)
    path = warehouse_path()
    stamp = warehouse_stamp(path)
    frozen = tuple(sorted((name, tuple(value) if isinstance(value, list) else value) for name, value in params.items()))
    return _cached_query(str(path), stamp, sql, frozen, scope.key)


def clear_cache() -> None:
    """Forget every cached result (tests; an operator who swapped files by hand)."""
    _cached_query.clear()
    warehouse_reader.clear_columns()


def get_build_info() -> pl.DataFrame:
    """The one row of ``marts.meta_build``: built_at, reporting_date, dbt_version, counts."""
    return _query(SQL_BUILD_INFO)


# --------------------------------------------------------------------------------------------
# Parameters. `$force_area_codes` VARCHAR[] or NULL (NULL = every force area); `$year_from` /
# `$year_to` INTEGER or NULL (NULL = every DHR); `$force_area_code` / `$csp_code` VARCHAR or NULL
# (NULL = no restriction).
# --------------------------------------------------------------------------------------------


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


def _scope(force_area_code: str | None = None, csp_code: str | None = None) -> dict[str, str | None]:
    return {
        "force_area_code": None if force_area_code is None else str(force_area_code),
        "csp_code": None if csp_code is None else str(csp_code),
    }
