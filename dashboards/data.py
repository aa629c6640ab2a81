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

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from dhr import access, research, warehouse_reader
from dhr.access import AccessDenied, Scope
from dhr.app_state import AppStateBusy
from dhr.research import (  # noqa: F401 - the pages read the release's choices from here
    DEFAULT_YEAR_BAND,
    GEOGRAPHIES,
    NATIONAL_NAME,
    RESEARCH_TOPICS,
    SQL_REGIONS,
    SQL_YEAR_BOUNDS,
    YEAR_BANDS,
)
from dhr.warehouse_reader import (  # noqa: F401 - the pages' guard and messages name these
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
#: Rows the overdue-actions table shows by default.
DEFAULT_OVERDUE_LIMIT = 20

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


#: Session-state keys set at sign-in (dashboards/signin.py); the theme-override page reads them too.
SESSION_USER_KEY = "dhr_user_name"
SESSION_ROLES_KEY = "dhr_user_roles"


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
        # The topic queries only on their way into disclosure control; the pickers as they are.
        allowed = set(RESEARCH_TOPICS.values()) if research else {SQL_REGIONS, SQL_BUILD_INFO, SQL_YEAR_BOUNDS}
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


# --------------------------------------------------------------------------------------------
# Audience pages (issue 4). Scope parameters: `$force_area_code` / `$csp_code` VARCHAR or NULL
# (NULL = no restriction); `$year` INTEGER.
# --------------------------------------------------------------------------------------------

#: Quarters the status trend shows by default (two years of quarterly updates, 003 L712).
DEFAULT_TREND_QUARTERS = 8
#: The national geography of the case-level reports (macro report_scopes).
NATIONAL_CODE = "K04000001"

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

SQL_DHR_PIPELINE = """
select
    csp_name,
    dhr_reference,
    dhr_status,
    dhr_status_label,
    dhr_status_sort_order,
    guidance_version,
    notification_month,
    scoping_deadline_status,
    scoping_deadline_label,
    completion_deadline_status,
    completion_deadline_label,
    scoping_days_over,
    completion_days_over,
    completion_days_remaining,
    is_open,
    is_past_deadline,
    csp_code,
    force_area_code,
    force_area_name,
    dhr_id
from marts.rpt_dhr_pipeline
where ($force_area_code::varchar is null or force_area_code = $force_area_code)
  and ($csp_code::varchar is null or csp_code = $csp_code)
order by
    is_past_deadline desc,
    dhr_status_sort_order,
    greatest(coalesce(scoping_days_over, 0), coalesce(completion_days_over, 0)) desc,
    csp_name,
    dhr_reference
"""

SQL_DHR_STATUS_BY_CSP = """
select
    csp_code,
    csp_name,
    dhr_status,
    dhr_status_label,
    dhr_status_sort_order,
    count(*) as dhr_count,
    count(*) filter (where is_past_deadline) as past_deadline_count
from marts.rpt_dhr_pipeline
where ($force_area_code::varchar is null or force_area_code = $force_area_code)
  and ($csp_code::varchar is null or csp_code = $csp_code)
group by all
order by csp_name, dhr_status_sort_order
"""

_ACTION_STATUS_GROUPED = """
select
    {group} as group_name,
    a.status,
    a.status_label,
    a.status_sort_order,
    count(*) as action_count,
    count(*) filter (where a.is_overdue) as overdue_action_count
from marts.fct_actions as a
join marts.dim_dhrs as d on d.dhr_id = a.dhr_id
where ($force_area_code::varchar is null or a.force_area_code = $force_area_code)
  and ($csp_code::varchar is null or a.csp_code = $csp_code)
group by all
order by group_name, a.status_sort_order
"""
# The grouping column is chosen from this fixed set, never from input.
SQL_ACTION_STATUS_BY_CSP = _ACTION_STATUS_GROUPED.replace("{group}", "d.csp_name")
SQL_ACTION_STATUS_BY_LEAD_AGENCY = _ACTION_STATUS_GROUPED.replace(
    "{group}", "coalesce(nullif(trim(a.lead_agency), ''), 'No lead agency recorded')"
)
SQL_ACTION_STATUS_BY_DHR = _ACTION_STATUS_GROUPED.replace("{group}", "d.dhr_reference")

SQL_SCOPE_OVERDUE_ACTIONS = """
select
    d.csp_name,
    d.dhr_reference,
    a.recommendation_number,
    a.recommendation,
    a.action_number,
    a.action,
    a.lead_agency,
    a.target_date,
    a.days_overdue,
    a.status,
    a.status_label,
    a.snapshot_as_at_date,
    a.csp_code,
    a.dhr_id,
    a.action_id
from marts.fct_actions as a
join marts.dim_dhrs as d on d.dhr_id = a.dhr_id
where a.is_overdue
  and ($force_area_code::varchar is null or a.force_area_code = $force_area_code)
  and ($csp_code::varchar is null or a.csp_code = $csp_code)
order by a.days_overdue desc, d.csp_name, d.dhr_reference, a.action_id
limit $limit
"""

SQL_ACTION_SUMMARY = """
select
    count(*) as action_count,
    count(*) filter (where not a.is_complete) as open_action_count,
    count(*) filter (where a.is_complete) as complete_action_count,
    count(*) filter (where a.is_overdue) as overdue_action_count,
    count(*) filter (where a.completion_timeliness = 'on_time') as on_time_count,
    count(*) filter (where a.completion_timeliness in ('on_time', 'late')) as on_time_known_count,
    count(*) filter (where a.is_complete and a.outcome_achieved = 'yes') as outcome_achieved_count,
    count(*) filter (where a.is_complete and a.outcome_achieved is not null) as outcome_known_count,
    count(distinct a.dhr_id) as dhr_with_actions_count
from marts.fct_actions as a
where ($force_area_code::varchar is null or a.force_area_code = $force_area_code)
  and ($csp_code::varchar is null or a.csp_code = $csp_code)
"""

SQL_ACTION_STATUS_TREND = """
with scoped as (
    select *
    from marts.rpt_action_status_by_quarter
    where ($force_area_code::varchar is null or force_area_code = $force_area_code)
      and ($csp_code::varchar is null or csp_code = $csp_code)
),
last_quarters as (
    select distinct quarter_start
    from scoped
    order by quarter_start desc
    limit $quarters
)
select
    s.quarter,
    s.quarter_start,
    s.quarter_as_at_date,
    bool_or(s.is_quarter_in_progress) as is_quarter_in_progress,
    s.status,
    s.status_label,
    s.status_sort_order,
    sum(s.action_count)::bigint as action_count,
    sum(s.overdue_action_count)::bigint as overdue_action_count,
    sum(s.dhr_count)::bigint as dhr_count
from scoped as s
join last_quarters as q on q.quarter_start = s.quarter_start
group by s.quarter, s.quarter_start, s.quarter_as_at_date, s.status, s.status_label, s.status_sort_order
order by s.quarter_start, s.status_sort_order
"""

SQL_RISK_FACTOR_COMPARISON = """
with local_rows as (
    select *
    from marts.rpt_risk_factor_prevalence
    where geography_level = $geography_level
      and geography_code = $geography_code
      and period_type = 'all_years'
),
national_rows as (
    select *
    from marts.rpt_risk_factor_prevalence
    where geography_level = 'national'
      and period_type = 'all_years'
)
select
    n.factor_code,
    n.factor_label,
    n.factor_category,
    n.subject_type,
    n.factor_sort_order,
    coalesce(l.yes_count, 0) as local_yes_count,
    coalesce(l.prevalence_denominator, 0) as local_denominator,
    coalesce(l.not_known_count, 0) as local_not_known_count,
    coalesce(l.answered_count, 0) as local_answered_count,
    l.prevalence_pct as local_pct,
    n.yes_count as national_yes_count,
    n.prevalence_denominator as national_denominator,
    n.not_known_count as national_not_known_count,
    n.answered_count as national_answered_count,
    n.prevalence_pct as national_pct
from national_rows as n
left join local_rows as l
    on l.factor_code = n.factor_code
    and l.subject_type = n.subject_type
order by n.factor_sort_order, n.subject_type
"""

SQL_ACTION_QUALITY_FLAGS = """
select
    d.dhr_reference,
    f.recommendation_number,
    f.action_number,
    f.item_type,
    f.flag_code,
    f.flag_label,
    f.flag_source,
    f.flag_sort_order,
    f.status,
    f.snapshot_as_at_date,
    f.dhr_id,
    f.quality_flag_id
from marts.fct_action_quality_flags as f
join marts.dim_dhrs as d on d.dhr_id = f.dhr_id
where ($force_area_code::varchar is null or f.force_area_code = $force_area_code)
  and ($csp_code::varchar is null or f.csp_code = $csp_code)
order by d.dhr_reference, f.recommendation_number, f.action_number nulls first, f.flag_sort_order
"""

#: Every action of a CSP's latest action-plan snapshots with the recommendation-level fields of the
#: 003 Annex B layout, for the quarterly progress update download (dashboards/reports/annex_b.py).
SQL_ACTION_PLAN_ROWS = """
select
    d.dhr_id,
    d.dhr_reference,
    d.csp_name,
    d.victim_pseudonym,
    d.latest_action_plan_as_at,
    a.recommendation_number,
    a.recommendation,
    a.recommendation_level,
    a.addressee,
    r.addressee_notified_date,
    r.response_date,
    nr.response,
    a.implementation_status,
    a.recommendation_completion_date,
    a.action_number,
    a.action,
    a.lead_agency,
    a.outcome,
    a.responsible_lead,
    a.milestones,
    a.target_date,
    a.status,
    a.progress,
    a.completion_date,
    a.outcome_achieved,
    a.is_overdue,
    a.days_overdue,
    a.action_id
from marts.fct_actions as a
join marts.dim_dhrs as d on d.dhr_id = a.dhr_id
left join marts.dim_recommendations as r on r.recommendation_id = a.recommendation_id
left join marts.fct_national_recommendations as nr on nr.recommendation_id = a.recommendation_id
where a.csp_code = $csp_code
order by
    d.dhr_reference,
    d.dhr_id,
    try_cast(a.recommendation_number as integer),
    try_cast(string_split(a.action_number, '.')[2] as integer) nulls last,
    a.action_number
"""

SQL_PUBLISHED_BY_YEAR = """
select
    published_year,
    count(*) as dhr_count,
    count(*) filter (where has_data_capture) as with_data_capture_count,
    count(*) filter (where has_action_plan) as with_action_plan_count
from marts.dim_dhrs
where published_year is not null
group by published_year
order by published_year
"""

SQL_PUBLISHED_IN_YEAR_BY_REGION = """
select
    coalesce(region_name, 'Not known') as region_name,
    count(*) as dhr_count
from marts.dim_dhrs
where published_year = $year
group by all
order by dhr_count desc, region_name
"""

SQL_PUBLISHED_IN_YEAR_BY_DEATH_TYPE = """
select
    coalesce(death_type_label, 'Not recorded') as death_type_label,
    count(*) as dhr_count
from marts.dim_dhrs
where published_year = $year
group by all
order by dhr_count desc, death_type_label
"""

#: One topic of rpt_published_year_prevalence for the chosen year, with the earlier years pooled.
SQL_PUBLISHED_PREVALENCE_COMPARISON = """
with rows_ as (
    select *
    from marts.rpt_published_year_prevalence
    where topic = $topic
      and published_year <= $year
),
this_year as (
    select * from rows_ where published_year = $year
),
earlier as (
    select
        subject_type,
        item_code,
        category,
        sum(category_count)::bigint as category_count,
        sum(known_count)::bigint as known_count,
        sum(not_known_count)::bigint as not_known_count,
        sum(total_count)::bigint as total_count,
        min(published_year) as first_year,
        max(published_year) as last_year
    from rows_
    where published_year < $year
    group by all
)
select
    t.subject_type,
    t.item_code,
    t.item_label,
    t.item_group,
    t.item_sort_order,
    t.category,
    t.category_label,
    t.category_sort_order,
    t.published_dhr_count,
    t.category_count,
    t.known_count,
    t.not_known_count,
    t.total_count,
    t.pct,
    t.not_known_pct,
    coalesce(e.category_count, 0) as earlier_category_count,
    coalesce(e.known_count, 0) as earlier_known_count,
    coalesce(e.not_known_count, 0) as earlier_not_known_count,
    coalesce(e.total_count, 0) as earlier_total_count,
    case
        when t.category <> 'not_known' and e.known_count > 0 then round(100.0 * e.category_count / e.known_count, 1)
    end as earlier_pct,
    e.first_year as earlier_first_year,
    e.last_year as earlier_last_year
from this_year as t
left join earlier as e
    on e.subject_type = t.subject_type
    and e.item_code = t.item_code
    and e.category = t.category
order by t.subject_type, t.item_sort_order, t.category_sort_order
"""

SQL_NATIONAL_RECOMMENDATIONS = """
select
    addressee,
    recommendation,
    csp_name,
    force_area_name,
    is_notified,
    is_answered,
    implementation_status,
    implementation_status_label,
    implementation_status_sort_order,
    days_open,
    days_to_response,
    addressee_type_label,
    recommendation_level,
    recommendation_id,
    tracker_sort_order
from marts.fct_national_recommendations
order by tracker_sort_order
"""

SQL_NATIONAL_RECOMMENDATIONS_BY_ADDRESSEE = """
select
    coalesce(addressee, 'Addressee not recorded') as addressee,
    count(*) as recommendation_count,
    count(*) filter (where is_notified) as notified_count,
    count(*) filter (where is_answered) as answered_count,
    count(*) filter (where not is_answered) as not_answered_count,
    count(*) filter (where implementation_status = 'fully_implemented') as fully_implemented_count,
    count(*) filter (where implementation_status = 'missing') as missing_count,
    max(days_open) filter (where not is_answered) as longest_days_open_unanswered
from marts.fct_national_recommendations
group by all
order by not_answered_count desc, longest_days_open_unanswered desc nulls last, addressee
"""

SQL_IMPLEMENTATION_BY_FORCE_AREA = """
select
    fa.force_area_code,
    fa.force_area_name,
    fa.region_name,
    count(a.action_id) as action_count,
    count(a.action_id) filter (where a.is_complete) as complete_action_count,
    count(a.action_id) filter (where a.is_overdue) as overdue_action_count,
    count(a.action_id) filter (where not a.is_complete) as open_action_count,
    count(a.action_id) filter (where a.completion_timeliness = 'on_time') as on_time_count,
    count(a.action_id) filter (where a.completion_timeliness in ('on_time', 'late')) as on_time_known_count,
    count(a.action_id) filter (where a.is_complete and a.outcome_achieved = 'yes') as outcome_achieved_count,
    count(a.action_id) filter (where a.is_complete and a.outcome_achieved is not null) as outcome_known_count
from marts.dim_force_areas as fa
join marts.fct_actions as a on a.force_area_code = fa.force_area_code
group by all
order by fa.force_area_name
"""

# Researcher: aggregates by notification year x region only; never a row about a DHR, a person
# or an action. `$years_from` / `$years_to` INTEGER or NULL; `$regions` VARCHAR[] or NULL.
#: What each topic's chart shows: topic -> (value column, its title, the columns that pick one item).
#: Every chart shows one published figure per band and region, never a sum of controlled figures
#: (a sum over suppressed cells would be wrong, and would differ between policies).
RESEARCH_CHARTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "DHRs by status": ("dhr_count", "DHRs", ("dhr_status",)),
    "Risk factors (Annex A of the statutory guidance)": (
        "prevalence_pct",
        "Answered Yes (% of Yes or No)",
        ("subject_type", "risk_factor"),
    ),
    "Agency contact": ("contact_pct", "Known contact (% of DHRs where known)", ("agency",)),
    "Protected characteristics": ("person_count", "People", ("subject_type", "characteristic", "category")),
    "Home Office DHR Library categories": ("dhr_count", "DHRs", ("dhr_library_category",)),
    "Action-plan delivery": ("action_count", "Actions (latest updates)", ("action_status",)),
    "Timeliness": ("dhr_count", "DHRs", ()),
}


