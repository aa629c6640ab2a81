"""Named queries of the Commissioner's annual thematic report (003 L727-732): DHRs published by year,
region and death type, the prevalence of risk factors, agency contact and protected characteristics
beside earlier years, the national recommendations tracker and implementation by force area. The
report's themes and emerging topics are thematic learning (``dashboards.data.themes``)."""

from __future__ import annotations

import polars as pl

from dashboards.data._core import _query

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

#: Children in the household (004 Template 29, 004 L4256) of the DHRs published in each year up to
#: the chosen one: DHRs with a data capture form, with one child or more, with none, and not given.
SQL_CHILDREN_IN_HOUSEHOLD_BY_YEAR = """
select
    published_year,
    count(*) filter (where has_data_capture) as with_data_capture_count,
    count(*) filter (where has_data_capture and children_in_household > 0) as with_children_count,
    count(*) filter (where has_data_capture and children_in_household = 0) as without_children_count,
    count(*) filter (where has_data_capture and children_in_household is null) as not_known_count,
    coalesce(sum(children_in_household) filter (where has_data_capture and children_in_household > 0), 0)::bigint
        as children_count
from marts.dim_dhrs
where published_year is not null
  and published_year <= $year
group by published_year
order by published_year
"""

#: DHRs published in the year by the verdict of perpetrator 1 (004 Template 29 "Details of
#: verdict", 004 L4241), of those with a data capture form.
SQL_PUBLISHED_IN_YEAR_BY_VERDICT = """
select
    coalesce(perpetrator_verdict_label, 'Not recorded') as verdict_label,
    count(*) as dhr_count
from marts.dim_dhrs
where published_year = $year
  and has_data_capture
group by all
order by dhr_count desc, verdict_label
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

#: Per department under its current name (issue 18: DLUHC and MHCLG were counted apart), from the
#: Commissioner's office's tracker; the CSP's reported status as on the plans.
SQL_NATIONAL_RECOMMENDATIONS_BY_ADDRESSEE = """
select
    department_name as addressee,
    count(*) as recommendation_count,
    count(*) filter (where is_notified) as notified_count,
    count(*) filter (where is_answered) as answered_count,
    count(*) filter (where not is_answered) as not_answered_count,
    count(*) filter (where csp_reported_status = 'fully_implemented') as fully_implemented_count,
    count(*) filter (where csp_reported_status = 'missing') as missing_count,
    max(days_outstanding) filter (where not is_answered) as longest_days_open_unanswered
from marts.fct_national_recommendation_tracker
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


SQL_TIMELINESS_IN_YEAR = """
select
    region_name,
    is_national,
    guidance_version,
    dhr_count,
    median_days_notification_to_publication,
    median_days_to_completion,
    completion_known_count,
    completed_within_target_count,
    completed_within_target_pct,
    scoping_known_count,
    scoping_within_target_count,
    delayed_count,
    main_delay_reason_label
from marts.rpt_timeliness_by_published_year
where published_year = $year
order by is_national desc, guidance_version, region_name
"""


SQL_IMPLEMENTATION_OBSTACLES = """
select
    agency_type,
    agency_type_label,
    is_national,
    open_action_count,
    red_action_count,
    overdue_action_count,
    stalled_action_count,
    stalled_dhr_count,
    stalled_force_area_count,
    median_days_overdue
from marts.rpt_implementation_obstacles
order by is_national desc, stalled_action_count desc, agency_type_sort_order
"""


SQL_NATIONAL_ESCALATIONS = """
select
    count(*) as recommendation_count,
    count(*) filter (where answer_due_date < reporting_date) as past_due_count,
    count(*) filter (where is_unanswered_after_answer_period) as unanswered_after_period_count,
    count(*) filter (where is_escalated) as escalated_count,
    count(*) filter (where is_due_for_escalation and not is_escalated) as due_for_escalation_count,
    any_value(answer_days) as answer_days
from marts.fct_national_recommendation_tracker
"""


def get_national_escalations() -> pl.DataFrame:
    """One row: national recommendations whose answer period has run out, those unanswered within it,
    escalated by the Commissioner's office, and due for escalation (``marts.fct_national_recommendation_tracker``)."""
    return _query(SQL_NATIONAL_ESCALATIONS)


def get_implementation_obstacles() -> pl.DataFrame:
    """Open, RED, overdue and stalled actions by kind of agency, all agencies first
    (``marts.rpt_implementation_obstacles``)."""
    return _query(SQL_IMPLEMENTATION_OBSTACLES)


def get_timeliness_in_year(year: int) -> pl.DataFrame:
    """Timeliness and delays of the DHRs published in ``year`` by region and guidance version, the
    England and Wales rows first (``marts.rpt_timeliness_by_published_year``)."""
    return _query(SQL_TIMELINESS_IN_YEAR, year=int(year))


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
    """National recommendations per department under its current name (``addressee``; the name as
    written where it is no department's): notified, answered, not answered; the departments with the
    most unanswered recommendations first."""
    return _query(SQL_NATIONAL_RECOMMENDATIONS_BY_ADDRESSEE)


def get_implementation_by_force_area() -> pl.DataFrame:
    """Implementation of the latest-snapshot actions by force area: complete, overdue, completed on
    time and outcome achieved, with their denominators (force areas with actions only)."""
    return _query(SQL_IMPLEMENTATION_BY_FORCE_AREA)


def get_children_in_household_by_year(year: int) -> pl.DataFrame:
    """DHRs published in each year up to ``year`` with a data capture form, and how many of them
    had children in the household, none, or did not say (with the children counted)."""
    return _query(SQL_CHILDREN_IN_HOUSEHOLD_BY_YEAR, year=int(year))


def get_published_in_year_by_verdict(year: int) -> pl.DataFrame:
    """DHRs published in ``year`` with a data capture form by the verdict of perpetrator 1, most first."""
    return _query(SQL_PUBLISHED_IN_YEAR_BY_VERDICT, year=int(year))
