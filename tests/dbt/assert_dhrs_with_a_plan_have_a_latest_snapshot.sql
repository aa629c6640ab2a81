-- Every DHR with an action plan has exactly one latest snapshot, and its actions in fct_actions
-- come from that snapshot (docs/design.md section 4). Returns the DHRs that break this.

with

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

actions as (

    select * from {{ ref('fct_actions') }}

),

action_snapshot_dates as (

    select
        dhr_id,
        min(snapshot_as_at_date) as earliest_as_at,
        max(snapshot_as_at_date) as latest_as_at,
    from actions
    group by dhr_id

),

final as (

    select
        dhrs.dhr_id,
        dhrs.has_action_plan,
        dhrs.latest_action_plan_as_at,
        action_snapshot_dates.earliest_as_at,
        action_snapshot_dates.latest_as_at,
    from dhrs
    left join action_snapshot_dates
        on dhrs.dhr_id = action_snapshot_dates.dhr_id
    where (dhrs.has_action_plan and dhrs.latest_action_plan_as_at is null)
        or (not dhrs.has_action_plan and action_snapshot_dates.dhr_id is not null)
        or action_snapshot_dates.earliest_as_at is distinct from action_snapshot_dates.latest_as_at
        or (
            action_snapshot_dates.dhr_id is not null
            and action_snapshot_dates.latest_as_at is distinct from dhrs.latest_action_plan_as_at
        )

)

select * from final
