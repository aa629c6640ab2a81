-- Every action in every action-plan snapshot: how each action's status moved quarter by quarter
-- (003 L712). Superseded files (same as_at_date, received earlier) are left out.

with

actions as (

    select * from {{ ref('int_actions__snapshotted') }}

),

csps as (

    select * from {{ ref('csps') }}

),

action_statuses as (

    select * from {{ ref('code_lists') }}
    where code_list = 'action_status'

),

final as (

    select
        ----------  ids
        actions.action_snapshot_id,
        actions.action_id,
        actions.dhr_id,
        actions.csp_code,
        csps.force_area_code,
        actions.file_sha256,

        ----------  text
        actions.recommendation_number,
        actions.action_number,
        actions.status,
        action_statuses.label as status_label,
        actions.lead_agency,

        ----------  booleans
        coalesce(actions.status = 'complete', false) as is_complete,
        actions.is_latest_snapshot,

        ----------  dates
        actions.snapshot_as_at_date,
        actions.target_date,
        actions.completion_date,

    from actions
    left join csps
        on actions.csp_code = csps.csp_code
    left join action_statuses
        on actions.status = action_statuses.code

)

select * from final
