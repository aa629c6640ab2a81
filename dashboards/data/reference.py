"""Named queries several pages share: force areas, CSPs and the notification years there are
(the sidebar's and the pages' pickers, sign-in's place names)."""

from __future__ import annotations

import polars as pl

from dashboards.data._core import _query
from dhr.research import SQL_YEAR_BOUNDS

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

SQL_CSPS = """
select
    c.csp_code,
    c.csp_name,
    c.force_area_code,
    c.force_area_name,
    c.region_name,
    coalesce(d.dhr_count, 0) as dhr_count,
    coalesce(d.action_count, 0) as action_count
from marts.dim_csps as c
left join (
    select csp_code, count(*) as dhr_count, sum(action_count)::bigint as action_count
    from marts.dim_dhrs
    group by csp_code
) as d using (csp_code)
where ($force_area_code::varchar is null or c.force_area_code = $force_area_code)
order by c.csp_name
"""


def get_force_areas() -> pl.DataFrame:
    """Every force area (``marts.dim_force_areas``) with its number of DHRs, by name."""
    return _query(SQL_FORCE_AREAS)


def get_csps(force_area_code: str | None = None) -> pl.DataFrame:
    """CSPs (``marts.dim_csps``), of one force area or all, with their DHRs and actions, by name."""
    return _query(SQL_CSPS, force_area_code=None if force_area_code is None else str(force_area_code))


def get_year_bounds() -> tuple[int, int] | None:
    """First and last notification year in ``marts.dim_dhrs``, or None when no DHR has one."""
    row = _query(SQL_YEAR_BOUNDS).row(0, named=True)
    if row["first_year"] is None:
        return None
    return int(row["first_year"]), int(row["last_year"])
