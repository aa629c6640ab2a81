-- One row per DHR known from any form, with its facts combined from the latest forms, its status
-- at the reporting date and the counts of its latest action-plan snapshot (docs/design.md
-- sections 4-5). Dates about the case are month and year only (003 L602).

with

case_facts as (

    select * from {{ ref('int_dhrs__case_facts_combined') }}

),

snapshots as (

    select * from {{ ref('int_action_plan_snapshots__ranked') }}

),

actions as (

    select * from {{ ref('fct_actions') }}

),

csps as (

    select * from {{ ref('dim_csps') }}

),

guidance_rules as (

    select * from {{ ref('guidance_rules') }}

),

code_lists as (

    select * from {{ ref('code_lists') }}

),

latest_snapshots as (

    select
        dhr_id,
        max(as_at_date) filter (where is_latest_snapshot) as latest_action_plan_as_at,
        count(*) filter (where not is_superseded) as action_plan_snapshot_count,
    from snapshots
    group by dhr_id

),

action_counts as (

    select
        dhr_id,
        count(*) as action_count,
        count(*) filter (where not is_complete) as open_action_count,
        count(*) filter (where is_complete) as complete_action_count,
        count(*) filter (where is_overdue) as overdue_action_count,
    from actions
    group by dhr_id

),

joined as (

    select
        case_facts.*,
        csps.csp_name,
        csps.force_area_code,
        csps.force_area_name,
        csps.region_name,
        guidance_rules.guidance_version,
        death_types.label as death_type_label,
        decisions.label as decision_label,
        statuses.label as dhr_status_label,
        statuses.sort_order as dhr_status_sort_order,
        latest_snapshots.latest_action_plan_as_at,
        coalesce(latest_snapshots.action_plan_snapshot_count, 0) as action_plan_snapshot_count,
        coalesce(action_counts.action_count, 0) as action_count,
        coalesce(action_counts.open_action_count, 0) as open_action_count,
        coalesce(action_counts.complete_action_count, 0) as complete_action_count,
        coalesce(action_counts.overdue_action_count, 0) as overdue_action_count,
    from case_facts
    left join csps
        on case_facts.csp_code = csps.csp_code
    left join guidance_rules
        on case_facts.notification_date
            between guidance_rules.applies_from_notification_date
            and guidance_rules.applies_to_notification_date
    left join code_lists as death_types
        on death_types.code_list = 'death_type'
        and case_facts.death_type = death_types.code
    left join code_lists as decisions
        on decisions.code_list = 'scoping_decision'
        and case_facts.decision = decisions.code
    left join code_lists as statuses
        on statuses.code_list = 'dhr_status'
        and case_facts.dhr_status = statuses.code
    left join latest_snapshots
        on case_facts.dhr_id = latest_snapshots.dhr_id
    left join action_counts
        on case_facts.dhr_id = action_counts.dhr_id

),

final as (

    select
        ----------  ids
        dhr_id,
        csp_code,
        force_area_code,

        ----------  text
        csp_name,
        force_area_name,
        region_name,
        dhr_reference,
        victim_pseudonym,
        death_type,
        death_type_label,
        decision,
        decision_label,
        dhr_status,
        dhr_status_label,
        dhr_status_sort_order,
        guidance_version,
        facts_source,
        delay_reason,

        ----------  numerics
        cast(year(notification_date) as integer) as notification_year,
        case when dhr_status = 'published' then cast(year(published_date) as integer) end as published_year,
        action_plan_snapshot_count,
        action_count,
        open_action_count,
        complete_action_count,
        overdue_action_count,

        ----------  booleans
        has_scoping_review,
        has_data_capture,
        has_action_plan,

        ----------  dates (first day of the month: 003 L602)
        cast(date_trunc('month', notification_date) as date) as notification_month,
        cast(date_trunc('month', submitted_date) as date) as submitted_month,
        case when dhr_status = 'published' then cast(date_trunc('month', published_date) as date) end as published_month,
        latest_action_plan_as_at,
        reporting_date,

    from joined

)

select * from final
