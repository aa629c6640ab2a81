-- What a CSP can fix in its latest action plan, one row per problem: the checks of the DHR
-- submission checklist (003 Annex I, 003 L1156-1163) and the action plan guidance (003 Annex B,
-- 003 L788-799). Actions: every column filled in (lead agency, key milestones, target date,
-- 003 L1158), a clear outcome (003 L1159; outcome focussed, 003 L798), a responsible owner
-- (003 L799), a date of completion on every COMPLETE action (003 L1160) and none on an action not
-- COMPLETE. Recommendations: a completion date once every action is COMPLETE (003 L1163).
-- The flags and their labels are code list `quality_flag` (seeds/code_lists/code_lists.csv).

with

actions as (

    select * from {{ ref('fct_actions') }}

),

recommendations as (

    select * from {{ ref('dim_recommendations') }}

),

flags as (

    select * from {{ ref('code_lists') }}
    where code_list = 'quality_flag'

),

action_checks as (

    select
        action_id,
        recommendation_id,
        dhr_id,
        csp_code,
        force_area_code,
        recommendation_number,
        action_number,
        status,
        snapshot_as_at_date,
        nullif(trim(lead_agency), '') is null as action_missing_lead_agency,
        target_date is null as action_missing_target_date,
        nullif(trim(milestones), '') is null as action_missing_milestones,
        nullif(trim(outcome), '') is null as action_missing_outcome,
        nullif(trim(responsible_lead), '') is null as action_missing_responsible_lead,
        coalesce(status = 'complete' and completion_date is null, false) as action_complete_without_completion_date,
        coalesce(status is distinct from 'complete' and completion_date is not null, false)
            as action_completion_date_not_complete,
    from actions

),

action_flags as (

    unpivot action_checks
    on
        action_missing_lead_agency,
        action_missing_target_date,
        action_missing_milestones,
        action_missing_outcome,
        action_missing_responsible_lead,
        action_complete_without_completion_date,
        action_completion_date_not_complete
    into
        name flag_code
        value is_flagged

),

recommendation_flags as (

    select
        cast(null as varchar) as action_id,
        recommendation_id,
        dhr_id,
        csp_code,
        force_area_code,
        recommendation_number,
        cast(null as varchar) as action_number,
        cast(null as varchar) as status,
        snapshot_as_at_date,
        'recommendation_complete_without_completion_date' as flag_code,
        is_missing_completion_date as is_flagged,
    from recommendations

),

unioned as (

    select 'action' as item_type, * from action_flags
    where is_flagged

    union all by name

    select 'recommendation' as item_type, * from recommendation_flags
    where is_flagged

),

final as (

    select
        ----------  ids
        coalesce(unioned.action_id, unioned.recommendation_id) || '|' || unioned.flag_code as quality_flag_id,
        unioned.dhr_id,
        unioned.action_id,
        unioned.recommendation_id,
        unioned.csp_code,
        unioned.force_area_code,

        ----------  text
        unioned.item_type,
        unioned.action_number,
        flags.label as flag_label,
        flags.source as flag_source,

        ----------  codes
        unioned.flag_code,
        unioned.status,

        ----------  numerics
        unioned.recommendation_number,
        flags.sort_order as flag_sort_order,

        ----------  dates
        unioned.snapshot_as_at_date,

    from unioned
    left join flags
        on unioned.flag_code = flags.code

)

select * from final
