-- The actions of each DHR's latest action-plan snapshot, with whether each is overdue at the
-- reporting date: target date before the reporting date and status not COMPLETE
-- (docs/design.md section 4; status key 004 L4628-4638); and, for COMPLETE actions, whether they
-- were completed on time: date of completion on or before the target date (003 L778).

with

actions as (

    select * from {{ ref('int_actions__snapshotted') }}
    where is_latest_snapshot

),

csps as (

    select * from {{ ref('csps') }}

),

action_statuses as (

    select * from {{ ref('code_lists') }}
    where code_list = 'action_status'

),

recommendations as (

    select * from {{ ref('int_recommendations__snapshotted') }}
    where is_latest_snapshot

),

with_labels as (

    select
        actions.*,
        csps.force_area_code,
        -- a plan that gives no status (001 Appendix Five has no status column) still counts its actions
        coalesce(action_statuses.label, 'Status not given') as status_label,
        coalesce(action_statuses.sort_order, 99) as status_sort_order,
        recommendations.recommendation_id,
        recommendations.addressee_type,
        recommendations.is_national as is_national_recommendation,
        {{ reporting_date() }} as reporting_date,
    from actions
    left join csps
        on actions.csp_code = csps.csp_code
    left join action_statuses
        on actions.status = action_statuses.code
    left join recommendations
        on actions.file_sha256 = recommendations.file_sha256
        and actions.recommendation_number = recommendations.recommendation_number

),

compute_overdue as (

    select
        *,
        coalesce(status = 'complete', false) as is_complete,
        coalesce(target_date < reporting_date and status is distinct from 'complete', false) as is_overdue,
        case
            when status is distinct from 'complete' then 'not_complete'
            when completion_date is null then 'no_completion_date'
            when target_date is null then 'no_target_date'
            when completion_date <= target_date then 'on_time'
            else 'late'
        end as completion_timeliness,
    from with_labels

),

final as (

    select
        ----------  ids
        action_id,
        recommendation_id,
        dhr_id,
        csp_code,
        force_area_code,

        ----------  text
        recommendation_number,
        action_number,
        recommendation,
        recommendation_level,
        addressee,
        action,
        lead_agency,
        outcome,
        responsible_lead,
        milestones,
        status,
        status_label,
        status_sort_order,
        status_text,
        status_source,
        progress,
        outcome_achieved,
        implementation_status,
        addressee_type,
        completion_timeliness,

        ----------  booleans
        is_complete,
        is_overdue,
        case completion_timeliness
            when 'on_time' then true
            when 'late' then false
        end as is_completed_on_time,
        outcome_achieved = 'yes' as is_outcome_achieved,
        coalesce(is_national_recommendation, false) as is_national_recommendation,
        coalesce(has_privacy_finding, false) as has_privacy_finding,

        ----------  numerics
        case when is_overdue then cast(reporting_date - target_date as integer) end as days_overdue,
        case when completion_timeliness = 'late' then cast(completion_date - target_date as integer) end as days_late,

        ----------  dates
        target_date,
        completion_date,
        recommendation_completion_date,
        snapshot_as_at_date,
        reporting_date,

    from compute_overdue

)

-- Stored in force-area and CSP order: the PCC and CSP pages read one force area or CSP at a time,
-- and DuckDB skips row groups outside it (at 20,000 DHRs the CSP board's action-plan query went
-- from 97 ms to 71 ms, bench/README.md).
select * from final
order by force_area_code, csp_code, dhr_id, action_id
