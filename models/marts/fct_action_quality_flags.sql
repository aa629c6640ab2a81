-- Completeness checks on each action of the latest action-plan snapshots, from the DHR
-- submission checklist (003 Annex I, 003 L1158-1163) and the action plan guidance (003 Annex B,
-- 003 L788-798): every column filled in (action, lead agency, milestones, target date), a clear
-- outcome, a responsible owner, and a completion date on every COMPLETE action.

with

actions as (

    select * from {{ ref('fct_actions') }}

),

flagged as (

    select
        action_id,
        dhr_id,
        csp_code,
        force_area_code,
        action_number,
        status,
        status_label,
        nullif(trim(lead_agency), '') is null as is_missing_lead_agency,
        target_date is null as is_missing_target_date,
        nullif(trim(outcome), '') is null as is_missing_outcome,
        nullif(trim(milestones), '') is null as is_missing_milestones,
        nullif(trim(responsible_lead), '') is null as is_missing_responsible_lead,
        coalesce(status = 'complete' and completion_date is null, false) as is_complete_without_completion_date,
        coalesce(status <> 'complete' and completion_date is not null, false) as is_completion_date_not_complete,
    from actions

),

counted as (

    select
        *,
        (
            is_missing_lead_agency::integer
            + is_missing_target_date::integer
            + is_missing_outcome::integer
            + is_missing_milestones::integer
            + is_missing_responsible_lead::integer
            + is_complete_without_completion_date::integer
            + is_completion_date_not_complete::integer
        ) as quality_flag_count,
    from flagged

),

final as (

    select
        *,
        quality_flag_count > 0 as has_quality_flag,
    from counted

)

select * from final
