-- The actions of each DHR's latest action-plan snapshot, with whether each is overdue at the
-- reporting date: target date before the reporting date and status not COMPLETE
-- (docs/design.md section 4; status key 004 L4628-4638).

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

with_labels as (

    select
        actions.*,
        csps.force_area_code,
        action_statuses.label as status_label,
        action_statuses.sort_order as status_sort_order,
        {{ reporting_date() }} as reporting_date,
    from actions
    left join csps
        on actions.csp_code = csps.csp_code
    left join action_statuses
        on actions.status = action_statuses.code

),

compute_overdue as (

    select
        *,
        coalesce(status = 'complete', false) as is_complete,
        coalesce(target_date < reporting_date and status is distinct from 'complete', false) as is_overdue,
    from with_labels

),

final as (

    select
        ----------  ids
        action_id,
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
        progress,
        outcome_achieved,
        implementation_status,

        ----------  booleans
        is_complete,
        is_overdue,

        ----------  numerics
        case when is_overdue then cast(reporting_date - target_date as integer) end as days_overdue,

        ----------  dates
        target_date,
        completion_date,
        snapshot_as_at_date,
        reporting_date,

    from compute_overdue

)

select * from final
