"""Named queries of the oversight pages: the PCC's oversight of its force area (003 L705-716) and the
CSP board (003 L321, L411, L696). Every DHR's deadlines, actions by CSP, lead agency or DHR, overdue
actions, the status trend by quarter, risk factors beside England and Wales, what a CSP can fix in its
action plans, and the rows of the quarterly Annex B progress update.

Scope parameters: ``$force_area_code`` / ``$csp_code`` VARCHAR or NULL (NULL = no restriction).
"""

from __future__ import annotations

import polars as pl

from dashboards.data._core import DEFAULT_OVERDUE_LIMIT, _query, _scope, current_scope

#: Quarters the status trend shows by default (two years of quarterly updates, 003 L712).
DEFAULT_TREND_QUARTERS = 8

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

#: Each open DHR's next duty (issue 18): its earliest unmet duty by due date (``marts.fct_dhr_clocks``),
#: overdue first, most days overdue first. The rule and its file code go to the page, which shows the
#: code only through ``dhr.guidance.plain``.
SQL_NEXT_DUTIES = """
select
    csp_name,
    dhr_reference,
    dhr_status_label,
    duty,
    duty_label,
    owed_by,
    clock_status,
    clock_status_label,
    due_date,
    days_overdue,
    days_remaining,
    start_basis,
    rule_text,
    rule_source,
    guidance_version,
    csp_code,
    force_area_code,
    dhr_id
from marts.fct_dhr_clocks
where is_next_duty
  and is_open_dhr
  and ($force_area_code::varchar is null or force_area_code = $force_area_code)
  and ($csp_code::varchar is null or csp_code = $csp_code)
order by clock_status_sort_order, days_overdue desc nulls last, due_date, csp_name, dhr_reference
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

#: Actions of the latest snapshots by a grouping (``$group``, one of ``ACTION_GROUPS``) and status.
#: One query for every grouping: the grouping is a bound value picking a column, never SQL text.
SQL_ACTION_STATUS_BY_GROUP = """
select
    case $group
        when 'csp' then d.csp_name
        when 'lead_agency' then coalesce(nullif(trim(a.lead_agency), ''), 'No lead agency recorded')
        when 'dhr' then d.dhr_reference
    end as group_name,
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

#: Learning themes of a force area's or CSP's DHRs beside England and Wales (all notification years):
#: every theme of the taxonomy, with zero counts where no local DHR carries it.
SQL_THEME_COMPARISON = """
with local_rows as (
    select *
    from marts.rpt_learning_theme_prevalence
    where geography_level = $geography_level
      and geography_code = $geography_code
      and period_type = 'all_years'
),
national_rows as (
    select *
    from marts.rpt_learning_theme_prevalence
    where geography_level = 'national'
      and period_type = 'all_years'
)
select
    n.theme_code,
    n.theme_title,
    n.theme_sort_order,
    coalesce(l.dhr_count, 0) as local_dhr_count,
    coalesce(l.themed_dhr_count, 0) as local_themed_dhr_count,
    coalesce(l.recommendation_count, 0) as local_recommendation_count,
    l.dhr_pct as local_pct,
    n.dhr_count as national_dhr_count,
    n.themed_dhr_count as national_themed_dhr_count,
    n.dhr_pct as national_pct
from national_rows as n
left join local_rows as l
    on l.theme_code = n.theme_code
order by coalesce(l.dhr_count, 0) desc, n.dhr_count desc, n.theme_sort_order
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
    d.action_plan_governance,
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


def get_dhr_pipeline(force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """Every DHR in the scope with its deadlines (``marts.rpt_dhr_pipeline``): past a deadline
    first, then pipeline order, most days over first."""
    return _query(SQL_DHR_PIPELINE, **_scope(force_area_code, csp_code))


def get_next_duties(force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """Every open DHR in the scope with its next duty, due date and days overdue
    (``marts.fct_dhr_clocks``; issue 18): overdue first, most days overdue first."""
    return _query(SQL_NEXT_DUTIES, **_scope(force_area_code, csp_code))


def get_dhr_status_by_csp(force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """DHRs by CSP and status (``marts.rpt_dhr_pipeline``), with how many are past a deadline."""
    return _query(SQL_DHR_STATUS_BY_CSP, **_scope(force_area_code, csp_code))


#: The groupings ``SQL_ACTION_STATUS_BY_GROUP`` knows: by CSP, by lead agency, by DHR.
ACTION_GROUPS = ("csp", "lead_agency", "dhr")


def get_action_status_by(group: str, force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """Actions of the latest snapshots by ``group`` ('csp', 'lead_agency' or 'dhr') and status,
    with the overdue ones: columns group_name, status, status_label, status_sort_order,
    action_count, overdue_action_count."""
    if group not in ACTION_GROUPS:
        raise ValueError(f"group must be one of {sorted(ACTION_GROUPS)}, not {group!r}")
    return _query(SQL_ACTION_STATUS_BY_GROUP, group=group, **_scope(force_area_code, csp_code))


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


def get_theme_comparison(geography_level: str, geography_code: str) -> pl.DataFrame:
    """Learning themes (all notification years) of a force area's or CSP's DHRs beside England and
    Wales (``marts.rpt_learning_theme_prevalence``): of the DHRs with a themed text, how many carry
    each theme. Most frequent locally first; no rows when no DHR anywhere has a themed text."""
    if geography_level not in ("force_area", "csp"):
        raise ValueError(f"geography_level must be 'force_area' or 'csp', not {geography_level!r}")
    return _query(SQL_THEME_COMPARISON, geography_level=geography_level, geography_code=str(geography_code))


def get_action_quality_flags(force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """What a CSP can fix in its latest action plans (``marts.fct_action_quality_flags``), by DHR."""
    return _query(SQL_ACTION_QUALITY_FLAGS, **_scope(force_area_code, csp_code))


def get_action_plan_rows(csp_code: str) -> pl.DataFrame:
    """Every action of the CSP's latest action-plan snapshots with the recommendation-level fields
    of the 003 Annex B layout and the plan's governance arrangements (003 L776), ordered by DHR,
    recommendation and action number."""
    return _query(SQL_ACTION_PLAN_ROWS, csp_code=str(csp_code))


SQL_QUARTERLY_UPDATES = """
select
    dhr_id, dhr_reference, csp_code, csp_name, quarter_label, quarter_start, due_date, update_status,
    update_file_count, first_received_at, days_past_due, is_plan_complete