def _scope(force_area_code: str | None = None, csp_code: str | None = None) -> dict[str, str | None]:
    return {
        "force_area_code": None if force_area_code is None else str(force_area_code),
        "csp_code": None if csp_code is None else str(csp_code),
    }


def get_csps(force_area_code: str | None = None) -> pl.DataFrame:
    """CSPs (``marts.dim_csps``), of one force area or all, with their DHRs and actions, by name."""
    return _query(SQL_CSPS, force_area_code=None if force_area_code is None else str(force_area_code))


def get_dhr_pipeline(force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """Every DHR in the scope with its deadlines (``marts.rpt_dhr_pipeline``): past a deadline
    first, then pipeline order, most days over first."""
    return _query(SQL_DHR_PIPELINE, **_scope(force_area_code, csp_code))


def get_dhr_status_by_csp(force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """DHRs by CSP and status (``marts.rpt_dhr_pipeline``), with how many are past a deadline."""
    return _query(SQL_DHR_STATUS_BY_CSP, **_scope(force_area_code, csp_code))


ACTION_GROUPS = {
    "csp": SQL_ACTION_STATUS_BY_CSP,
    "lead_agency": SQL_ACTION_STATUS_BY_LEAD_AGENCY,
    "dhr": SQL_ACTION_STATUS_BY_DHR,
}


def get_action_status_by(group: str, force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """Actions of the latest snapshots by ``group`` ('csp', 'lead_agency' or 'dhr') and status,
    with the overdue ones: columns group_name, status, status_label, status_sort_order,
    action_count, overdue_action_count."""
    try:
        sql = ACTION_GROUPS[group]
    except KeyError:
        raise ValueError(f"group must be one of {sorted(ACTION_GROUPS)}, not {group!r}") from None
    return _query(sql, **_scope(force_area_code, csp_code))


def get_scope_overdue_actions(
    force_area_code: str | None = None, csp_code: str | None = None, limit: int = DEFAULT_OVERDUE_LIMIT
) -> pl.DataFrame:
    """Overdue actions of a force area or CSP with their recommendation, most days overdue first."""
    return _query(SQL_SCOPE_OVERDUE_ACTIONS, limit=max(0, int(limit)), **_scope(force_area_code, csp_code))


def get_action_summary(force_area_code: str | None = None, csp_code: str | None = None) -> dict[str, int]:
    """Headline counts of the latest-snapshot actions in the scope: all, open, complete, overdue,
    completed on time (of those whose timeliness is known) and outcome achieved (of the COMPLETE
    actions with an answer)."""
    return _query(SQL_ACTION_SUMMARY, **_scope(force_area_code, csp_code)).row(0, named=True)


def get_action_status_trend(
    force_area_code: str | None = None, csp_code: str | None = None, quarters: int = DEFAULT_TREND_QUARTERS
) -> pl.DataFrame:
    """Action status in each of the last ``quarters`` calendar quarters
    (``marts.rpt_action_status_by_quarter``, carry-forward rule), summed over the scope."""
    return _query(SQL_ACTION_STATUS_TREND, quarters=max(1, int(quarters)), **_scope(force_area_code, csp_code))


def get_risk_factor_comparison(geography_level: str, geography_code: str) -> pl.DataFrame:
    """Risk-factor prevalence (all notification years) of a force area or CSP beside England and
    Wales (``marts.rpt_risk_factor_prevalence``). Denominators exclude Not known; the counts of
    Not known are returned beside them. Every national factor has a row; a geography with no
    answers has zero counts and a null share."""
    if geography_level not in ("force_area", "csp"):
        raise ValueError(f"geography_level must be 'force_area' or 'csp', not {geography_level!r}")
    return _query(SQL_RISK_FACTOR_COMPARISON, geography_level=geography_level, geography_code=str(geography_code))


def get_action_quality_flags(force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """What a CSP can fix in its latest action plans (``marts.fct_action_quality_flags``), by DHR."""
    return _query(SQL_ACTION_QUALITY_FLAGS, **_scope(force_area_code, csp_code))


def get_action_plan_rows(csp_code: str) -> pl.DataFrame:
    """Every action of the CSP's latest action-plan snapshots with the recommendation-level fields
    of the 003 Annex B layout, ordered by DHR, recommendation and action number."""
    return _query(SQL_ACTION_PLAN_ROWS, csp_code=str(csp_code))


def get_published_by_year() -> pl.DataFrame:
    """DHRs by year of publication (published on or before the reporting date)."""
    return _query(SQL_PUBLISHED_BY_YEAR)


def get_published_in_year_by_region(year: int) -> pl.DataFrame:
    """DHRs published in ``year`` by region, most first."""
    return _query(SQL_PUBLISHED_IN_YEAR_BY_REGION, year=int(year))


def get_published_in_year_by_death_type(year: int) -> pl.DataFrame:
    """DHRs published in ``year`` by death type, most first."""
    return _query(SQL_PUBLISHED_IN_YEAR_BY_DEATH_TYPE, year=int(year))


PREVALENCE_TOPICS = ("risk_factor", "agency_contact", "protected_characteristic")


def get_published_prevalence(topic: str, year: int) -> pl.DataFrame:
    """One topic of ``marts.rpt_published_year_prevalence`` for the DHRs published in ``year``,
    beside the same figures for every earlier publication year pooled (earlier_* columns)."""
    if topic not in PREVALENCE_TOPICS:
        raise ValueError(f"topic must be one of {PREVALENCE_TOPICS}, not {topic!r}")
    return _query(SQL_PUBLISHED_PREVALENCE_COMPARISON, topic=topic, year=int(year))


def get_national_recommendations() -> pl.DataFrame:
    """The national recommendations tracker (``marts.fct_national_recommendations``): not yet
    answered first, longest open first."""
    return _query(SQL_NATIONAL_RECOMMENDATIONS)


def get_national_recommendations_by_addressee() -> pl.DataFrame:
    """National recommendations per addressee: notified, answered, not answered; the addressees
    with the most unanswered recommendations first."""
    return _query(SQL_NATIONAL_RECOMMENDATIONS_BY_ADDRESSEE)


def get_implementation_by_force_area() -> pl.DataFrame:
    """Implementation of the latest-snapshot actions by force area: complete, overdue, completed on
    time and outcome achieved, with their denominators (force areas with actions only)."""
    return _query(SQL_IMPLEMENTATION_BY_FORCE_AREA)


def get_regions() -> list[str]:
    """Region names of ``marts.dim_force_areas`` (Wales is one), alphabetical."""
    return _query(SQL_REGIONS).get_column("region_name").to_list()


def get_research_table(
    topic: str, years: tuple[int, int] | None = None, regions: Iterable[str] | None = None
) -> pl.DataFrame:
    """One researcher topic (``RESEARCH_TOPICS``) as aggregates by notification year x region, AS
    COUNTED: not disclosure-controlled, so refused for researchers, who get
    :func:`get_controlled_research_table` (the Researcher page and ``dhr export`` use that).
    """
    try:
        sql = RESEARCH_TOPICS[topic]
    except KeyError:
        raise ValueError(f"topic must be one of {sorted(RESEARCH_TOPICS)}, not {topic!r}") from None
    if current_scope().kind == "researcher":
        raise AccessDenied("Researchers see disclosure-controlled aggregates only.")
    return _research_query(sql, years, regions)


def _research_query(sql: str, years: tuple[int, int] | None, regions: Iterable[str] | None) -> pl.DataFrame:
    regions_param = None if regions is None else sorted({str(r) for r in regions})
    return _query(sql, _research=True, regions=regions_param, **_year_params(years))


def get_research_bands() -> list[tuple[int, int]]:
    """The fixed bands of notification years every researcher table uses (first, last year)."""
    from dhr import disclosure

    bounds = get_year_bounds()
    return [] if bounds is None else disclosure.year_bands(*bounds)


#: The release is kept for the life of the warehouse file (its stamp is in the key): it costs seconds
#: (linear programs over every table), not milliseconds.
@st.cache_data(max_entries=32, show_spinner="Applying disclosure control to every table of this topic…")
def _cached_release(path: str, stamp: tuple[int, ...], scope_key: tuple, topic: str) -> dict[str, pl.DataFrame]:
    """The whole linked release of one topic (``dhr.research.linked_release``): computed once per
    warehouse and reader, then only sliced."""

    def run(sql: str, **params: Any) -> pl.DataFrame:
        frozen = tuple(sorted(params.items()))
        return _cached_query(path, stamp, sql, frozen, scope_key)

    return research.linked_release(run, topic)


def get_controlled_research_table(
    topic: str,
    years: tuple[int, int] | None = None,
    regions: Iterable[str] | None = None,
    *,
    geography: str = "region",
    year_band: str = DEFAULT_YEAR_BAND,
    policy: str | None = None,
) -> tuple[pl.DataFrame, list[str], Any]:
    """A researcher topic by fixed bands of notification years (or all years), by region with England
    and Wales or nationally, after disclosure control (``dhr.disclosure``, default ``hes``).

    Every table is a slice of the topic's one linked release (``dhr.disclosure.linked_release``),
    so a figure is the same wherever it appears and the tables a researcher can obtain are protected
    together. ``regions`` only picks the rows shown: England and Wales is always the national figure.
    ``years`` must be None: there is no choice of years but the fixed bands (issue 15).

    Returns (frame, count columns, policy). In the frame a suppressed count is null (written ``*``).
    """
    from dhr import disclosure

    chosen = disclosure.get_policy(policy)
    topic = research.canonical_topic(topic)
    research.check_choice(geography=geography, year_band=year_band, years=years)
    scope = current_scope()
    _check_allowed(RESEARCH_TOPICS[topic], scope, research=True)
    path = warehouse_path()
    release = _cached_release(str(path), warehouse_stamp(path), scope.key, topic)
    frame, counts = research.controlled_table(
        release, chosen, geography=geography, year_band=year_band, regions=regions
    )
    return frame, counts, chosen


# --------------------------------------------------------------------------------------------
# Thematic learning (issue 5; docs/themes.md section 8): themes in force, emerging topics,
# learning that repeats, and the analysts' theme overrides (written to the app-state file, never
# to the warehouse).
# --------------------------------------------------------------------------------------------

SQL_THEMES_IN_YEAR = """
select
    theme_code,
    any_value(theme_title) as theme_title,
    any_value(dhr_library_theme) as dhr_library_theme,
    min(theme_sort_order) as theme_sort_order,
    sum(text_count)::bigint as text_count,
    sum(text_count) filter (where text_source = 'recommendation')::bigint as recommendation_count,
    sum(overridden_text_count)::bigint as overridden_text_count
from marts.rpt_text_themes_by_year
where published_year = $year
group by theme_code
order by text_count desc, theme_sort_order
"""

SQL_THEME_DHRS_IN_YEAR = """
select theme_code, count(distinct dhr_id) as dhr_count
from marts.fct_text_themes
where published_year = $year and is_final
group by theme_code
"""

SQL_THEMES_BY_YEAR = """
select published_year, theme_code, any_value(theme_title) as theme_title, sum(text_count)::bigint as text_count
from marts.rpt_text_themes_by_year
where published_year <= $year
group by published_year, theme_code
order by published_year, theme_code
"""

SQL_EMERGING_TOPICS = """
select
    topic_id,
    topic_label,
    top_terms,
    text_count,
    share_of_year,
    share_of_earlier_years,
    is_emerging,
    example_texts
from marts.rpt_emerging_topics
where published_year = $year and text_count > 0
order by is_emerging desc, text_count desc, topic_id
"""

SQL_REPEATED_LEARNING = """
select
    d.dhr_reference,
    r.recommendation,
    r.earlier_dhr_reference,
    r.earlier_year,
    r.earlier_recommendation,
    r.similarity,
    r.link_scope,
    r.earlier_status_summary,
    r.earlier_action_count,
    r.earlier_red_action_count,
    r.earlier_overdue_action_count,
    r.recommendation_year,
    c.csp_name,
    r.recommendation_id,
    r.earlier_recommendation_id
from marts.fct_repeated_learning as r
join marts.dim_dhrs as d on d.dhr_id = r.dhr_id
left join marts.dim_csps as c on c.csp_code = r.csp_code
where ($force_area_code is null or r.force_area_code = $force_area_code)
  and ($csp_code is null or r.csp_code = $csp_code)
  and r.link_rank = 1
order by r.recommendation_year desc, r.similarity desc, r.recommendation_id, r.link_scope
"""

SQL_THEME_TEXTS = """
select
    text_id,
    text_source,
    text,
    text_sha256,
    dhr_reference,
    csp_name,
    force_area_name,
    final_themes,
    predicted_themes,
    top_score,
    is_low_confidence,
    has_override,
    overridden_by,
    overridden_at,
    model_version
from marts.dim_theme_texts
where ($force_area_code is null or force_area_code = $force_area_code)
  and ($csp_code is null or csp_code = $csp_code)
  and ($theme_code is null or list_contains(string_split(final_themes, '|'), $theme_code))
  and (not $low_confidence_only or is_low_confidence)
  and ($text_source is null or text_source = $text_source)
order by has_override, top_score, text_id
limit $limit
"""

SQL_TEXT_THEME_SCORES = """
select theme_code, theme_title, score, is_predicted, is_override_choice, is_final, theme_rank
from marts.fct_text_themes
where text_id = $text_id
order by theme_rank
"""

SQL_THEME_CODES = """
select theme_code, theme_title
from marts.fct_text_themes
group by theme_code, theme_title
order by theme_code
"""


def get_themes_in_year(year: int) -> pl.DataFrame:
    """Themes in force of the texts of DHRs published in ``year`` (overrides win), most frequent
    first: texts, recommendations and DHRs carrying each theme."""
    themes = _query(SQL_THEMES_IN_YEAR, year=int(year))
    dhrs = _query(SQL_THEME_DHRS_IN_YEAR, year=int(year))
    return themes.join(dhrs, on="theme_code", how="left").with_columns(pl.col("dhr_count").fill_null(0))


def get_themes_by_year(year: int) -> pl.DataFrame:
    """Texts per theme for every year of publication up to ``year`` (the trend beside the year)."""
    return _query(SQL_THEMES_BY_YEAR, year=int(year))


def get_emerging_topics(year: int) -> pl.DataFrame:
    """``marts.rpt_emerging_topics`` for a year of publication: emerging topics first."""
    return _query(SQL_EMERGING_TOPICS, year=int(year))


def get_repeated_learning(force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """The most similar earlier recommendation, per scope, of each recommendation in the force area
    or CSP (``marts.fct_repeated_learning``, link_rank 1), latest first."""
    return _query(SQL_REPEATED_LEARNING, **_scope(force_area_code, csp_code))


def get_theme_texts(
    force_area_code: str | None = None,
    csp_code: str | None = None,
    theme_code: str | None = None,
    low_confidence_only: bool = False,
    text_source: str | None = None,
    limit: int = 200,
) -> pl.DataFrame:
    """Texts with their themes for the Theme review page (``marts.dim_theme_texts``): texts without
    an override first, least confident first."""
    return _query(
        SQL_THEME_TEXTS,
        **_scope(force_area_code, csp_code),
        theme_code=theme_code,
        low_confidence_only=bool(low_confidence_only),
        text_source=text_source,
        limit=int(limit),
    )


def get_text_theme_scores(text_id: str) -> pl.DataFrame:
    """The 17 theme scores of one text, with what was predicted, chosen and is in force."""
    return _query(SQL_TEXT_THEME_SCORES, text_id=text_id)


def get_theme_codes() -> pl.DataFrame:
    """Theme codes and titles present in the marts."""
    return _query(SQL_THEME_CODES)


def _require_theme_reviewer() -> None:
    """Overrides live in the app-state file, outside the scoped warehouse views, and name texts of
    every force area: only national users (the Commissioner's analysts) read or write them."""
    if current_scope().kind != "national":
        raise AccessDenied("Theme decisions are reviewed by national analysts only.")


def save_theme_override(
    *,
    text_id: str,
    text: str,
    text_source: str,
    themes: list[str],
    previous_themes: list[str],
    user: str,
    note: str | None = None,
):
    """Record an analyst's decision on a text's themes in the app-state file, with its audit event.

    The warehouse is not written: the next ``dhr build`` copies the decision in and the marts show
    it (``fct_text_themes.is_final``). Raises ValueError on a bad request (no name, no theme).
    """
    from dhr.themes.overrides import record_override

    _require_theme_reviewer()
    try:
        return record_override(
            text_id=text_id,
            text=text,
            text_source=text_source,
            themes=themes,
            previous_themes=previous_themes,
            user=user,
            note=note,
        )
    except AppStateBusy:
        raise WarehouseUnavailable(
            "Your decision was not saved: the record of decisions is busy. Save it again in a moment."
        ) from None


def get_override_history(text_id: str | None = None) -> pl.DataFrame:
    """Every decision recorded in the app-state file (optionally for one text), newest first."""
    from dhr.themes.overrides import override_history

    _require_theme_reviewer()
    try:
        history = override_history(text_id=text_id)
    except AppStateBusy:
        raise WarehouseUnavailable("The record of earlier decisions is busy; it shows again in a moment.") from None
    rows = [
        {
            "override_id": o.override_id,
            "text_id": o.text_id,
            "themes": " | ".join(o.themes),
            "previous_themes": " | ".join(o.previous_themes),
            "overridden_by": o.overridden_by,
            "overridden_at": o.overridden_at,
            "note": o.note or "",
        }
        for o in reversed(history)
    ]
    schema = {
        "override_id": pl.Int64,
        "text_id": pl.Utf8,
        "themes": pl.Utf8,
        "previous_themes": pl.Utf8,
        "overridden_by": pl.Utf8,
        "overridden_at": pl.Datetime,
        "note": pl.Utf8,
    }
    return pl.DataFrame(rows, schema=schema)
