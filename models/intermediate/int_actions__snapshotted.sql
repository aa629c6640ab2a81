-- Every action of every action-plan snapshot, with the snapshot's date and whether it is the
-- DHR's latest snapshot. Actions of superseded files (a later file with the same as_at_date
-- was received) are left out, so an action appears once per snapshot date.

with

actions as (

    select * from {{ ref('stg_dhr_forms__action_plan_actions') }}

),

snapshots as (

    select * from {{ ref('int_action_plan_snapshots__ranked') }}

),

joined as (

    select
        actions.*,
        snapshots.as_at_date as snapshot_as_at_date,
        snapshots.is_latest_snapshot,
    from actions
    inner join snapshots
        on actions.file_sha256 = snapshots.file_sha256
    where not snapshots.is_superseded

),

final as (

    select
        action_id || '@' || coalesce(strftime(snapshot_as_at_date, '%Y-%m-%d'), 'undated') as action_snapshot_id,
        *,
    from joined

)

select * from final
