"""The dashboards' data-access layer: the only code that reads the warehouse.

Rules (docs/design.md §3, §5):

* Only ``select`` from ``marts.*``. Every query is a module-level ``SQL_*`` constant; filter values
  reach DuckDB only as bound ``$name`` parameters, never formatted into the SQL text.
* Every query runs through ``_core``: the reader's scope is checked (researchers only on their way
  into disclosure control), then the query runs on a short-lived read-only connection and its result
  is cached per warehouse file, SQL, parameters and scope.

One module of named queries (``SQL_*`` and ``get_*``) per audience; a page imports the module of its
audience (``from dashboards.data import oversight``):

* ``overview``: the national overview (home page).
* ``oversight``: the PCC's oversight and the CSP board.
* ``annual``: the Commissioner's annual report.
* ``research``: the Researcher page, cached slices of the research core (``dhr.research``).
* ``themes``: thematic learning: themes and emerging topics, repeated learning, theme review and
  overrides.
* ``reference``: what several share: force areas, CSPs, years of notification.

Here only what every page shares: the build stamp, the errors a page shows and the cache.
Every public ``get_*`` function returns a ``polars.DataFrame`` unless it says otherwise.
"""

from dashboards.data._core import (
    BUILD_HINT,
    CACHE_MAX_ENTRIES,
    CACHE_TTL_SECONDS,
    AccessDenied,
    WarehouseError,
    WarehouseNotBuilt,
    WarehouseUnavailable,
    clear_cache,
    get_build_info,
)

__all__ = [
    "BUILD_HINT",
    "CACHE_MAX_ENTRIES",
    "CACHE_TTL_SECONDS",
    "AccessDenied",
    "WarehouseError",
    "WarehouseNotBuilt",
    "WarehouseUnavailable",
    "clear_cache",
    "get_build_info",
]
