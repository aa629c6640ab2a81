-- Every action in every action-plan snapshot: how each action's status moved quarter by quarter
-- (003 L712). Superseded files (same as_at_date, received earlier) are left out. "Status over
-- time" is a query on this table: group by snapshot_quarter and status. Overdue is judged at the
-- snapshot's own as_at_date (target date before it and not COMPLETE), not at the reporting date,
-- so a quarter's figure does not change when later quarters arrive.

with

actions as (

    select * from {{ ref('int_actions__snapshotted') }}

),

recommendations as (

    select * from {{ ref('int_recommendations__snapshotted') }}

),

csps as (

    select * from {{ ref('csps') }}

),

action_statuses as (

    select * from {{ ref('code_lists') }}
    where code_list = 'action_status'

),

joined as (

    select
        actions.*,
        csps.force_area_code,
        -- a plan that gives no status (001 Appendix Five has no status column) still counts its actions
        coalesce(action_statuses.label, 'Status not given') as status_label,
        coalesce(action_statuses.sort_order, 99) as status_sort_order,
        recommendations.recommendation_id,
        recommendations.is_national as is_national_recommendation,
        cast(date_trunc('quarter', actions.snapshot_as_at_date) as date) as snapshot_quarter_start,
        coalesce(actions.target_date < actions.snapshot_as_at_date and actions.status is distinct from 'complete', false)
            as is_overdue_at_snapshot,
    from actions
    left join csps
        on actions.csp_code = csps.csp_code
    left join action_statuses
        on actions.status = action_statuses.code
    left join recommendations
        on actions.file_sha256 = recommendations.file_sha256
        and actions.recommendation_number = recommendations.recommendation_number

),

final as (

    select
        ----------  ids
        action_snapshot_id,
        action_id,
        recommendation_id,
        dhr_id,
        csp_code,
        force_area_code,
        file_sha256,

        ----------  text
        recommendation_number,
        action_number,
        recommendation_level,
        status,
        status_label,
        lead_agency,
        outcome_achieved,
        year(snapshot_as_at_date) || '-Q' || quarter(snapshot_as_at_date) as snapshot_quarter,

        ----------  numerics
        status_sort_order,
        case
            when is_overdue_at_snapshot then cast(snapshot_as_at_date - target_date as integer)
        end as days_overdue_at_snapshot,

        ----------  booleans
        coalesce(status = 'complete', false) as is_complete,
        is_overdue_at_snapshot,
        coalesce(is_national_recommendation, false) as is_national_recommendation,
        is_latest_snapshot,

        ----------  dates
        snapshot_as_at_date,
        snapshot_quarter_start,
        cast(snapshot_quarter_start + interval 3 month - interval 1 day as date) as snapshot_quarter_end,
        target_date,
        completion_date,

    from joined

)

select * from final