from marts.fct_quarterly_updates
where ($force_area_code is null or force_area_code = $force_area_code)
  and ($csp_code is null or csp_code = $csp_code)
order by csp_name, dhr_reference, quarter_start
"""


def get_quarterly_updates(force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """The quarterly-update register (``marts.fct_quarterly_updates``): per DHR with an action plan
    and quarter owed, whether the CSP's quarterly update was received, when, and whether on time."""
    return _query(SQL_QUARTERLY_UPDATES, **_scope(force_area_code, csp_code))


#: What each DHR's latest data capture form (004 Template 29, the Home Office data collection form)
#: records beyond its dates and people: when the Home Office was first notified (month and year only,
#: 003 L602), the children in the household and the verdict of perpetrator 1.
SQL_DHR_CASE_DETAILS = """
select
    csp_name,
    dhr_reference,
    dhr_status_label,
    has_data_capture,
    ho_notified_month,
    children_in_household,
    perpetrator_verdict_label,
    csp_code,
    dhr_id
from marts.dim_dhrs
where ($force_area_code is null or force_area_code = $force_area_code)
  and ($csp_code is null or csp_code = $csp_code)
order by csp_name, dhr_reference, dhr_id
"""

#: The same with the two restricted fields of the form (place of death and method of killing, as
#: types: dhr.access.RESTRICTED_MART_COLUMNS), for readers whose roles carry ``restricted``.
SQL_DHR_CASE_DETAILS_RESTRICTED = SQL_DHR_CASE_DETAILS.replace(
    "    perpetrator_verdict_label,\n",
    "    perpetrator_verdict_label,\n    place_of_death_label,\n    method_of_killing_label,\n",
)


def get_dhr_case_details(force_area_code: str | None = None, csp_code: str | None = None) -> pl.DataFrame:
    """Every DHR in the scope with the Home Office form's notification month, children in the
    household and verdict (``marts.dim_dhrs``); with the place of death and method of killing only
    for a reader with ``restricted`` (everyone else's view of the mart has no such column)."""
    sql = SQL_DHR_CASE_DETAILS_RESTRICTED if current_scope().restricted else SQL_DHR_CASE_DETAILS
    return _query(sql, **_scope(force_area_code, csp_code))
