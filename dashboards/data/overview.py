"""Named queries of the national overview (the home page): DHRs by year, force area and status, the
headline counts, actions by force area and status, and the most overdue actions, for the sidebar's
force areas and years.

Filters: ``force_area_codes`` is ``None`` for every force area (``[]`` matches nothing); ``years`` is
an inclusive ``(first, last)`` notification-year range, or ``None`` for every DHR including those
whose notification date is not known yet. ``$limit`` is an INTEGER.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from dashboards.data._core import DEFAULT_OVERDUE_LIMIT, _codes_param, _query, _year_params

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
