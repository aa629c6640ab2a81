-- Obstacles to implementation, for the Commissioner's annual report: the Commissioner "will engage
-- with CSPs to understand the progress of delivery of action plans and be a point of escalation for
-- instances where there are obstacles to implementation" (003 L730; Annex B, 003 L802). Per kind of
-- agency an action is addressed to, and for England and Wales: the open actions, those the CSP marks
-- RED ("Action required", 004 Template 25's status key, 004 L4628-4638: the CSP's own word that
-- something blocks it), those overdue, and those stalled: overdue by more than
-- var('stalled_action_days') at the reporting date, how many DHRs and force areas hold them.
-- Actions are those of each DHR's latest action-plan update (fct_actions), whatever the year.

with

actions as (

    select * from {{ ref('fct_actions') }}
    where not is_complete

),

agency_types as (

    select code, label, sort_order from {{ ref('code_lists') }}
    where code_list = 'recommendation_addressee_type'

),

flagged as (

    select
        *,
        coalesce(addressee_type, 'other') as agency_type,
        is_overdue and days_overdue > {{ var('stalled_action_days') }} as is_stalled,
    from actions

),

grouped as (

    select
        case when grouping(agency_type) = 1 then 'all' else agency_type end as agency_type,
        grouping(agency_type) = 1 as is_national,
        count(*) as open_action_count,
        count(*) filter (where status = 'red') as red_action_count,
        count(*) filter (where is_overdue) as overdue_action_count,
        count(*) filter (where is_stalled) as stalled_action_count,
        count(distinct dhr_id) filter (where is_stalled) as stalled_dhr_count,
        count(distinct force_area_code) filter (where is_stalled) as stalled_force_area_count,
        median(days_overdue) filter (where is_overdue) as median_days_overdue,
    from flagged
    group by grouping sets ((agency_type), ())

),

final as (

    select
        ----------  ids
        grouped.agency_type,

        ----------  text
        case when grouped.is_national then 'All agencies' else coalesce(agency_types.label, grouped.agency_type) end
            as agency_type_label,

        ----------  numerics
        coalesce(agency_types.sort_order, 0) as agency_type_sort_order,
        grouped.open_action_count,
        grouped.red_action_count,
        grouped.overdue_action_count,
        grouped.stalled_action_count,
        grouped.stalled_dhr_count,
        grouped.stalled_force_area_count,
        cast(grouped.median_days_overdue as integer) as median_days_overdue,

        ----------  booleans
        grouped.is_national,

    from grouped
    left join agency_types on agency_types.code = grouped.agency_type

)

select * from final
